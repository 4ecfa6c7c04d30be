// subscribe(), live(), isolation and reconnect-and-resume against a real server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  alice, bob, createClient, expectOk, KalamError, sleep, startProxy, startServer, startWithUsers, until,
} from './helpers.mjs';

let server;

before(async () => {
  server = await startWithUsers();
  await expectOk(server, `
    CREATE USER TABLE app.msgs (id BIGINT PRIMARY KEY, room TEXT, body TEXT);
    CREATE USER TABLE app.todo (id BIGINT PRIMARY KEY, title TEXT, done BOOLEAN);
    CREATE USER TABLE app.log (id BIGINT PRIMARY KEY, n INT);
    CREATE USER TABLE app.feed (id BIGINT PRIMARY KEY, v INT)`);
});

after(async () => {
  await server?.stop();
  server?.cleanup();
});

/**
 * Change events one per row: an event carries every row of one run of a kind (one statement's rows;
 * a resume groups consecutive changes of a kind). A row's seq is its `_seq` (the event's seq for a
 * delete that ends the event).
 */
function perRow(changes) {
  return changes.flatMap((c) => {
    const n = Math.max(c.rows.length, c.oldRows.length);
    return Array.from({ length: n }, (_, i) => ({
      ...c,
      rows: c.rows[i] ? [c.rows[i]] : [],
      oldRows: c.oldRows[i] ? [c.oldRows[i]] : [],
      seq: c.rows[i] ? String(c.rows[i]._seq) : i === n - 1 ? c.seq : undefined,
    }));
  });
}

/** Records what a subscription receives. */
function recorder() {
  const events = { rows: [], ready: [], changes: [], errors: [] };
  events.handlers = {
    onRows: (rows, info) => events.rows.push({ rows, hasMore: info.hasMore }),
    onReady: (info) => events.ready.push(info.seq),
    onChange: (c) => events.changes.push(c),
    onError: (e) => events.errors.push(e),
  };
  return events;
}

test('subscribe: initial data in batches, ready, then insert/update/delete with old rows', async () => {
  const db = await createClient({ url: server.url, auth: alice });
  try {
    for (let i = 1; i <= 5; i++) await db.query('INSERT INTO app.msgs (id, room, body) VALUES ($1, $2, $3)', [i, 'a', `m${i}`]);
    const ev = recorder();
    const sub = await db.subscribe("SELECT id, body FROM app.msgs WHERE room = 'a'", ev.handlers, { batchSize: 2 });
    assert.deepEqual(sub.columns.map((c) => c.name), ['id', 'body', '_seq']);
    assert.equal(sub.columns[0].primaryKey, true);
    assert.match(sub.liveId, /.+/);
    await until(() => ev.ready.length === 1, 'ready');
    assert.deepEqual(ev.rows.map((b) => b.hasMore), [true, true, false]);
    assert.deepEqual(ev.rows.flatMap((b) => b.rows.map((r) => r.body)).sort(), ['m1', 'm2', 'm3', 'm4', 'm5']);
    assert.equal(sub.lastSeq, ev.ready[0]);

    await db.query("INSERT INTO app.msgs (id, room, body) VALUES (6, 'a', 'm6'), (7, 'b', 'other room')");
    await db.query("UPDATE app.msgs SET body = 'edited' WHERE id = 1");
    await db.query('DELETE FROM app.msgs WHERE id = 2');
    await db.query("UPDATE app.msgs SET room = 'b' WHERE id = 3");  // stops matching: a delete
    await until(() => ev.changes.length === 4, '4 changes');
    const [ins, upd, del, gone] = ev.changes;
    assert.equal(ins.type, 'insert');
    assert.deepEqual(ins.rows.map((r) => [r.id, r.body]), [[6n, 'm6']]);
    assert.equal(upd.type, 'update');
    assert.equal(upd.rows[0].body, 'edited');
    assert.equal(upd.oldRows[0].body, 'm1');
    assert.equal(del.type, 'delete');
    assert.deepEqual(del.rows, []);
    assert.equal(del.oldRows[0].id, 2n);
    assert.equal(gone.type, 'delete');
    assert.equal(gone.oldRows[0].id, 3n);
    const seqs = ev.changes.map((c) => BigInt(c.seq));
    assert.ok(seqs.every((s, i) => i === 0 || s > seqs[i - 1]), 'seqs increase');
    assert.ok(seqs[0] > BigInt(ev.ready[0]));
    assert.equal(typeof ins.rows[0]._seq, 'bigint');
    assert.equal(sub.lastSeq, ev.changes[3].seq);

    await sub.unsubscribe();
    await db.query("INSERT INTO app.msgs (id, room, body) VALUES (8, 'a', 'after unsubscribe')");
    await sleep(200);
    assert.equal(ev.changes.length, 4);
    assert.deepEqual(ev.errors, []);
  } finally {
    await db.close();
  }
});

