// query(), params, errors, login and prepare() against a real server.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';

import { alice, bob, createClient, expectOk, KalamError, startWithUsers } from './helpers.mjs';

let server;
let db;

const JWT_SECRET = 'sdk-test-secret-0123456789abcdef';

/** An HS256 token signed with the server's secret that expired a minute ago. */
function expiredToken(username, role) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: username, role, iat: now - 7200, exp: now - 60 })}`;
  return `${head}.${createHmac('sha256', JWT_SECRET).update(head).digest('base64url')}`;
}

before(async () => {
  server = await startWithUsers({ KALAMDB_JWT_SECRET: JWT_SECRET });
  await expectOk(server, `
    CREATE USER TABLE app.notes (id BIGINT PRIMARY KEY AUTO_INCREMENT, body TEXT NOT NULL, n INT,
      price DECIMAL(10,2), meta JSON, blob BYTES, ts TIMESTAMP DEFAULT NOW());
    CREATE USER TABLE app.cfg (k TEXT PRIMARY KEY, v BIGINT)`);
  db = await createClient({ url: server.url, auth: alice });
});

after(async () => {
  await db?.close();
  await server?.stop();
  server?.cleanup();
});

test('rows are objects in the statement column order, with typed values', async () => {
  const ins = await db.query(
    "INSERT INTO app.notes (body, n, price, meta, blob, ts) VALUES ('first', 1, 12.5, '{\"a\":[1,2]}', '\\x00ff10', '2026-11-27T05:10:47.123456Z')");
  assert.equal(ins.rowCount, 1);
  assert.equal(ins.message, '1 row inserted.');
  assert.deepEqual(ins.rows, []);

  const r = await db.query('SELECT blob, ts, body, id, n, price, meta FROM app.notes');
  assert.deepEqual(r.columns.map((c) => [c.name, c.dataType]), [
    ['blob', 'BYTES'], ['ts', 'TIMESTAMP'], ['body', 'TEXT'], ['id', 'BIGINT'], ['n', 'INT'],
    ['price', 'DECIMAL(10,2)'], ['meta', 'JSON'],
  ]);
  assert.equal(r.rowCount, 1);
  assert.equal(typeof r.tookMs, 'number');
  const row = r.rows[0];
  assert.deepEqual(Object.keys(row), ['blob', 'ts', 'body', 'id', 'n', 'price', 'meta']);
  assert.equal(typeof row.id, 'bigint');
  assert.ok(row.id > 0n);
  assert.ok(row.ts instanceof Date);
  assert.equal(row.ts.toISOString(), '2026-11-27T05:10:47.123Z');
  assert.deepEqual([...row.blob], [0x00, 0xff, 0x10]);
  assert.equal(row.price, '12.50');
  assert.deepEqual(row.meta, { a: [1, 2] });
  assert.equal(row.n, 1);
});

test('parameters: text, numbers, bigint, Date, bytes and null round-trip', async () => {
  const at = new Date('2025-01-02T03:04:05.678Z');
  await db.query('INSERT INTO app.notes (id, body, n, blob, ts, price) VALUES ($1, $2, $3, $4, $5, $6)',
    [9007199254740993n, 'it\'s "quoted" ☃', null, new Uint8Array([1, 2, 3]), at, '3.10']);
  const r = await db.query('SELECT * FROM app.notes WHERE id = $1', [9007199254740993n]);
  assert.equal(r.rowCount, 1);
  const row = r.rows[0];
  assert.equal(row.id, 9007199254740993n);  // beyond 2^53: exact
  assert.equal(row.body, 'it\'s "quoted" ☃');
  assert.equal(row.n, null);
  assert.deepEqual([...row.blob], [1, 2, 3]);
  assert.equal(row.ts.getTime(), at.getTime());
  assert.equal(row.price, '3.10');
  assert.deepEqual(Object.keys(row), ['id', 'body', 'n', 'price', 'meta', 'blob', 'ts']);  // declared order
});

test('an array parameter: = ANY($1) with bigint ids as the rows gave them', async () => {
  const ids = (await db.query('SELECT id FROM app.notes ORDER BY id')).rows.map((row) => row.id);
  assert.ok(ids.length >= 2);
  const r = await db.query('SELECT id FROM app.notes WHERE id = ANY($1) ORDER BY id', [[ids[1], ids[0]]]);
  assert.deepEqual(r.rows.map((row) => row.id), ids.slice(0, 2));
  const none = await db.query('SELECT count(*) AS c FROM app.notes WHERE id = ANY($1)', [[]]);
  assert.equal(none.rows[0].c, 0n);
});

test('bigint: "string" keeps BIGINT values as decimal text', async () => {
  const strings = await createClient({ url: server.url, auth: alice, bigint: 'string' });
  try {
    const r = await strings.query('SELECT id FROM app.notes WHERE id = $1', ['9007199254740993']);
    assert.equal(r.rows[0].id, '9007199254740993');
  } finally {
    await strings.close();
  }
});

test('each user sees only their own rows; the namespace option qualifies names', async () => {
  const other = await createClient({ url: server.url, auth: bob, namespace: 'app' });
  try {
    await other.query("INSERT INTO notes (body) VALUES ('bob only')");
    const mine = await other.query('SELECT body FROM notes');
    assert.deepEqual(mine.rows, [{ body: 'bob only' }]);
    const hers = await db.query('SELECT body FROM app.notes ORDER BY body');
    assert.ok(hers.rows.every((r) => r.body !== 'bob only'));
  } finally {
    await other.close();
  }
});

test('several statements: every result, the last one first-class', async () => {
  const r = await db.query("SELECT 1 AS a; SELECT 'x' AS b, 2 AS c");
  assert.equal(r.results.length, 2);
  assert.deepEqual(r.results[0].rows, [{ a: 1 }]);
  assert.deepEqual(r.rows, [{ b: 'x', c: 2 }]);
});

test('errors are KalamError with code, sqlstate, position and statement index', async () => {
  await assert.rejects(db.query('SELECT * FROM app.nope'), (e) => {
    assert.ok(e instanceof KalamError);
    assert.equal(e.code, 'TABLE_NOT_FOUND');
    assert.equal(e.sqlstate, '42P01');
    assert.equal(e.message, 'relation "app.nope" does not exist');
    assert.equal(e.position, 15);
    assert.equal(e.httpStatus, 400);
    return true;
  });
  await assert.rejects(db.query("SELECT 1; INSERT INTO app.notes (n) VALUES (1)"), (e) => {
    assert.equal(e.code, 'NOT_NULL_VIOLATION');
    assert.equal(e.sqlstate, '23502');
    assert.equal(e.statementIndex, 1);
    return true;
  });
  await assert.rejects(db.query('SELEC 1'), { code: 'SYNTAX_ERROR', sqlstate: '42601' });
});

test('authentication: wrong password, token login, no auth', async () => {
  const wrong = await createClient({ url: server.url, auth: { username: 'alice', password: 'nope-nope' } });
  await assert.rejects(wrong.query('SELECT 1'), { code: 'INVALID_CREDENTIALS', sqlstate: '28P01' });
  await wrong.close();

  const login = await db.login();
  assert.equal(login.user.username, 'alice');
  assert.equal(login.user.role, 'user');
  assert.match(login.token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  const byToken = await createClient({ url: server.url, auth: { token: login.token } });
  const r = await byToken.query('SELECT body FROM app.notes WHERE body = $1', ['first']);
  assert.deepEqual(r.rows, [{ body: 'first' }]);
  await assert.rejects(byToken.login(), { code: 'INVALID_PARAMETER' });
  await byToken.close();

  const anonymous = await createClient({ url: server.url });
  await assert.rejects(anonymous.query('SELECT 1'), { code: 'MISSING_AUTHORIZATION', sqlstate: '28000' });
  assert.equal((await anonymous.health()).status, 'healthy');
  await anonymous.close();
});

test('an expired token is replaced by logging in again, and the statement is sent again', async () => {
  const stale = expiredToken('alice', 'user');
  let sqlCalls = 0;
  let logins = 0;
  let staleSent = false;
  // The first SQL request carries an expired token (as after a long idle time); the server says so.
  const fetchWithStaleToken = async (url, init) => {
    if (url.endsWith('/v1/api/auth/login')) logins++;
    if (url.endsWith('/v1/api/sql') && sqlCalls++ === 0) {
      staleSent = true;
      init = { ...init, headers: { ...init.headers, Authorization: `Bearer ${stale}` } };
    }
    return fetch(url, init);
  };
  const c = await createClient({ url: server.url, auth: alice, fetch: fetchWithStaleToken });
  try {
    const r = await c.query("INSERT INTO app.cfg (k, v) VALUES ('after-expiry', 1)");
    assert.equal(r.rowCount, 1);
    assert.ok(staleSent);
    assert.equal(sqlCalls, 2, 'refused once (TOKEN_EXPIRED), then sent again');
    assert.equal(logins, 2, 'logged in at the start and again after the expiry');
    const check = await c.query("SELECT count(*) AS n FROM app.cfg WHERE k = 'after-expiry'");
    assert.equal(check.rows[0].n, 1n, 'inserted exactly once');
  } finally {
    await c.close();
  }
  const byToken = await createClient({ url: server.url, auth: { token: stale } });
  await assert.rejects(byToken.query('SELECT 1'), { code: 'TOKEN_EXPIRED', sqlstate: '28000' });
  await byToken.close();
});

test('an unreachable server is a CONNECTION_ERROR; bad options are refused', async () => {
  const nowhere = await createClient({ url: 'http://127.0.0.1:1', auth: alice });
  await assert.rejects(nowhere.query('SELECT 1'), { code: 'CONNECTION_ERROR', sqlstate: '08006' });
  await nowhere.close();
  await assert.rejects(createClient({ url: 'ftp://x' }), { code: 'INVALID_PARAMETER' });
  const circular = {};
  circular.self = circular;
  await assert.rejects(db.query('SELECT $1', [circular]), { code: 'INVALID_PARAMETER' });
});

test('prepare(): parameter count, many runs, wrong arity, release', async () => {
  const insert = db.prepare('INSERT INTO app.cfg (k, v) VALUES ($1, $2)');
  assert.equal(insert.parameterCount, 2);
  for (let i = 0; i < 20; i++) await insert.run([`k${i}`, BigInt(i) * 1000000000000n]);
  const count = db.prepare("SELECT count(*) AS n, max(v) AS top FROM app.cfg WHERE k LIKE $1 -- '$9' is not a parameter");
  assert.equal(count.parameterCount, 1);
  const r = await count.run(['k%']);
  assert.deepEqual(r.rows, [{ n: 20n, top: 19000000000000n }]);
  await assert.rejects(insert.run(['only one']), (e) => {
    assert.equal(e.code, 'INVALID_PARAMETER');
    assert.match(e.message, /takes 2 parameter\(s\), 1 given/);
    return true;
  });
  await assert.rejects(insert.run(['k0', 1]), { code: 'UNIQUE_VIOLATION', sqlstate: '23505' });
  insert.release();
  await assert.rejects(insert.run(['k99', 1]), { code: 'INVALID_PARAMETER' });
  assert.equal((await count.run(['k1%'])).rows[0].n, 11n);  // k1, k10…k19
});

test('a closed client refuses calls', async () => {
  const c = await createClient({ url: server.url, auth: alice });
  await c.close();
  await assert.rejects(c.query('SELECT 1'), { code: 'CONNECTION_ERROR' });
  await assert.rejects(c.subscribe('SELECT * FROM app.notes', {}), { code: 'CONNECTION_ERROR' });
});
