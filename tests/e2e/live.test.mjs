// Live queries over WebSocket (CONTRACT §7): authentication, isolation, filters, ordering, the
// snapshot/change boundary, resume with from_seq, unsubscribe, KILL, slow consumers, limits and
// hostile frames — against the real server with a real WebSocket client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sql, basic, login, flushAndWait, expectOk } from './helpers.mjs';
import { openWs } from './ws_client.mjs';

let server;
const auth = {};

const ok = (text, opts) => expectOk(server, text, opts);

/** A connection authenticated in-band as `user`. */
async function connect(user = 'root', password = '') {
  const c = await openWs(server);
  await c.authenticate({ username: user, password });
  return c;
}

const seqOf = (f) => BigInt(f.seq);

before(async () => {
  server = await startServer({
    env: { KALAMDB_MAX_WS_SUBSCRIPTIONS: '6', KALAMDB_WS_AUTH_TIMEOUT_SECONDS: '1', KALAMDB_WS_MAX_QUEUED_FRAMES: '64',
           KALAMDB_WS_MAX_QUEUED_BYTES: '2097152',
           KALAMDB_WS_MAX_MESSAGE_BYTES: '65536' },
  });
  await ok(`CREATE NAMESPACE app;
    CREATE USER u1 WITH PASSWORD 'user-pass-1';
    CREATE USER u2 WITH PASSWORD 'user-pass-2';
    CREATE USER svc WITH PASSWORD 'service-pass' ROLE service;
    CREATE USER TABLE app.notes (id BIGINT PRIMARY KEY, body TEXT, tag TEXT);
    CREATE STREAM TABLE app.events (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), kind TEXT) WITH (TTL_SECONDS=3600);
    CREATE SHARED TABLE app.feed (id BIGINT PRIMARY KEY, room TEXT, body TEXT, score DOUBLE) WITH (ACCESS_LEVEL='public');
    CREATE SHARED TABLE app.secret (id BIGINT PRIMARY KEY, v TEXT)`);
  auth.u1 = basic('u1', 'user-pass-1');
  auth.u2 = basic('u2', 'user-pass-2');
  auth.svc = basic('svc', 'service-pass');
});
after(async () => { await server.stop(); server.cleanup(); });

test('authentication: in-band password and token, the upgrade header, failures and the deadline', async () => {
  const a = await openWs(server);
  const okFrame = await a.authenticate({ username: 'u1', password: 'user-pass-1' });
  assert.deepEqual(okFrame, { type: 'auth_success', username: 'u1', role: 'user' });
  a.send({ type: 'ping' });
  assert.equal((await a.next((f) => f.type === 'pong')).type, 'pong');
  a.close();

  const token = (await login(server, 'u2', 'user-pass-2')).body.access_token;
  const b = await openWs(server);
  assert.equal((await b.authenticate({ token })).username, 'u2');
  b.close();

  // Header authentication also answers auth_success.
  const c = await openWs(server, { headers: { authorization: `Bearer ${token}` } });
  const f = await c.next((x) => x.type === 'auth_success');
  assert.equal(f.username, 'u2');
  c.close();

  // Anything but authenticate/ping before authenticating is refused.
  const d = await openWs(server);
  d.send({ type: 'subscribe', id: 's', sql: 'SELECT * FROM app.feed' });
  const refused = await d.next((x) => x.type === 'error');
  assert.equal(refused.code, 'MISSING_AUTHORIZATION');
  // A wrong password is an error and the end of the connection.
  d.send({ type: 'authenticate', username: 'u1', password: 'wrong-password' });
  const bad = await d.next((x) => x.type === 'error');
  assert.equal(bad.code, 'INVALID_CREDENTIALS');
  assert.ok((await d.closed).code >= 1000);

  // Silence past the deadline ([websocket] auth_timeout_seconds = 1 here) closes the connection.
  const e = await openWs(server);
  const late = await e.next((x) => x.type === 'error', { timeoutMs: 5000 });
  assert.equal(late.code, 'MISSING_AUTHORIZATION');
  const closed = await e.closed;
  assert.match(closed.reason, /timeout/);
});

