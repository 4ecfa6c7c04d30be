import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sql, basic } from './helpers.mjs';

let server;
const alice = basic('alice', 'alice-pass-1');
const bob = basic('bob', 'bob-pass-12');
const svc = basic('svc', 'service-pass');

async function ok(text, opts) {
  const r = await sql(server, text, opts);
  assert.equal(r.status, 200, `${text}\n${JSON.stringify(r.body)}`);
  return r.body.results;
}

before(async () => {
  server = await startServer();
  await ok(`CREATE NAMESPACE app;
    CREATE USER alice WITH PASSWORD 'alice-pass-1';
    CREATE USER bob WITH PASSWORD 'bob-pass-12';
    CREATE USER svc WITH PASSWORD 'service-pass' ROLE service;
    CREATE USER TABLE app.messages (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), room TEXT NOT NULL,
      body TEXT, author TEXT DEFAULT CURRENT_USER(), sent_at TIMESTAMP DEFAULT NOW())`);
});
after(async () => { await server.stop(); server.cleanup(); });

test('two users of one USER table see disjoint rows', async () => {
  await ok("INSERT INTO app.messages (room, body) VALUES ('a', 'a1'), ('a', 'a2'), ('b', 'a3')", { auth: alice });
  await ok("INSERT INTO app.messages (room, body) VALUES ('a', 'b1')", { auth: bob });
  const a = await ok('SELECT body, author FROM app.messages ORDER BY body', { auth: alice });
  assert.deepEqual(a[0].rows, [['a1', 'alice'], ['a2', 'alice'], ['a3', 'alice']]);
  const b = await ok('SELECT body, author FROM app.messages ORDER BY body', { auth: bob });
  assert.deepEqual(b[0].rows, [['b1', 'bob']]);
  const counts = await ok("SELECT count(*) FROM app.messages WHERE room = 'a'", { auth: alice });
  assert.deepEqual(counts[0].rows, [['2']]);
  // root is a user like any other here: it sees its own (empty) partition.
  const root = await ok('SELECT count(*) FROM app.messages');
  assert.deepEqual(root[0].rows, [['0']]);
});

test("updates and deletes touch only the caller's rows", async () => {
  const [ids] = await ok("SELECT id FROM app.messages WHERE body = 'a1'", { auth: alice });
  const aliceId = ids.rows[0][0];
  let r = await ok(`UPDATE app.messages SET body = 'hacked' WHERE id = ${aliceId}`, { auth: bob });
  assert.equal(r[0].row_count, 0);
  assert.equal(r[0].message, '0 rows updated.');
  r = await ok(`DELETE FROM app.messages WHERE id = ${aliceId}`, { auth: bob });
  assert.equal(r[0].message, '0 rows deleted.');
  r = await ok(`UPDATE app.messages SET body = body || '!' WHERE room = 'a'`, { auth: alice });
  assert.equal(r[0].message, '2 rows updated.');
  r = await ok(`DELETE FROM app.messages WHERE body = 'a3'`, { auth: alice });
  assert.equal(r[0].message, '1 row deleted.');
  const a = await ok('SELECT body FROM app.messages ORDER BY body', { auth: alice });
  assert.deepEqual(a[0].rows, [['a1!'], ['a2!']]);
  const b = await ok('SELECT body FROM app.messages', { auth: bob });
  assert.deepEqual(b[0].rows, [['b1']]);
  // Deleted rows never show, _seq grows with every version.
  const seqs = await ok(`SELECT _seq, _deleted FROM app.messages WHERE id = ${aliceId}`, { auth: alice });
  assert.equal(seqs[0].rows[0][1], false);
});

const escapes = [
  "SELECT * FROM kalam_scan('app', 'messages')",
  "SELECT * FROM glob('*')",
  "SELECT * FROM read_parquet('data/storage/**/*.parquet')",
  "SELECT * FROM query('SELECT * FROM app.messages')",
  'SELECT * FROM duckdb_tables()',
  'SELECT * FROM information_schema.views',
  "EXECUTE AS USER 'alice' (SELECT * FROM app.messages)",
  'SELECT * FROM system.namespaces',
];
for (const q of escapes) {
  test(`bob cannot reach alice's rows by: ${q}`, async () => {
    const r = await sql(server, q, { auth: bob });
    assert.equal(r.status, 403, JSON.stringify(r.body));
    assert.equal(r.body.error.code, 'PERMISSION_DENIED');
  });
}

