// SELECT … WHERE pk = value: answered with one RocksDB read (on the I/O thread for Bearer
// callers). Same rows, names, types and errors as the planned path, the caller's rows only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sql, basic, login as loginAt } from './helpers.mjs';

const login = async (u, p) => `Bearer ${(await loginAt(server, u, p)).body.access_token}`;

let server;
const bearer = {};

async function ok(text, opts) {
  const r = await sql(server, text, opts);
  assert.equal(r.status, 200, `${text}\n${JSON.stringify(r.body)}`);
  return r.body.results[0];
}


before(async () => {
  server = await startServer();
  await ok(`CREATE NAMESPACE app;
    CREATE USER alice WITH PASSWORD 'alice-pass-1'; CREATE USER bob WITH PASSWORD 'bob-pass-12';
    CREATE USER TABLE app.notes (id BIGINT PRIMARY KEY, title TEXT, at TIMESTAMP, meta JSON, n DECIMAL(8,2));
    CREATE SHARED TABLE app.admin_only (id BIGINT PRIMARY KEY, v TEXT) WITH (ACCESS_LEVEL='restricted')`);
  bearer.alice = await login('alice', 'alice-pass-1');
  bearer.bob = await login('bob', 'bob-pass-12');
  await ok(`INSERT INTO app.notes VALUES (1, 'alice one', '2026-11-27 08:00:00', '{"k":1}', 12.5)`, { auth: bearer.alice });
  await ok(`INSERT INTO app.notes VALUES (1, 'bob one', NULL, NULL, NULL)`, { auth: bearer.bob });
});
after(async () => { await server.stop(); server.cleanup(); });

test('a point SELECT returns what the planned query returns, for the caller only', async () => {
  for (const auth of [bearer.alice, basic('alice', 'alice-pass-1')]) {
    const fast = await ok('SELECT * FROM app.notes WHERE id = 1', { auth });
    const planned = await ok('SELECT * FROM app.notes WHERE id = 1 AND true', { auth });
    assert.deepEqual(fast.schema, planned.schema);
    assert.deepEqual(fast.rows, planned.rows);
    assert.equal(fast.rows.length, 1);
    assert.equal(fast.rows[0][1], 'alice one');
    assert.deepEqual(fast.rows[0][3], { k: 1 });
    assert.equal(fast.row_count, 1);
  }
  const bob = await ok('SELECT title FROM app.notes WHERE id = $1', { auth: bearer.bob, params: [1] });
  assert.deepEqual(bob.rows, [['bob one']]);
  const none = await ok('SELECT title FROM app.notes WHERE id = 2', { auth: bearer.bob });
  assert.deepEqual(none.rows, []);
  assert.equal(none.row_count, 0);
});

test('errors on the quick path are the planned path\'s errors', async () => {
  let r = await sql(server, 'SELECT * FROM app.nope WHERE id = 1', { auth: bearer.alice });
  assert.equal(r.body.error.code, 'TABLE_NOT_FOUND');
  r = await sql(server, 'SELECT * FROM app.admin_only WHERE id = 1', { auth: bearer.alice });
  assert.equal(r.body.error.code, 'PERMISSION_DENIED');
  r = await sql(server, 'SELECT * FROM app.notes WHERE id = 1', { auth: 'Bearer not-a-token' });
  assert.equal(r.status, 401);
  r = await sql(server, 'SELECT * FROM app.notes WHERE id = $1', { auth: bearer.alice, params: [] });
  assert.notEqual(r.status, 200);
});

test('the quick path sees a write at once and never a deleted row', async () => {
  await ok(`UPDATE app.notes SET title = 'changed' WHERE id = 1`, { auth: bearer.alice });
  assert.deepEqual((await ok('SELECT title FROM app.notes WHERE id = 1', { auth: bearer.alice })).rows, [['changed']]);
  await ok('DELETE FROM app.notes WHERE id = 1', { auth: bearer.alice });
  assert.deepEqual((await ok('SELECT title FROM app.notes WHERE id = 1', { auth: bearer.alice })).rows, []);
  assert.deepEqual((await ok('SELECT title FROM app.notes WHERE id = 1', { auth: bearer.bob })).rows, [['bob one']]);
});