test('isolation: a user never receives another user\'s rows (USER, STREAM) nor a SHARED table it may not read', async () => {
  const c1 = await connect('u1', 'user-pass-1');
  const c2 = await connect('u2', 'user-pass-2');
  const n1 = await c1.subscribe('n', 'SELECT * FROM app.notes');
  const n2 = await c2.subscribe('n', 'SELECT * FROM app.notes');
  const e1 = await c1.subscribe('e', 'SELECT * FROM app.events');
  const e2 = await c2.subscribe('e', 'SELECT * FROM app.events');
  for (const s of [n1, n2, e1, e2]) assert.ok(s.ack, JSON.stringify(s));
  await ok("INSERT INTO app.notes VALUES (1, 'mine', 't')", { auth: auth.u1 });
  await ok("INSERT INTO app.events (kind) VALUES ('click')", { auth: auth.u1 });
  await ok("INSERT INTO app.notes VALUES (1, 'theirs', 't')", { auth: auth.u2 });
  const [got1] = await c1.take('n', 1);
  assert.deepEqual(got1.rows[0].slice(0, 3), ['1', 'mine', 't']);
  const [got2] = await c2.take('n', 1);
  assert.deepEqual(got2.rows[0].slice(0, 3), ['1', 'theirs', 't']);
  const [ev] = await c1.take('e', 1);
  assert.equal(ev.rows[0][1], 'click');
  assert.ok(await c2.quiet('e'));
  assert.ok(await c1.quiet('n'));
  // A private SHARED table: a user may not subscribe; a service may.
  const denied = await c1.subscribe('s', 'SELECT * FROM app.secret');
  assert.equal(denied.error.code, 'PERMISSION_DENIED');
  const svc = await connect('svc', 'service-pass');
  assert.ok((await svc.subscribe('s', 'SELECT * FROM app.secret')).ack);
  await ok("INSERT INTO app.secret VALUES (1, 'x')", { auth: auth.svc });
  assert.equal((await svc.take('s', 1))[0].change_type, 'insert');
  assert.ok(await c1.quiet('s'));
  for (const c of [c1, c2, svc]) c.close();
});

test('filters: comparisons, IN, BETWEEN, LIKE, IS NULL, NOT; rows that start or stop matching; unsupported SQL', async () => {
  const c = await connect();
  const sub = await c.subscribe('f', "SELECT id, body FROM app.feed WHERE room IN ('a', 'b') AND body LIKE 'h%' AND NOT (score < 0) AND score IS NOT NULL");
  assert.deepEqual(sub.ack.schema.map((s) => s.name), ['id', 'body', '_seq']);
  await ok(`INSERT INTO app.feed VALUES (10, 'a', 'hello', 1), (11, 'c', 'hello', 1), (12, 'b', 'nope', 1),
                                          (13, 'b', 'hi', -1), (14, 'a', 'hey', NULL)`);
  const [ins] = await c.take('f', 1);
  assert.deepEqual([ins.change_type, ins.rows[0].slice(0, 2)], ['insert', ['10', 'hello']]);
  await ok("UPDATE app.feed SET room = 'b' WHERE id = 11");          // starts matching → insert
  await ok("UPDATE app.feed SET body = 'howdy' WHERE id = 10");      // still matches → update
  await ok("UPDATE app.feed SET score = -5 WHERE id = 10");          // stops matching → delete
  await ok("UPDATE app.feed SET body = 'nah' WHERE id = 12");        // never matched → nothing
  const [a, b, d] = await c.take('f', 3);
  assert.deepEqual([a.change_type, a.rows[0][0]], ['insert', '11']);
  assert.deepEqual([b.change_type, b.rows[0][1], b.old_rows[0][1]], ['update', 'howdy', 'hello']);
  assert.deepEqual([d.change_type, d.old_rows[0][0], d.rows], ['delete', '10', undefined]);
  assert.ok(await c.quiet('f'));
  // The initial data is the same SELECT.
  const again = await c.subscribe('g', "SELECT id FROM app.feed WHERE room IN ('a', 'b') AND body LIKE 'h%' AND NOT (score < 0) AND score IS NOT NULL");
  assert.deepEqual(again.rows.map((r) => r[0]), ['11']);
  // BETWEEN, in the initial data and in the changes.
  const range = await c.subscribe('r', 'SELECT id FROM app.feed WHERE score BETWEEN 0 AND 2');
  assert.deepEqual(range.rows.map((r) => r[0]).sort(), ['11', '12']);
  await ok("INSERT INTO app.feed VALUES (15, 'a', 'x', 3), (16, 'a', 'x', 2)");
  const [inRange] = await c.take('r', 1);
  assert.deepEqual([inRange.change_type, inRange.rows.map((r) => r[0])], ['insert', ['16']]);
  for (const bad of ['SELECT count(*) FROM app.feed', 'SELECT * FROM app.feed f JOIN app.secret s ON f.id = s.id',
                     'SELECT * FROM app.feed ORDER BY id', 'SELECT * FROM app.feed WHERE lower(body) = \'x\'',
                     'SELECT * FROM app.feed GROUP BY id']) {
    const r = await c.subscribe(`x${bad.length}`, bad);
    assert.equal(r.error?.code, 'FEATURE_NOT_SUPPORTED', bad);
  }
  const unknownColumn = await c.subscribe('y', 'SELECT nope FROM app.feed');
  assert.equal(unknownColumn.error.code, 'COLUMN_NOT_FOUND');
  const unknownTable = await c.subscribe('z', 'SELECT * FROM app.nope');
  assert.equal(unknownTable.error.code, 'TABLE_NOT_FOUND');
  c.close();
});

