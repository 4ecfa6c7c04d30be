// INSERT … ON CONFLICT over HTTP: PostgreSQL's upsert on each user's own rows, its errors, and the
// changes live queries receive for it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, basic, expectOk, expectError } from './helpers.mjs';
import { openWs } from './ws_client.mjs';

let server;
const auth = {};
const ok = (text, opts) => expectOk(server, text, opts);
const fails = (text, code, opts) => expectError(server, text, code, opts);

before(async () => {
  server = await startServer();
  await ok(`CREATE NAMESPACE mem;
    CREATE USER u1 WITH PASSWORD 'user-pass-1';
    CREATE USER u2 WITH PASSWORD 'user-pass-2';
    CREATE USER TABLE mem.facts (key TEXT PRIMARY KEY, value TEXT NOT NULL, hits INT DEFAULT 1);
    CREATE STREAM TABLE mem.events (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), v TEXT) WITH (TTL_SECONDS=60)`);
  auth.u1 = { auth: basic('u1', 'user-pass-1') };
  auth.u2 = { auth: basic('u2', 'user-pass-2') };
});
after(async () => { await server.stop(); server.cleanup(); });

const upsert = `INSERT INTO mem.facts (key, value) VALUES ($1, $2)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value, hits = facts.hits + 1 RETURNING key, value, hits`;

test('DO UPDATE inserts a new key and updates a stored one; each user upserts only their own rows', async () => {
  let [r] = await ok(upsert, { ...auth.u1, params: ['city', 'Paris'] });
  assert.equal(r.message, '1 row inserted.');
  assert.deepEqual(r.rows, [['city', 'Paris', 1]]);
  [r] = await ok(upsert, { ...auth.u1, params: ['city', 'Lyon'] });
  assert.deepEqual(r.rows, [['city', 'Lyon', 2]]);
  // u2's "city" is a different row: inserted, u1's untouched.
  [r] = await ok(upsert, { ...auth.u2, params: ['city', 'Rome'] });
  assert.deepEqual(r.rows, [['city', 'Rome', 1]]);
  [r] = await ok('SELECT key, value, hits FROM mem.facts', auth.u1);
  assert.deepEqual(r.rows, [['city', 'Lyon', 2]]);
});

test('RETURNING takes expressions and aliases, and a bad one writes nothing', async () => {
  const [r] = await ok(`INSERT INTO mem.facts (key, value) VALUES ('color', 'blue')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value RETURNING key AS k, upper(value) AS shout, hits + 1`,
  auth.u2);
  assert.deepEqual(r.schema.map((c) => c.name), ['k', 'shout', '?column?']);
  assert.deepEqual(r.rows, [['color', 'BLUE', 2]]);
  await fails("INSERT INTO mem.facts (key, value) VALUES ('size', 'xl') RETURNING nope", 'COLUMN_NOT_FOUND', auth.u2);
  const [none] = await ok("SELECT count(*) FROM mem.facts WHERE key = 'size'", auth.u2);
  assert.deepEqual(none.rows, [['0']]);
});

test('DO NOTHING skips stored keys, on the quick literal path too', async () => {
  const [r] = await ok(`INSERT INTO mem.facts (key, value) VALUES ('city', 'X'), ('lang', 'fr')
    ON CONFLICT DO NOTHING RETURNING key`, auth.u1);
  assert.equal(r.message, '1 row inserted.');
  assert.deepEqual(r.rows, [['lang']]);
  const [again] = await ok("INSERT INTO mem.facts (key, value) VALUES ('lang', 'de') ON CONFLICT (key) DO NOTHING",
    auth.u1);
  assert.equal(again.row_count, 0);
  const [rows] = await ok('SELECT key, value FROM mem.facts ORDER BY key', auth.u1);
  assert.deepEqual(rows.rows, [['city', 'Lyon'], ['lang', 'fr']]);
});

test('errors carry PostgreSQL\'s codes and messages', async () => {
  const twice = `INSERT INTO mem.facts (key, value) VALUES ('a', '1'), ('a', '2')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
  let e = await fails(twice, 'CARDINALITY_VIOLATION', auth.u1);
  assert.deepEqual([e.sqlstate, e.message], ['21000', 'ON CONFLICT DO UPDATE command cannot affect row a second time']);
  const notKey = "INSERT INTO mem.facts (key, value) VALUES ('a', '1') ON CONFLICT (value) DO NOTHING";
  e = await fails(notKey, 'INVALID_COLUMN_REFERENCE', auth.u1);
  assert.equal(e.sqlstate, '42P10');
  const noTarget = "INSERT INTO mem.facts (key, value) VALUES ('a', '1') ON CONFLICT DO UPDATE SET value = 'x'";
  e = await fails(noTarget, 'SYNTAX_ERROR', auth.u1);
  assert.equal(e.message, 'ON CONFLICT DO UPDATE requires inference specification or constraint name');
  await fails("INSERT INTO mem.events (v) VALUES ('x') ON CONFLICT DO NOTHING", 'FEATURE_NOT_SUPPORTED', auth.u1);
  // None of them wrote anything.
  const [r] = await ok("SELECT count(*) FROM mem.facts WHERE key = 'a'", auth.u1);
  assert.deepEqual(r.rows, [['0']]);
});

test('a subscriber receives an upsert\'s update as an update and its insert as an insert', async () => {
  const c = await openWs(server);
  await c.authenticate({ username: 'u1', password: 'user-pass-1' });
  const sub = await c.subscribe('f', 'SELECT key, value FROM mem.facts');
  assert.ok(sub.ack, JSON.stringify(sub));
  await ok(`INSERT INTO mem.facts (key, value) VALUES ('city', 'Nice'), ('pet', 'cat')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value`, auth.u1);
  const changes = await c.takeChanges('f', 2);
  const byKind = Object.fromEntries(changes.map((ch) => [ch.change_type, ch]));
  assert.deepEqual(byKind.update.rows[0].slice(0, 2), ['city', 'Nice']);
  assert.deepEqual(byKind.update.old_rows[0].slice(0, 2), ['city', 'Lyon']);
  assert.deepEqual(byKind.insert.rows[0].slice(0, 2), ['pet', 'cat']);
  // A DO NOTHING that skips every row sends nothing.
  await ok("INSERT INTO mem.facts (key, value) VALUES ('pet', 'dog') ON CONFLICT DO NOTHING", auth.u1);
  assert.ok(await c.quiet('f'));
  c.close();
});