test('EXECUTE AS USER lets service and dba roles act for a user', async () => {
  const r = await ok("EXECUTE AS USER 'alice' (SELECT count(*) FROM app.messages)", { auth: svc });
  assert.deepEqual(r[0].rows, [['2']]);
  await ok("EXECUTE AS USER 'bob' (INSERT INTO app.messages (room, body) VALUES ('z', 'by-root'))");
  const b = await ok("SELECT body, author FROM app.messages WHERE room = 'z'", { auth: bob });
  assert.deepEqual(b[0].rows, [['by-root', 'bob']]);
  // current_user is whoever the statement runs as, in SELECT and in UPDATE expressions alike.
  const who = await ok("SELECT current_user, CURRENT_USER()", { auth: alice });
  assert.deepEqual(who[0].rows, [['alice', 'alice']]);
  const as = await ok("EXECUTE AS USER 'bob' (SELECT current_user)", { auth: svc });
  assert.deepEqual(as[0].rows, [['bob']]);
  await ok("UPDATE app.messages SET body = 'set by ' || current_user WHERE room = 'z'", { auth: bob });
  const u = await ok("SELECT body FROM app.messages WHERE room = 'z'", { auth: bob });
  assert.deepEqual(u[0].rows, [['set by bob']]);
  const missing = await sql(server, "EXECUTE AS USER 'ghost' (SELECT 1)");
  assert.equal(missing.status, 400);
});

test('SELECT * keeps the declared order of 12 columns; system columns only when named', async () => {
  await ok(`CREATE SHARED TABLE app.wide (zeta TEXT, id BIGINT PRIMARY KEY, alpha INT, mid TEXT, beta BOOLEAN,
    yank DOUBLE, cat TEXT, xray SMALLINT, dog DATE, omega TEXT, echo JSON, bravo UUID)`);
  await ok(`INSERT INTO app.wide VALUES ('z', 1, 2, 'm', true, 1.5, 'c', 3, '2026-11-27', 'o', '{"e":1}',
    '0191d2a4-7c3e-7000-8000-000000000000')`);
  const [r] = await ok('SELECT * FROM app.wide');
  assert.deepEqual(r.schema.map((c) => c.name),
    ['zeta', 'id', 'alpha', 'mid', 'beta', 'yank', 'cat', 'xray', 'dog', 'omega', 'echo', 'bravo']);
  assert.deepEqual(r.rows[0], ['z', '1', 2, 'm', true, 1.5, 'c', 3, '2026-11-27', 'o', { e: 1 },
    '0191d2a4-7c3e-7000-8000-000000000000']);
  const [s] = await ok('SELECT w.*, _seq FROM app.wide w');
  assert.equal(s.schema.length, 13);
  assert.equal(s.schema[12].name, '_seq');
  assert.match(s.rows[0][12], /^\d+$/);
});