test('filters on a JSON field\'s text (->>): the initial data and the changes agree', async () => {
  await ok(`CREATE SHARED TABLE app.mem (id BIGINT PRIMARY KEY, meta JSON) WITH (ACCESS_LEVEL='public');
    INSERT INTO app.mem VALUES (1, '{"kind":"fact","tags":["x","urgent"]}'), (2, '{"kind":"chat","tags":["urgent"]}'),
      (3, '{"kind":"fact","tags":["y"]}'), (4, NULL)`);
  const c = await connect();
  // An AND of two JSON fields (DuckDB alone would read `(… AND meta) ->> …`) and an index from the end.
  const where = "meta->>'kind' = 'fact' AND meta->'tags'->>-1 = 'urgent'";
  const sub = await c.subscribe('j', `SELECT id FROM app.mem WHERE ${where}`);
  assert.deepEqual(sub.rows.map((r) => r[0]), ['1']);
  await ok(`INSERT INTO app.mem VALUES (5, '{"kind":"fact","tags":["urgent"]}'), (6, '{"kind":"fact"}')`);
  await ok(`UPDATE app.mem SET meta = '{"kind":"note","tags":["urgent"]}' WHERE id = 1`);  // stops matching
  const [ins, del] = await c.take('j', 2);
  assert.deepEqual([ins.change_type, ins.rows.map((r) => r[0])], ['insert', ['5']]);
  assert.deepEqual([del.change_type, del.old_rows[0][0]], ['delete', '1']);
  // The same filter in a SELECT gives what the subscription now holds.
  const [now] = await ok(`SELECT id FROM app.mem WHERE ${where} ORDER BY id`);
  assert.deepEqual(now.rows, [['5']]);
  const bad = await c.subscribe('k', "SELECT id FROM app.mem WHERE meta->>'kind' = 1");
  assert.equal(bad.error?.code, 'DATATYPE_MISMATCH');
  // jsonb containment and key tests, as the SELECT answers them.
  const json = `meta @> '{"tags":["urgent"]}' AND NOT meta ? 'done'`;
  const sub2 = await c.subscribe('c', `SELECT id FROM app.mem WHERE ${json}`);
  assert.deepEqual(sub2.rows.map((r) => r[0]).sort(), ['1', '2', '5']);
  await ok(`INSERT INTO app.mem VALUES (7, '{"tags":["urgent","z"]}'), (8, '{"tags":["z"]}')`);
  await ok(`UPDATE app.mem SET meta = '{"tags":["urgent"],"done":true}' WHERE id = 2`);  // stops matching
  const [ins2, del2] = await c.take('c', 2);
  assert.deepEqual([ins2.change_type, ins2.rows.map((r) => r[0])], ['insert', ['7']]);
  assert.deepEqual([del2.change_type, del2.old_rows[0][0]], ['delete', '2']);
  const [now2] = await ok(`SELECT id FROM app.mem WHERE ${json} ORDER BY id`);
  assert.deepEqual(now2.rows, [['1'], ['5'], ['7']]);
  const badJson = await c.subscribe('d', "SELECT id FROM app.mem WHERE meta @> 'nope'");
  assert.equal(badJson.error?.code, 'INVALID_TEXT_REPRESENTATION');
  c.close();
});

test('ordering: 4 concurrent writers, every change once, in commit (seq) order', async () => {
  await ok('CREATE SHARED TABLE app.ord (id BIGINT PRIMARY KEY, w INT) WITH (ACCESS_LEVEL=\'public\')');
  const c = await connect();
  await c.subscribe('o', 'SELECT * FROM app.ord');
  await Promise.all([0, 1, 2, 3].map(async (w) => {
    for (let i = 0; i < 40; i++) await ok(`INSERT INTO app.ord VALUES (${w * 1000 + i}, ${w})`);
  }));
  const frames = await c.takeChanges('o', 160);
  const ids = new Set(frames.map((f) => f.rows[0][0]));
  assert.equal(ids.size, 160);
  for (let i = 1; i < frames.length; i++) assert.ok(seqOf(frames[i]) > seqOf(frames[i - 1]));
  // Per writer, its own inserts arrive in the order it made them.
  for (let w = 0; w < 4; w++) {
    const mine = frames.filter((f) => f.rows[0][1] === w).map((f) => Number(f.rows[0][0]));
    assert.deepEqual(mine, [...mine].sort((x, y) => x - y));
  }
  assert.ok(await c.quiet('o'));
  c.close();
});