test('lastRows: only the newest rows as initial data', async () => {
  const db = await createClient({ url: server.url, auth: alice });
  try {
    for (let i = 1; i <= 10; i++) await db.query('INSERT INTO app.log (id, n) VALUES ($1, $1)', [i]);
    const ev = recorder();
    await db.subscribe('SELECT * FROM app.log', ev.handlers, { lastRows: 3 });
    await until(() => ev.ready.length === 1, 'ready');
    assert.deepEqual(ev.rows.flatMap((b) => b.rows.map((r) => r.n)).sort((a, b) => a - b), [8, 9, 10]);
  } finally {
    await db.close();
  }
});

test('isolation: a user never receives another user\'s rows', async () => {
  const a = await createClient({ url: server.url, auth: alice });
  const b = await createClient({ url: server.url, auth: bob });
  try {
    const evA = recorder();
    const evB = recorder();
    await a.subscribe('SELECT * FROM app.todo', evA.handlers);
    await b.subscribe('SELECT * FROM app.todo', evB.handlers);
    await until(() => evA.ready.length && evB.ready.length, 'both ready');
    await a.query("INSERT INTO app.todo (id, title, done) VALUES (1, 'alice secret', false)");
    await b.query("INSERT INTO app.todo (id, title, done) VALUES (1, 'bob secret', false)");
    await until(() => evA.changes.length === 1 && evB.changes.length === 1, 'one change each');
    await sleep(150);
    assert.deepEqual(evA.changes.map((c) => c.rows[0].title), ['alice secret']);
    assert.deepEqual(evB.changes.map((c) => c.rows[0].title), ['bob secret']);
    assert.equal(evA.rows.flatMap((x) => x.rows).length, 0);
  } finally {
    await a.close();
    await b.close();
  }
});

test('live(): the materialised row set follows inserts, updates, deletes and stop-matching', async () => {
  const db = await createClient({ url: server.url, auth: bob });
  try {
    await db.query("INSERT INTO app.todo (id, title, done) VALUES (2, 'two', false), (3, 'three', false)");
    const snapshots = [];
    await db.live('SELECT id, title FROM app.todo WHERE done = false', (rows) => snapshots.push(rows));
    await until(() => snapshots.length === 1, 'first snapshot');
    const titles = () => snapshots.at(-1).map((r) => `${r.id}:${r.title}`);
    assert.deepEqual(titles(), ['1:bob secret', '2:two', '3:three']);
    await db.query("INSERT INTO app.todo (id, title, done) VALUES (4, 'four', false)");
    await db.query("UPDATE app.todo SET title = 'TWO' WHERE id = 2");
    await db.query('DELETE FROM app.todo WHERE id = 3');
    await db.query('UPDATE app.todo SET done = true WHERE id = 1');
    await until(() => snapshots.length === 5, 'four more snapshots');
    assert.deepEqual(titles(), ['2:TWO', '4:four']);  // updated in place, 1 and 3 gone

    // The same without the primary key in the projection: rows are followed by their _seq.
    const byTitle = [];
    await db.live('SELECT title FROM app.todo WHERE done = false', (rows) => byTitle.push(rows.map((r) => r.title)));
    await until(() => byTitle.length === 1, 'snapshot');
    await db.query("UPDATE app.todo SET title = 'Two' WHERE id = 2");
    await until(() => byTitle.length === 2, 'update');
    assert.deepEqual(byTitle.at(-1).sort(), ['Two', 'four']);
  } finally {
    await db.close();
  }
});