test('every type round-trips with its JSON encoding, and defaults fill in', async () => {
  await ok(`CREATE SHARED TABLE app.types (id TEXT PRIMARY KEY DEFAULT UUID_V7(), b BOOLEAN, s SMALLINT, i INT,
    g BIGINT, r REAL, d DOUBLE, n DECIMAL(10,2) DEFAULT 9.5, t TEXT DEFAULT 'dflt', ts TIMESTAMP, dt DATE, tm TIME,
    j JSON, by BYTES, u UUID, at TIMESTAMP DEFAULT NOW())`);
  await ok(`INSERT INTO app.types (b, s, i, g, r, d, ts, dt, tm, j, by, u) VALUES (false, -3, 40000,
    9007199254740993, 0.5, -2.25, '2026-11-27 05:10:47.123456', '2026-11-27', '05:10:47.5', '[1,{"a":null}]',
    '\\x00ff', '0191D2A4-7C3E-7000-8000-000000000000')`);
  const [r] = await ok('SELECT * FROM app.types');
  const row = r.rows[0];
  assert.match(row[0], /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual(row.slice(1, 15), [false, -3, 40000, '9007199254740993', 0.5, -2.25, '9.50', 'dflt',
    '2026-11-27T05:10:47.123456Z', '2026-11-27', '05:10:47.500000', [1, { a: null }], 'AP8=',
    '0191d2a4-7c3e-7000-8000-000000000000']);
  assert.match(row[15], /^\d{4}-\d\d-\d\dT/);
});

test('timestamps, dates and times in the spellings applications send; infinity stays readable', async () => {
  await ok(`CREATE SHARED TABLE app.times (id BIGINT PRIMARY KEY, ts TIMESTAMP, dt DATE, tm TIME)`);
  // Literal INSERTs take the fast path (no engine), INSERT … SELECT and UPDATE the engine's: all agree.
  await ok(`INSERT INTO app.times VALUES (1, '2026-11-27 05:10', '2026-11-27T05:10:47.123Z', '9:05'),
    (2, '2026-11-27 07:10:47 +02:00', '20261127', '10:00+02'), (3, '2026-11-27T07:10:47+0200', ' 2026-1-5 ', '24:00'),
    (4, '2026-11-27 05:10:47 UTC', 'epoch', 'allballs'), (5, 'infinity', '-infinity', NULL)`);
  await ok(`INSERT INTO app.times SELECT 6, '-infinity'::timestamp, 'infinity'::date, NULL`);
  await ok(`INSERT INTO app.times SELECT 7, max(ts), min(dt), NULL FROM app.times`);
  const [r] = await ok('SELECT id, ts, dt, tm FROM app.times ORDER BY id');
  assert.deepEqual(r.rows, [
    ['1', '2026-11-27T05:10:00.000000Z', '2026-11-27', '09:05:00.000000'],
    ['2', '2026-11-27T05:10:47.000000Z', '2026-11-27', '10:00:00.000000'],
    ['3', '2026-11-27T05:10:47.000000Z', '2026-01-05', '24:00:00.000000'],
    ['4', '2026-11-27T05:10:47.000000Z', '1970-01-01', '00:00:00.000000'],
    ['5', 'infinity', '-infinity', null],
    ['6', '-infinity', 'infinity', null],
    ['7', 'infinity', '-infinity', null]]);
  const [u] = await ok(`UPDATE app.times SET ts = '2026-12-01 8:00', dt = '2026-12-01 23:59-05' WHERE id = 5
    RETURNING ts, dt`);
  assert.deepEqual(u.rows, [['2026-12-01T08:00:00.000000Z', '2026-12-01']]);
  const [f] = await ok(`SELECT count(*) FILTER (WHERE ts = 'infinity'), count(*) FILTER (WHERE ts < now()) FROM app.times`);
  assert.deepEqual(f.rows, [['1', '5']]);
  for (const bad of ['2026-02-30', '2026-11-27 25:00', 'yesterday', '2026-11-27 10:00 +16']) {
    const e = await sql(server, `INSERT INTO app.times VALUES (9, '${bad}', NULL, NULL)`);
    assert.equal(e.status, 400, bad);
    assert.deepEqual([e.body.error.sqlstate, e.body.error.message],
      ['22P02', `invalid input syntax for type timestamp: "${bad}"`]);
  }
});

test('a schema written for PostgreSQL: gen_random_uuid(), CURRENT_DATE, casts and UTC defaults', async () => {
  await ok(`CREATE SHARED TABLE app.accounts (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    updated_at TIMESTAMP DEFAULT timezone('utc'::text, now()),
    day DATE DEFAULT CURRENT_DATE,
    settings JSONB NOT NULL DEFAULT '{}'::jsonb,
    status TEXT DEFAULT 'active'::character varying)`);
  await ok(`INSERT INTO app.accounts (status) VALUES ('new'); INSERT INTO app.accounts (id) VALUES (uuid_generate_v4())`);
  const [r] = await ok('SELECT id, created_at, updated_at, day, settings, status, created_at::date = day FROM app.accounts ORDER BY status');
  assert.equal(r.rows.length, 2);
  for (const row of r.rows) {
    assert.match(row[0], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(row[1], /^\d{4}-\d\d-\d\dT.*Z$/);
    assert.equal(row[1], row[2]);
    assert.match(row[3], /^\d{4}-\d\d-\d\d$/);
    assert.deepEqual(row[4], {});
    assert.equal(row[6], true);
  }
  assert.deepEqual(r.rows.map((x) => x[5]), ['active', 'new']);
  // As in PostgreSQL, NOW() is one instant per statement: every row and column of an INSERT gets it.
  const values = Array.from({ length: 300 }, (_, i) => `('bulk${i}')`).join(', ');
  await ok(`INSERT INTO app.accounts (status) VALUES ${values}`);
  const [same] = await ok(`SELECT count(DISTINCT created_at), count(DISTINCT updated_at), count(*) FILTER
    (WHERE created_at <> updated_at) FROM app.accounts WHERE status LIKE 'bulk%'`);
  assert.deepEqual(same.rows, [['1', '1', '0']]);
  // Also when now() is part of an expression the engine computes (INSERT … SELECT, VALUES with
  // arithmetic, UPDATE … SET): the same instant as the defaults, as PostgreSQL's transaction time.
  await ok(`INSERT INTO app.accounts (status, updated_at) VALUES ('expr1', now() + interval '0 seconds'),
    ('expr2', now()); INSERT INTO app.accounts (status, updated_at) SELECT 'expr3', now() - interval '1 hour'`);
  const [expr] = await ok(`SELECT status, updated_at - created_at FROM app.accounts WHERE status LIKE 'expr%' ORDER BY 1`);
  assert.deepEqual(expr.rows, [['expr1', '00:00:00'], ['expr2', '00:00:00'], ['expr3', '-01:00:00']]);
  await ok(`UPDATE app.accounts SET updated_at = now(), created_at = now() + interval '0 s', day = current_date
    WHERE status LIKE 'expr%'`);
  const [upd] = await ok(`SELECT count(*) FILTER (WHERE updated_at = created_at), count(DISTINCT updated_at),
    bool_and(day = updated_at::date) FROM app.accounts WHERE status LIKE 'expr%'`);
  assert.deepEqual(upd.rows, [['3', '1', true]]);
  const [d] = await ok(`SELECT column_name, column_default FROM system.columns
    WHERE namespace_id = 'app' AND table_name = 'accounts' ORDER BY ordinal_position`);
  assert.deepEqual(d.rows.slice(0, 4), [['id', 'gen_random_uuid()'], ['created_at', 'NOW()'], ['updated_at', 'NOW()'],
    ['day', 'CURRENT_DATE']]);
  const bad = await sql(server, "CREATE SHARED TABLE app.bad (id TEXT PRIMARY KEY, t TIMESTAMP DEFAULT now() AT TIME ZONE 'Asia/Tokyo')");
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'FEATURE_NOT_SUPPORTED');
});

test('constraint and type errors carry PostgreSQL SQLSTATEs', async () => {
  const cases = [
    ["INSERT INTO app.messages (room) VALUES (NULL)", 'NOT_NULL_VIOLATION', '23502',
      'null value in column "room" of relation "messages" violates not-null constraint'],
    ["INSERT INTO app.types (id) VALUES ('k'); INSERT INTO app.types (id) VALUES ('k')", 'UNIQUE_VIOLATION', '23505',
      'duplicate key value violates unique constraint "types_pkey"'],
    ["INSERT INTO app.types (id, i) VALUES ('x', 'abc')", 'INVALID_TEXT_REPRESENTATION', '22P02',
      'invalid input syntax for type integer: "abc"'],
    ["INSERT INTO app.types (id, b) VALUES ('y', 5.5::DOUBLE)", 'DATATYPE_MISMATCH', '42804', null],
    ["INSERT INTO app.types (id, nope) VALUES ('z', 1)", 'COLUMN_NOT_FOUND', '42703', null],
    ["UPDATE app.messages SET room = NULL", 'NOT_NULL_VIOLATION', '23502', null],
    ['SELECT * FROM app.nope', 'TABLE_NOT_FOUND', '42P01', 'relation "app.nope" does not exist'],
    ["SELECT * FROM app.messages WHERE id = 'zz'", 'INVALID_TEXT_REPRESENTATION', '22P02',
      'invalid input syntax for type bigint: "zz"'],
    ['SELECT room, count(*) FROM app.messages', 'GROUPING_ERROR', '42803',
      'column "room" must appear in the GROUP BY clause or be used in an aggregate function'],
    ['SELECT no_such_function(room) FROM app.messages', 'UNDEFINED_FUNCTION', '42883',
      'function no_such_function does not exist'],
    ['SELECT id FROM app.messages a, app.messages b', 'AMBIGUOUS_COLUMN', '42702',
      'column reference "id" is ambiguous'],
    ['SELECT * FROM app.messages FOR UPDATE', 'FEATURE_NOT_SUPPORTED', '0A000', null],
  ];
  for (const [q, code, sqlstate, message] of cases) {
    const r = await sql(server, q, { auth: alice.startsWith('Basic') && q.includes('messages') ? alice : undefined });
    assert.equal(r.status, 400, q);
    assert.equal(r.body.error.code, code, `${q}: ${JSON.stringify(r.body.error)}`);
    assert.equal(r.body.error.sqlstate, sqlstate);
    if (message) assert.equal(r.body.error.message, message);
  }
  // A literal that does not fit its column is pointed at, as PostgreSQL does (the fast path too).
  const lit = await sql(server, "INSERT INTO app.types (id, i) VALUES ('w', 'abc')");
  assert.equal(lit.body.error.position, 44);
});

test('joins, GROUP BY and window functions over KalamDB tables', async () => {
  await ok(`CREATE SHARED TABLE app.rooms (name TEXT PRIMARY KEY, title TEXT) WITH (ACCESS_LEVEL='public');
    INSERT INTO app.rooms VALUES ('a', 'Room A'), ('b', 'Room B')`);
  const [r] = await ok(`SELECT r.title, count(*) AS n, row_number() OVER (ORDER BY count(*) DESC) AS rank
    FROM app.messages m JOIN app.rooms r ON r.name = m.room GROUP BY r.title ORDER BY n DESC`, { auth: alice });
  assert.deepEqual(r.rows, [['Room A', '2', '1']]);
  // Unnamed columns are named as PostgreSQL names them, and integers divide as there.
  const [p] = await ok(`SELECT room, count(*), max(id) > 0, lower(room), 7 / 2, s.n
    FROM app.messages JOIN (SELECT count(*) AS n FROM app.rooms) s ON true GROUP BY room, s.n`, { auth: alice });
  assert.deepEqual(p.schema.map((c) => c.name), ['room', 'count', '?column?', 'lower', '?column?', 'n']);
  assert.deepEqual(p.rows, [['a', '2', true, 'a', 3, '2']]);
});

test('SHARED tables follow ACCESS_LEVEL', async () => {
  await ok("CREATE SHARED TABLE app.secrets (k TEXT PRIMARY KEY, v TEXT); INSERT INTO app.secrets VALUES ('k', 'v')");
  let r = await sql(server, 'SELECT * FROM app.secrets', { auth: alice });
  assert.equal(r.status, 403);
  assert.equal(r.body.error.message, 'permission denied for table secrets');
  r = await sql(server, 'SELECT * FROM app.secrets', { auth: svc });
  assert.equal(r.status, 200);
  r = await sql(server, 'SELECT title FROM app.rooms ORDER BY 1', { auth: alice });
  assert.equal(r.status, 200);
  r = await sql(server, "INSERT INTO app.rooms VALUES ('c', 'C')", { auth: alice });
  assert.equal(r.status, 403);
  r = await sql(server, "INSERT INTO app.rooms VALUES ('c', 'C')", { auth: svc });
  assert.equal(r.status, 200);
  r = await sql(server, 'SELECT table_name FROM system.tables ORDER BY 1', { auth: alice });
  assert.deepEqual(r.body.results[0].rows.map((x) => x[0]), ['messages', 'rooms']);
  r = await sql(server, "SELECT table_schema, table_name, table_type FROM information_schema.tables ORDER BY 2", { auth: alice });
  assert.deepEqual(r.body.results[0].rows, [['app', 'messages', 'BASE TABLE'], ['app', 'rooms', 'BASE TABLE']]);
  r = await sql(server, "SELECT column_name, is_nullable, data_type FROM information_schema.columns WHERE table_name = 'rooms' ORDER BY ordinal_position", { auth: alice });
  assert.deepEqual(r.body.results[0].rows, [['name', 'NO', 'TEXT'], ['title', 'YES', 'TEXT']]);
  r = await sql(server, 'SELECT * FROM system."information_schema.tables"', { auth: alice });
  assert.equal(r.status, 403);
  // information_schema.schemata: the namespaces holding a table the caller may read.
  r = await sql(server, 'SELECT catalog_name, schema_name FROM information_schema.schemata ORDER BY 2', { auth: alice });
  assert.deepEqual(r.body.results[0].rows, [['kalamdb', 'app']]);
});

test('STREAM tables hide rows older than TTL_SECONDS', async () => {
  await ok(`CREATE STREAM TABLE app.events (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), kind TEXT)
    WITH (TTL_SECONDS=1)`);
  await ok("INSERT INTO app.events (kind) VALUES ('typing')", { auth: alice });
  let [r] = await ok('SELECT kind FROM app.events', { auth: alice });
  assert.deepEqual(r.rows, [['typing']]);
  [r] = await ok('SELECT kind FROM app.events', { auth: bob });
  assert.deepEqual(r.rows, []);
  await new Promise((res) => setTimeout(res, 1300));
  [r] = await ok('SELECT kind FROM app.events', { auth: alice });
  assert.deepEqual(r.rows, []);
});

test('DROP TABLE and recreate with the same name starts empty; DROP NAMESPACE needs CASCADE', async () => {
  await ok("CREATE NAMESPACE tmp; CREATE USER TABLE tmp.t (id BIGINT PRIMARY KEY, v TEXT)");
  await ok("INSERT INTO tmp.t VALUES (1, 'old')", { auth: alice });
  await ok('DROP TABLE tmp.t; CREATE USER TABLE tmp.t (id BIGINT PRIMARY KEY, w INT)');
  const [r] = await ok('SELECT * FROM tmp.t', { auth: alice });
  assert.deepEqual(r.rows, []);
  assert.deepEqual(r.schema.map((c) => c.name), ['id', 'w']);
  const refused = await sql(server, 'DROP NAMESPACE tmp');
  assert.equal(refused.body.error.code, 'DEPENDENT_OBJECTS_STILL_EXIST');
  assert.equal(refused.body.error.sqlstate, '2BP01');
  await ok('DROP NAMESPACE tmp CASCADE; CREATE NAMESPACE tmp; CREATE USER TABLE tmp.t (id BIGINT PRIMARY KEY)');
  const [again] = await ok('SELECT count(*) FROM tmp.t', { auth: alice });
  assert.deepEqual(again.rows, [['0']]);
});

test('4 users × 4 concurrent writers lose nothing', async () => {
  const users = [];
  for (let u = 0; u < 4; u++) {
    await ok(`CREATE USER w${u} WITH PASSWORD 'writer-pass-${u}'`);
    users.push(basic(`w${u}`, `writer-pass-${u}`));
  }
  await ok('CREATE USER TABLE app.load (id BIGINT PRIMARY KEY, n INT)');
  const perWriter = 50;
  await Promise.all(users.flatMap((auth, u) => [0, 1, 2, 3].map(async (w) => {
    for (let i = 0; i < perWriter; i++) {
      const id = w * 1000 + i;
      const r = await sql(server, `INSERT INTO app.load VALUES (${id}, ${u})`, { auth });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
  })));
  for (const [u, auth] of users.entries()) {
    const [r] = await ok('SELECT count(*), min(n), max(n), count(DISTINCT id) FROM app.load', { auth });
    assert.deepEqual(r.rows, [[String(4 * perWriter), u, u, String(4 * perWriter)]]);
  }
});

test('restart keeps tables, rows and users', async () => {
  await server.stop();
  server = await startServer({ dir: server.root });
  const [r] = await ok('SELECT body FROM app.messages ORDER BY body', { auth: alice });
  assert.deepEqual(r.rows, [['a1!'], ['a2!']]);
  const [t] = await ok('SHOW TABLES IN app');
  assert.ok(t.rows.length >= 5);
  const [d] = await ok('DESCRIBE TABLE app.messages');
  assert.deepEqual(d.rows.map((x) => x[2]), ['id', 'room', 'body', 'author', 'sent_at']);
});

test('TRUNCATE deletes the caller’s rows of a USER table and every row of a SHARED one', async () => {
  await ok(`CREATE NAMESPACE tr; CREATE USER TABLE tr.notes (id BIGINT PRIMARY KEY, body TEXT);
    CREATE SHARED TABLE tr.cfg (k TEXT PRIMARY KEY, v TEXT); INSERT INTO tr.cfg VALUES ('a', '1'), ('b', '2')`);
  await ok("INSERT INTO tr.notes VALUES (1, 'a1'), (2, 'a2')", { auth: alice });
  await ok("INSERT INTO tr.notes VALUES (1, 'b1')", { auth: bob });
  const [t] = await ok('TRUNCATE TABLE tr.notes RESTART IDENTITY', { auth: alice });
  assert.deepEqual([t.row_count, t.message], [2, "Table 'tr.notes' truncated: 2 rows deleted."]);
  const [a] = await ok('SELECT count(*) FROM tr.notes', { auth: alice });
  const [b] = await ok('SELECT body FROM tr.notes', { auth: bob });
  assert.deepEqual([a.rows, b.rows], [[['0']], [['b1']]]);
  const denied = await sql(server, 'TRUNCATE tr.cfg', { auth: alice });
  assert.equal(denied.status, 403);
  const [both] = await ok('TRUNCATE tr.cfg, tr.notes');
  assert.equal(both.message, '2 tables truncated: 2 rows deleted.');
  const [c] = await ok('SELECT count(*) FROM tr.cfg');
  assert.deepEqual(c.rows, [['0']]);
});

test('a division by zero is an error, not a NULL stored by UPDATE', async () => {
  await ok('CREATE NAMESPACE math; CREATE USER TABLE math.ratios (id BIGINT PRIMARY KEY, n INT, d INT)');
  await ok('INSERT INTO math.ratios VALUES (1, 10, 2), (2, 10, 0)', { auth: alice });
  for (const q of ['SELECT n / d FROM math.ratios', 'SELECT id FROM math.ratios WHERE n % d = 0',
    'UPDATE math.ratios SET n = n / d', 'UPDATE math.ratios SET n = n / d WHERE id = 2', 'SELECT 1.5 / 0']) {
    const r = await sql(server, q, { auth: alice });
    assert.equal(r.status, 400, q);
    assert.deepEqual([r.body.error.code, r.body.error.sqlstate, r.body.error.message],
      ['DIVISION_BY_ZERO', '22012', 'division by zero'], q);
  }
  // Nothing was written; guarded divisions answer.
  const [rows] = await ok('SELECT id, n, n / NULLIF(d, 0), CASE WHEN d = 0 THEN 0 ELSE n / d END FROM math.ratios ORDER BY id',
    { auth: alice });
  assert.deepEqual(rows.rows, [['1', 10, 5, 5], ['2', 10, null, 0]]);
});

test('UPDATE … FROM and DELETE … USING join other tables, over the caller’s rows only', async () => {
  await ok(`CREATE NAMESPACE joins;
    CREATE USER TABLE joins.msgs (id BIGINT PRIMARY KEY, room TEXT, body TEXT);
    CREATE SHARED TABLE joins.rooms (name TEXT PRIMARY KEY, title TEXT, archived BOOLEAN) WITH (ACCESS_LEVEL='public');
    INSERT INTO joins.rooms VALUES ('a', 'Alpha', false), ('b', 'Beta', true)`);
  await ok("INSERT INTO joins.msgs VALUES (1, 'a', 'x'), (2, 'b', 'y')", { auth: alice });
  await ok("INSERT INTO joins.msgs VALUES (1, 'a', 'bob')", { auth: bob });
  let [r] = await ok(`UPDATE joins.msgs AS m SET body = r.title || ':' || m.body FROM joins.rooms r
    WHERE r.name = m.room RETURNING m.id, body`, { auth: alice });
  assert.equal(r.message, '2 rows updated.');
  assert.deepEqual(r.rows.sort(), [['1', 'Alpha:x'], ['2', 'Beta:y']]);
  [r] = await ok('DELETE FROM joins.msgs USING joins.rooms WHERE rooms.name = msgs.room AND rooms.archived',
    { auth: alice });
  assert.equal(r.message, '1 row deleted.');
  [r] = await ok('SELECT id, body FROM joins.msgs ORDER BY id', { auth: alice });
  assert.deepEqual(r.rows, [['1', 'Alpha:x']]);
  [r] = await ok('SELECT id, body FROM joins.msgs ORDER BY id', { auth: bob });
  assert.deepEqual(r.rows, [['1', 'bob']]);
  // A column of a table the statement does not name: PostgreSQL's error, nothing written.
  const bad = await sql(server, "UPDATE joins.msgs SET body = 'z' FROM joins.rooms r WHERE q.name = msgs.room",
    { auth: alice });
  assert.equal(bad.status, 400);
  assert.deepEqual([bad.body.error.code, bad.body.error.sqlstate, bad.body.error.message],
    ['TABLE_NOT_FOUND', '42P01', 'missing FROM-clause entry for table "q"']);
});