test('one statement\'s rows arrive together: one change frame per run of a kind, at most batch_size rows', async () => {
  await ok("CREATE SHARED TABLE app.runs (id BIGINT PRIMARY KEY, v TEXT) WITH (ACCESS_LEVEL='public')");
  const c = await connect();
  await c.subscribe('all', 'SELECT * FROM app.runs');
  await c.subscribe('two', 'SELECT id FROM app.runs', { batch_size: 2 });
  await ok("INSERT INTO app.runs VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')");
  const [ins] = await c.take('all', 1);
  assert.equal(ins.change_type, 'insert');
  assert.deepEqual(ins.rows.map((r) => r.slice(0, 2)), [['1', 'a'], ['2', 'b'], ['3', 'c'], ['4', 'd'], ['5', 'e']]);
  assert.equal(ins.old_rows, undefined);
  // Each row carries its own _seq, increasing; the frame's seq is the newest.
  const seqs = ins.rows.map((r) => BigInt(r[2]));
  for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i] > seqs[i - 1]);
  assert.equal(BigInt(ins.seq), seqs[4]);
  const small = await c.take('two', 3);
  assert.deepEqual(small.map((f) => f.rows.map((r) => r[0])), [['1', '2'], ['3', '4'], ['5']]);
  assert.deepEqual(small.map((f) => f.seq), [small[0].rows[1][1], small[1].rows[1][1], ins.seq]);
  // A client that got only the first frame resumes from the middle of the statement (the change
  // log keeps one statement's rows in one entry): exactly the rows after its seq follow.
  const mid = await connect();
  const rest = await mid.subscribe('rest', 'SELECT id FROM app.runs', { from_seq: small[0].seq });
  assert.equal(rest.error, undefined);
  assert.deepEqual(rest.changes.flatMap((f) => f.rows.map((r) => r[0])), ['3', '4', '5']);
  assert.equal(rest.ready.seq, ins.seq);
  mid.close();
  // An UPDATE of every row: one frame, rows and old_rows paired by position.
  await ok("UPDATE app.runs SET v = upper(v) WHERE id <= 3");
  const [upd] = await c.take('all', 1);
  assert.equal(upd.change_type, 'update');
  assert.deepEqual(upd.rows.map((r) => r[0]).sort(), ['1', '2', '3']);
  for (let i = 0; i < 3; i++) {
    assert.equal(upd.rows[i][0], upd.old_rows[i][0]);
    assert.equal(upd.rows[i][1], upd.old_rows[i][1].toUpperCase());
  }
  // A subscription whose filter a change leaves (delete) or enters (insert) gets each kind in order.
  const f = await connect();
  const lower = await f.subscribe('lower', "SELECT id, v FROM app.runs WHERE v >= 'a'");
  assert.deepEqual(lower.rows.map((r) => r[0]), ['4', '5']);
  await ok("UPDATE app.runs SET v = CASE WHEN id <= 3 THEN lower(v) ELSE upper(v) END");
  const frames = await f.take('lower', 2);
  const kinds = frames.map((x) => x.change_type);
  assert.deepEqual([...kinds].sort(), ['delete', 'insert']);
  assert.ok(BigInt(frames[1].seq) > BigInt(frames[0].seq));
  assert.deepEqual(frames.find((x) => x.change_type === 'insert').rows.map((r) => r[0]).sort(), ['1', '2', '3']);
  assert.deepEqual(frames.find((x) => x.change_type === 'delete').old_rows.map((r) => r[0]).sort(), ['4', '5']);
  // system.live_queries counts changes, not frames.
  const sent = (await ok("SELECT changes_sent FROM system.live_queries WHERE query = 'SELECT id FROM app.runs'"))[0].rows;
  assert.deepEqual(sent, [['13']]);  // 5 inserted, 3 then 5 updated
  c.close();
  f.close();
});

test('snapshot/change boundary: writes during subscribe are neither lost nor duplicated', async () => {
  await ok('CREATE SHARED TABLE app.boundary (id BIGINT PRIMARY KEY) WITH (ACCESS_LEVEL=\'public\')');
  let next = 0;
  let stop = false;
  const writers = [0, 1, 2].map(async () => {
    while (!stop) {
      const id = next++;
      await ok(`INSERT INTO app.boundary VALUES (${id})`);
    }
  });
  await new Promise((r) => setTimeout(r, 150));
  const c = await connect();
  const sub = await c.subscribe('b', 'SELECT * FROM app.boundary', { batch_size: 7 });
  await new Promise((r) => setTimeout(r, 300));
  stop = true;
  await Promise.all(writers);
  const total = (await ok('SELECT count(*) AS n FROM app.boundary'))[0].rows[0][0];
  const ready = BigInt(sub.ready.seq);
  for (const r of sub.rows) assert.ok(BigInt(r[1]) <= ready, 'initial rows are at or before the ready seq');
  const seen = sub.rows.map((r) => r[0]);
  const expectChanges = Number(total) - seen.length;
  const changes = [...sub.changes, ...(await c.takeChanges('b', expectChanges - sub.changes.length))];
  for (const f of changes) {
    assert.ok(seqOf(f) > ready, 'changes come after the ready seq');
    seen.push(f.rows[0][0]);
  }
  assert.equal(new Set(seen).size, seen.length, 'no row twice');
  assert.equal(seen.length, Number(total), 'no row missing');
  assert.ok(sub.rows.length > 0 && changes.length > 0, `both sides non-empty (${sub.rows.length}/${changes.length})`);
  assert.ok(await c.quiet('b'));
  c.close();
});