test('unsupported SQL rejects subscribe(); KILL LIVE QUERY ends one with QUERY_CANCELED', async () => {
  const db = await createClient({ url: server.url, auth: alice });
  try {
    await assert.rejects(db.subscribe('SELECT count(*) FROM app.msgs', {}), (e) => {
      assert.ok(e instanceof KalamError);
      assert.equal(e.code, 'FEATURE_NOT_SUPPORTED');
      assert.equal(e.sqlstate, '0A000');
      return true;
    });
    await assert.rejects(db.subscribe('SELECT * FROM app.nope', {}), { code: 'TABLE_NOT_FOUND' });
    const ev = recorder();
    const sub = await db.subscribe('SELECT * FROM app.msgs', ev.handlers);
    await db.query(`KILL LIVE QUERY '${sub.liveId}'`);
    await until(() => ev.errors.length === 1, 'the kill');
    assert.equal(ev.errors[0].code, 'QUERY_CANCELED');
    assert.equal(ev.errors[0].sqlstate, '57014');
  } finally {
    await db.close();
  }
});

test('wrong credentials reject subscribe() without reconnecting in a loop', async () => {
  const db = await createClient({ url: server.url, auth: { username: 'alice', password: 'wrong-wrong' } });
  try {
    await assert.rejects(db.subscribe('SELECT * FROM app.msgs', {}), { code: 'INVALID_CREDENTIALS' });
  } finally {
    await db.close();
  }
});

test('reconnect and resume: changes made while the socket was cut arrive once, in order', async () => {
  const proxy = await startProxy(server.port);
  const writer = await createClient({ url: server.url, auth: alice });
  const db = await createClient({ url: proxy.url, auth: alice, reconnect: { initialDelayMs: 50, maxDelayMs: 200 } });
  try {
    for (let i = 1; i <= 3; i++) await writer.query('INSERT INTO app.feed (id, v) VALUES ($1, 0)', [i]);
    const ev = recorder();
    const rows = [];
    await db.subscribe('SELECT * FROM app.feed', ev.handlers);
    await db.live('SELECT id, v FROM app.feed', (r) => rows.push(r));
    await until(() => ev.ready.length === 1 && rows.length === 1, 'ready');
    await writer.query('INSERT INTO app.feed (id, v) VALUES (4, 0)');
    await until(() => ev.changes.length === 1, 'a change before the cut');

    for (let round = 0; round < 3; round++) {
      proxy.refuse(true);
      proxy.drop();  // the network fails: the socket is reset
      const base = 10 * (round + 1);
      for (let i = 0; i < 5; i++) await writer.query('INSERT INTO app.feed (id, v) VALUES ($1, $2)', [base + i, round]);
      await writer.query('UPDATE app.feed SET v = v + 100 WHERE id = 1');
      await writer.query('DELETE FROM app.feed WHERE id = $1', [base]);
      await sleep(150);  // a few reconnect attempts fail meanwhile
      proxy.refuse(false);
      await until(() => perRow(ev.changes).length === 1 + 7 * (round + 1), `round ${round}: every missed change`);
    }
    await writer.query('INSERT INTO app.feed (id, v) VALUES (99, 9)');
    await until(() => perRow(ev.changes).length === 23, 'the live change after resuming');
    await sleep(200);

    const seqs = perRow(ev.changes).map((c) => c.seq);
    assert.equal(new Set(seqs).size, seqs.length, 'no duplicate');
    assert.ok(seqs.every((s, i) => i === 0 || BigInt(s) > BigInt(seqs[i - 1])), 'in commit order');
    assert.deepEqual(perRow(ev.changes).map((c) => c.type).slice(1, 8),
      ['insert', 'insert', 'insert', 'insert', 'insert', 'update', 'delete']);
    assert.equal(ev.rows.length, 1, 'initial data once: resumed subscriptions do not resend it');
    assert.ok(proxy.accepted >= 4, 'it did reconnect');

    const expected = await writer.query('SELECT id, v FROM app.feed ORDER BY id');
    const live = rows.at(-1).map((r) => [r.id, r.v]).sort((x, y) => (x[0] < y[0] ? -1 : 1));
    assert.deepEqual(live, expected.rows.map((r) => [r.id, r.v]));
    assert.deepEqual(ev.errors, []);
  } finally {
    await db.close();
    await writer.close();
    await proxy.close();
  }
});