test('last_rows and batch_size: the newest N rows in batches, oldest first', async () => {
  await ok('CREATE SHARED TABLE app.hist (id BIGINT PRIMARY KEY) WITH (ACCESS_LEVEL=\'public\')');
  for (let i = 1; i <= 25; i++) await ok(`INSERT INTO app.hist VALUES (${i})`);
  const c = await connect();
  c.send({ type: 'subscribe', id: 'h', sql: 'SELECT id FROM app.hist', options: { last_rows: 10, batch_size: 4 } });
  const frames = await c.take('h', 5);
  assert.deepEqual(frames.map((f) => f.type), ['subscription_ack', 'initial_data_batch', 'initial_data_batch', 'initial_data_batch', 'ready']);
  assert.deepEqual(frames.slice(1, 4).map((f) => f.has_more), [true, true, false]);
  assert.deepEqual(frames.slice(1, 4).flatMap((f) => f.rows.map((r) => Number(r[0]))), [16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
  c.close();
});

test('resume with from_seq: every insert, update and delete missed while away, then live again', async () => {
  await ok("CREATE SHARED TABLE app.chat (id BIGINT PRIMARY KEY, body TEXT) WITH (ACCESS_LEVEL='public')");
  await ok("INSERT INTO app.chat VALUES (1, 'one'), (2, 'two')");
  const c = await connect();
  const first = await c.subscribe('c', 'SELECT * FROM app.chat');
  assert.equal(first.rows.length, 2);
  await ok("INSERT INTO app.chat VALUES (3, 'three')");
  const [live] = await c.take('c', 1);
  c.close();
  await c.closed;
  // While away: an insert, an update (twice), a delete.
  await ok("INSERT INTO app.chat VALUES (4, 'four'); UPDATE app.chat SET body = 'ONE' WHERE id = 1; UPDATE app.chat SET body = 'One' WHERE id = 1; DELETE FROM app.chat WHERE id = 2");
  const d = await connect();
  const resumed = await d.subscribe('c', 'SELECT * FROM app.chat', { from_seq: live.seq });
  assert.equal(resumed.rows.length, 0, 'no initial data on resume');
  assert.deepEqual(resumed.changes.map((f) => f.change_type), ['insert', 'update', 'update', 'delete']);
  // The replay groups consecutive changes of one kind, as live delivery does: the two updates
  // (separate statements) travel in one frame whose seq is the second's.
  assert.deepEqual(resumed.changeFrames.map((f) => [f.change_type, f.rows?.length ?? 0, f.old_rows?.length ?? 0]),
    [['insert', 1, 0], ['update', 2, 2], ['delete', 0, 1]]);
  assert.equal(resumed.changeFrames[1].seq, resumed.changes[2].seq);
  assert.deepEqual(resumed.changes[2].old_rows[0].slice(0, 2), ['1', 'ONE']);
  assert.deepEqual(resumed.changes[3].old_rows[0].slice(0, 2), ['2', 'two']);
  assert.equal(resumed.ready.seq, resumed.changes[3].seq);
  await ok("INSERT INTO app.chat VALUES (5, 'five')");
  const [after] = await d.take('c', 1);
  assert.equal(after.rows[0][0], '5');
  // The change log of a table starts at its first subscription: the two inserts made before it
  // were never logged, so a seq older than that is refused rather than answered with a gap...
  const early = await d.subscribe('early', 'SELECT * FROM app.chat', { from_seq: '1' });
  assert.equal(early.error.code, 'INVALID_PARAMETER');
  assert.match(early.error.message, /older than the change log keeps .*first subscription/);
  // ...while every change since then is there.
  const all = await d.subscribe('all', 'SELECT * FROM app.chat', { from_seq: first.ready.seq });
  assert.equal(all.error, undefined);
  assert.equal(all.changes.length, 6, '3, the four while away, and 5');
  d.close();
});

test('a table subscribed before its first row resumes from any seq; an unsubscribed table logs nothing', async () => {
  await ok("CREATE SHARED TABLE app.fresh (id BIGINT PRIMARY KEY, v TEXT) WITH (ACCESS_LEVEL='public')");
  await ok("CREATE SHARED TABLE app.quiet (id BIGINT PRIMARY KEY, v TEXT) WITH (ACCESS_LEVEL='public')");
  const c = await connect();
  const first = await c.subscribe('f', 'SELECT * FROM app.fresh');
  assert.equal(first.rows.length, 0);
  await ok("INSERT INTO app.fresh VALUES (1, 'a'), (2, 'b'); INSERT INTO app.quiet VALUES (1, 'q'); UPDATE app.fresh SET v = 'B' WHERE id = 2");
  await c.take('f', 2);
  c.close();
  await c.closed;
  // The table held no row when it was first subscribed: its whole history is in the log.
  const d = await connect();
  const all = await d.subscribe('all', 'SELECT * FROM app.fresh', { from_seq: '1' });
  assert.equal(all.error, undefined);
  assert.deepEqual(all.changes.map((f) => f.change_type), ['insert', 'insert', 'update']);
  // app.quiet was never subscribed, so its insert was not logged: its first subscription sees the
  // row in its initial data, and a resume from before that subscription is refused.
  const q = await d.subscribe('q', 'SELECT * FROM app.quiet');
  assert.deepEqual(q.rows.map((r) => r.slice(0, 2)), [['1', 'q']]);
  const before = await d.subscribe('qb', 'SELECT * FROM app.quiet', { from_seq: '1' });
  assert.equal(before.error.code, 'INVALID_PARAMETER');
  const since = await d.subscribe('qs', 'SELECT * FROM app.quiet', { from_seq: q.ready.seq });
  assert.deepEqual(since.changes, []);
  // Dropping a table forgets its log: the same name made again starts unwatched.
  await ok('DROP TABLE app.quiet');
  await ok("CREATE SHARED TABLE app.quiet (id BIGINT PRIMARY KEY, v TEXT) WITH (ACCESS_LEVEL='public'); INSERT INTO app.quiet VALUES (7, 'x')");
  const again = await d.subscribe('qa', 'SELECT * FROM app.quiet', { from_seq: q.ready.seq });
  assert.equal(again.error.code, 'INVALID_PARAMETER');
  d.close();
});

test('a USER table logs only the users who subscribed, even when they share a shard', async () => {
  // One user shard: both users' rows live in the same column family, under one writer.
  const own = await startServer({ env: { KALAMDB_USER_SHARDS: '1' } });
  try {
    await expectOk(own, `CREATE NAMESPACE app; CREATE USER u1 WITH PASSWORD 'user-pass-1';
      CREATE USER u2 WITH PASSWORD 'user-pass-2'; CREATE USER TABLE app.msgs (id BIGINT PRIMARY KEY, v TEXT)`);
    const a1 = basic('u1', 'user-pass-1');
    const a2 = basic('u2', 'user-pass-2');
    await expectOk(own, "INSERT INTO app.msgs VALUES (1, 'u2 before')", { auth: a2 });
    const c = await openWs(own);
    await c.authenticate({ username: 'u1', password: 'user-pass-1' });
    const first = await c.subscribe('m', 'SELECT * FROM app.msgs');
    assert.equal(first.rows.length, 0);
    await expectOk(own, "INSERT INTO app.msgs VALUES (2, 'u2 after')", { auth: a2 });
    await expectOk(own, "INSERT INTO app.msgs VALUES (3, 'u1 row')", { auth: a1 });
    const [mine] = await c.take('m', 1);
    assert.deepEqual(mine.rows.map((r) => r[1]), ['u1 row']);
    c.close();
    await c.closed;
    // u1's partition was empty when first subscribed: all of it is logged, from any seq.
    const d = await openWs(own);
    await d.authenticate({ username: 'u1', password: 'user-pass-1' });
    const replay = await d.subscribe('r', 'SELECT * FROM app.msgs', { from_seq: '1' });
    assert.equal(replay.error, undefined);
    assert.deepEqual(replay.changes.flatMap((f) => f.rows.map((r) => r[1])), ['u1 row']);
    d.close();
    // u2 never subscribed while writing: none of u2's rows were logged (though they share u1's
    // shard), so u2's first subscription has them in its initial data and refuses an older seq.
    const e = await openWs(own);
    await e.authenticate({ username: 'u2', password: 'user-pass-2' });
    const u2 = await e.subscribe('u', 'SELECT * FROM app.msgs');
    assert.deepEqual(u2.rows.map((r) => r[1]), ['u2 before', 'u2 after']);
    const early = await e.subscribe('early', 'SELECT * FROM app.msgs', { from_seq: '1' });
    assert.equal(early.error.code, 'INVALID_PARAMETER');
    assert.match(early.error.message, /user's first/);
    await expectOk(own, "UPDATE app.msgs SET v = 'u2 changed' WHERE id = 1", { auth: a2 });
    const [u] = await e.take('u', 1);
    assert.deepEqual([u.change_type, u.rows[0][1], u.old_rows[0][1]], ['update', 'u2 changed', 'u2 before']);
    const since = await e.subscribe('since', 'SELECT * FROM app.msgs', { from_seq: u2.ready.seq });
    assert.deepEqual(since.changes.map((f) => f.change_type), ['update']);
    e.close();
  } finally {
    await own.stop();
    own.cleanup();
  }
});

test('resume past the change-log retention is a clear error; a restart keeps the resume point; held subscriptions outlive it', async () => {
  const own = await startServer({ env: { KALAMDB_CHANGE_RETENTION_SECONDS: '1' } });
  let again;
  try {
    await expectOk(own, "CREATE NAMESPACE app; CREATE SHARED TABLE app.t (id BIGINT PRIMARY KEY) WITH (ACCESS_LEVEL='public'); INSERT INTO app.t VALUES (1)");
    const c = await openWs(own);
    await c.authenticate({ username: 'root', password: '' });
    const first = await c.subscribe('t', 'SELECT * FROM app.t');
    const readySeq = first.ready.seq;
    assert.notEqual(readySeq, '0');
    c.close();
    await c.closed;

    // A restart before any new write: a new subscription is ready at the same seq, not at 0, so
    // resuming from it replays nothing that was in its initial data.
    await own.stop();
    again = await startServer({ dir: own.root, env: { KALAMDB_CHANGE_RETENTION_SECONDS: '1' } });
    const d = await openWs(again);
    await d.authenticate({ username: 'root', password: '' });
    const after = await d.subscribe('t', 'SELECT * FROM app.t');
    assert.equal(after.ready.seq, readySeq);
    assert.equal(after.rows.length, 1);
    const resumed = await d.subscribe('r', 'SELECT * FROM app.t', { from_seq: after.ready.seq });
    assert.deepEqual(resumed.changes, []);
    // A USER table subscribed all along: its watch (root's partition) is held, so it never ends.
    await expectOk(again, 'CREATE USER TABLE app.u (id BIGINT PRIMARY KEY)');
    const mine = await d.subscribe('u', 'SELECT * FROM app.u');
    assert.equal(mine.error, undefined);

    // Past the retention (1 s) the next commit trims the log: an old seq is refused, not a silent gap.
    await new Promise((r) => setTimeout(r, 2200));
    await expectOk(again, 'INSERT INTO app.t VALUES (2); INSERT INTO app.u VALUES (2)');
    await new Promise((r) => setTimeout(r, 1200));
    await expectOk(again, 'INSERT INTO app.t VALUES (3); INSERT INTO app.u VALUES (3)');
    const old = await d.subscribe('old', 'SELECT * FROM app.t', { from_seq: readySeq });
    assert.equal(old.error.code, 'INVALID_PARAMETER');
    assert.match(old.error.message, /older than the change log keeps/);
    // Watches nobody holds end after the retention; these are held, and still deliver every change
    // after more than two retentions of checks.
    await new Promise((r) => setTimeout(r, 1200));
    await expectOk(again, 'INSERT INTO app.t VALUES (4); INSERT INTO app.u VALUES (4)');
    const shared = await d.take('t', 3);
    assert.deepEqual(shared.flatMap((f) => f.rows.map((r) => Number(r[0]))), [2, 3, 4]);
    const user = await d.take('u', 3);
    assert.deepEqual(user.flatMap((f) => f.rows.map((r) => Number(r[0]))), [2, 3, 4]);
    d.close();
  } finally {
    await (again ?? own).stop();
    own.cleanup();
  }
});

test('changes of flushed rows carry their old values', async () => {
  await ok("CREATE SHARED TABLE app.cold (id BIGINT PRIMARY KEY, v TEXT) WITH (ACCESS_LEVEL='public')");
  await ok("INSERT INTO app.cold VALUES (1, 'before')");
  await flushAndWait(server, 'app.cold');
  const c = await connect();
  const sub = await c.subscribe('k', 'SELECT * FROM app.cold');
  assert.deepEqual(sub.rows.map((r) => r[1]), ['before']);
  await ok("UPDATE app.cold SET v = 'after' WHERE id = 1");
  const [u] = await c.take('k', 1);
  assert.deepEqual([u.change_type, u.rows[0][1], u.old_rows[0][1]], ['update', 'after', 'before']);
  assert.equal(u.old_rows[0][2], sub.rows[0][2], 'the old row carries the flushed version\'s _seq');
  await flushAndWait(server, 'app.cold');
  await ok('DELETE FROM app.cold WHERE id = 1');
  const [d] = await c.take('k', 1);
  assert.deepEqual([d.change_type, d.old_rows[0][1], d.old_rows[0][2]], ['delete', 'after', u.rows[0][2]]);
  c.close();
});

test('unsubscribe, KILL LIVE QUERY and system.live_queries', async () => {
  const c = await connect('u1', 'user-pass-1');
  const a = await c.subscribe('a', 'SELECT * FROM app.notes');
  const b = await c.subscribe('b', "SELECT * FROM app.feed WHERE room = 'zz'");
  c.send({ type: 'unsubscribe', id: 'a' });
  assert.equal((await c.next((f) => f.id === 'a')).type, 'unsubscribed');
  c.send({ type: 'unsubscribe', id: 'a' });
  assert.equal((await c.next((f) => f.id === 'a')).type, 'error');
  await ok("INSERT INTO app.notes VALUES (50, 'after unsubscribe', 't')", { auth: auth.u1 });
  assert.ok(await c.quiet('a'));

  const other = await connect('u2', 'user-pass-2');
  await other.subscribe('o', 'SELECT * FROM app.notes');
  // Users see their own live queries; dba and system see all.
  const mine = (await ok('SELECT live_id, username, table_name, query, changes_sent FROM system.live_queries', { auth: auth.u1 }))[0].rows;
  assert.deepEqual(mine.map((r) => r[0]), [b.ack.live_id]);
  assert.deepEqual(mine[0].slice(1, 4), ['u1', 'feed', "SELECT * FROM app.feed WHERE room = 'zz'"]);
  const all = (await ok("SELECT username FROM system.live_queries WHERE username IN ('u1', 'u2') ORDER BY username"))[0].rows;
  assert.deepEqual(all.map((r) => r[0]), ['u1', 'u2']);
  // Another user cannot kill it (and does not learn it exists); the owner can.
  const denied = await sql(server, `KILL LIVE QUERY '${b.ack.live_id}'`, { auth: auth.u2 });
  assert.equal(denied.status, 400);
  await ok(`KILL LIVE QUERY '${b.ack.live_id}'`, { auth: auth.u1 });
  const killed = await c.next((f) => f.id === 'b');
  assert.deepEqual([killed.type, killed.code, killed.sqlstate], ['error', 'QUERY_CANCELED', '57014']);
  assert.equal((await ok('SELECT count(*) FROM system.live_queries', { auth: auth.u1 }))[0].rows[0][0], '0');
  // Closing a connection ends its subscriptions.
  other.close();
  await other.closed;
  for (let i = 0; i < 50; i++) {
    const n = (await ok("SELECT count(*) FROM system.live_queries WHERE username = 'u2'"))[0].rows[0][0];
    if (n === '0') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal((await ok("SELECT count(*) FROM system.live_queries WHERE username = 'u2'"))[0].rows[0][0], '0');
  c.close();

  const how = await ok('SUBSCRIBE TO SELECT * FROM app.feed');
  assert.match(how[0].rows[0][0], /^ws:\/\/.*\/v1\/ws$/);
  assert.equal(how[0].rows[0][1], 'SELECT * FROM app.feed');
  const unsupported = await sql(server, 'SUBSCRIBE TO SELECT count(*) FROM app.feed');
  assert.equal(unsupported.body.error.code, 'FEATURE_NOT_SUPPORTED');
});

test('a slow consumer is disconnected with a reason and never delays other clients', async () => {
  await ok("CREATE SHARED TABLE app.flood (id BIGINT PRIMARY KEY, pad TEXT) WITH (ACCESS_LEVEL='public')");
  const slow = await connect();
  const fast = await connect();
  await slow.subscribe('s', 'SELECT * FROM app.flood');
  await fast.subscribe('f', 'SELECT * FROM app.flood');
  // Stops reading: the server's queue for it fills. Each INSERT is one frame of 20 rows (~400 KB),
  // so [websocket] max_queued_bytes (2 MiB here) is reached long before max_queued_frames (64).
  slow.ws._socket.pause();
  const pad = 'x'.repeat(20000);
  for (let i = 0; i < 40; i++) {
    const values = Array.from({ length: 20 }, (_, k) => `(${i * 20 + k}, '${pad}')`).join(', ');
    await ok(`INSERT INTO app.flood VALUES ${values}`);
  }
  const got = await fast.takeChanges('f', 800, { timeoutMs: 20000 });
  assert.equal(new Set(got.map((f) => f.rows[0][0])).size, 800);
  slow.ws._socket.resume();
  const closed = await slow.closed;
  assert.match(closed.reason, /too slow/);
  fast.close();
});

test('limits and hostile frames: the server answers errors and stays up', async () => {
  const c = await connect();
  const subs = [];
  for (let i = 0; i < 6; i++) subs.push(await c.subscribe(`l${i}`, 'SELECT * FROM app.feed'));
  assert.ok(subs.every((s) => s.ack));
  const over = await c.subscribe('l6', 'SELECT * FROM app.feed');
  assert.equal(over.error.code, 'PROGRAM_LIMIT_EXCEEDED');
  const dup = await c.subscribe('l0', 'SELECT * FROM app.feed');
  assert.equal(dup.error.code, 'ALREADY_EXISTS');
  for (const garbage of ['not json', '[1,2,3]', '{"type": 5}', '{"type":"nope"}', '{"type":"subscribe"}',
                         '{"type":"subscribe","id":"q","sql":"SELECT * FROM app.feed","options":{"from_seq":"abc"}}',
                         '{"type":"subscribe","id":"q","sql":"SELECT * FROM app.feed","options":{"batch_size":0}}',
                         '['.repeat(60000)]) {
    c.send(garbage);
    const e = await c.next((f) => f.type === 'error');
    assert.equal(e.code, 'INVALID_PARAMETER', garbage.slice(0, 40));
  }
  c.ws.send(Buffer.from([0, 1, 2, 255, 254]), { binary: true });
  assert.equal((await c.next((f) => f.type === 'error')).code, 'INVALID_PARAMETER');
  // A frame over [websocket] max_message_bytes (64 KiB here) closes the connection (1009).
  const big = await connect();
  big.send({ type: 'ping', pad: 'y'.repeat(100000) });
  assert.equal((await big.closed).code, 1009);
  // Plain GET /v1/ws without an upgrade is a 400, and the server still serves.
  const res = await fetch(`${server.url}/v1/ws`);
  assert.equal(res.status, 400);
  c.send({ type: 'ping' });
  assert.equal((await c.next((f) => f.type === 'pong')).type, 'pong');
  assert.equal((await fetch(`${server.url}/v1/api/healthcheck`)).status, 200);
  c.close();
});

test('DROP TABLE ends its subscriptions with TABLE_NOT_FOUND; a new table of the same name is not theirs', async () => {
  await ok("CREATE SHARED TABLE app.doomed (id BIGINT PRIMARY KEY) WITH (ACCESS_LEVEL='public'); INSERT INTO app.doomed VALUES (1)");
  const c = await connect();
  const s = await c.subscribe('d', 'SELECT * FROM app.doomed');
  assert.equal(s.rows.length, 1);
  await ok('DROP TABLE app.doomed');
  const ended = await c.next((f) => f.id === 'd');
  assert.equal(ended.type, 'error');
  assert.equal(ended.code, 'TABLE_NOT_FOUND');
  assert.equal(ended.sqlstate, '42P01');
  assert.match(ended.message, /app\.doomed.*dropped/);
  const live = await ok("SELECT count(*) FROM system.live_queries WHERE table_name = 'doomed'");
  assert.equal(live[0].rows[0][0], '0');
  await ok("CREATE SHARED TABLE app.doomed (id BIGINT PRIMARY KEY) WITH (ACCESS_LEVEL='public'); INSERT INTO app.doomed VALUES (2)");
  assert.ok(await c.quiet('d', 300), 'the ended subscription stays silent');
  c.close();
});