test('a silent connection is noticed by the heartbeat and replaced; nothing is lost', async () => {
  const proxy = await startProxy(server.port);
  const writer = await createClient({ url: server.url, auth: bob });
  const db = await createClient({ url: proxy.url, auth: bob, heartbeatMs: 150, reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
  try {
    const ev = recorder();
    await db.subscribe('SELECT * FROM app.log', ev.handlers);
    await until(() => ev.ready.length === 1, 'ready');
    proxy.stall();  // no reset, no FIN: packets just stop
    await writer.query('INSERT INTO app.log (id, n) VALUES (1, 1), (2, 2)');
    await writer.query('DELETE FROM app.log WHERE id = 1');
    await until(() => perRow(ev.changes).length === 3, 'the changes, over a new connection', 5000);
    // The two-row INSERT is one change event of two rows.
    assert.deepEqual(ev.changes.map((c) => [c.type, c.rows.length + c.oldRows.length]), [['insert', 2], ['delete', 1]]);
    assert.deepEqual(perRow(ev.changes).map((c) => c.type), ['insert', 'insert', 'delete']);
    assert.deepEqual(perRow(ev.changes).map((c) => (c.rows[0] ?? c.oldRows[0]).id), [1n, 2n, 1n]);
    assert.ok(proxy.accepted >= 2, 'reconnected');
    await sleep(400);  // the stalled connection, if it woke, would deliver nothing more
    assert.equal(perRow(ev.changes).length, 3);
  } finally {
    await db.close();
    await writer.close();
    await proxy.close();
  }
});

test('subscribe() to a server that cannot be reached rejects with CONNECTION_ERROR', async () => {
  const db = await createClient({ url: 'http://127.0.0.1:1', auth: alice });
  try {
    await assert.rejects(db.subscribe('SELECT * FROM app.msgs', {}), { code: 'CONNECTION_ERROR', sqlstate: '08006' });
  } finally {
    await db.close();
  }
});

test('resume across a server restart: the change log is durable', async () => {
  const own = await startServer();
  let restarted;
  const proxy = await startProxy(own.port);
  let db;
  try {
    await expectOk(own, `CREATE NAMESPACE app; CREATE USER carol WITH PASSWORD 'carol-pass-1';
      CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT)`);
    const carol = { username: 'carol', password: 'carol-pass-1' };
    db = await createClient({ url: proxy.url, auth: carol, reconnect: { initialDelayMs: 50, maxDelayMs: 300 } });
    const ev = recorder();
    await db.subscribe('SELECT * FROM app.t', ev.handlers);
    await until(() => ev.ready.length === 1, 'ready');
    await db.query("INSERT INTO app.t (id, v) VALUES (1, 'before')");
    await until(() => ev.changes.length === 1, 'first change');

    proxy.refuse(true);
    await own.stop();
    restarted = await startServer({ dir: own.root });
    const writer = await createClient({ url: restarted.url, auth: carol });
    await writer.query("INSERT INTO app.t (id, v) VALUES (2, 'while away')");
    await writer.query('DELETE FROM app.t WHERE id = 1');
    await writer.close();
    proxy.retarget(restarted.port);
    proxy.refuse(false);

    await until(() => ev.changes.length === 3, 'the changes made while the server was down');
    assert.deepEqual(ev.changes.map((c) => c.type), ['insert', 'insert', 'delete']);
    assert.equal(ev.changes[2].oldRows[0].v, 'before');
    assert.equal(ev.rows.length, 1, 'one (empty) initial batch, none after resuming');
    assert.deepEqual(ev.rows[0].rows, []);
    assert.deepEqual(ev.errors, []);
  } finally {
    await db?.close();
    await proxy.close();
    await restarted?.stop();
    await own.stop();
    own.cleanup();
  }
});
