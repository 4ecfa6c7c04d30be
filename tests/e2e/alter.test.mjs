import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sql, expectError } from './helpers.mjs';

let server;
async function ok(text) {
  const r = await sql(server, text);
  assert.equal(r.status, 200, `${text}\n${JSON.stringify(r.body)}`);
  return r.body.results;
}
const fails = (text, code) => expectError(server, text, code);

before(async () => {
  server = await startServer();
  await ok(`CREATE NAMESPACE app; CREATE USER TABLE app.notes (id BIGINT PRIMARY KEY, title TEXT, body TEXT);
    INSERT INTO app.notes VALUES (1, 'one', 'b1'), (2, 'two', NULL)`);
});
after(async () => { await server.stop(); server.cleanup(); });

test('ADD COLUMN with a default fills rows written before it; new rows get the default', async () => {
  await ok("ALTER TABLE app.notes ADD COLUMN pinned BOOLEAN NOT NULL DEFAULT false");
  await ok("ALTER TABLE app.notes ADD tags JSON");
  await ok("INSERT INTO app.notes (id, title, tags) VALUES (3, 'three', '[\"x\"]')");
  const [r] = await ok('SELECT * FROM app.notes ORDER BY id');
  assert.deepEqual(r.schema.map((c) => c.name), ['id', 'title', 'body', 'pinned', 'tags']);
  assert.deepEqual(r.rows, [['1', 'one', 'b1', false, null], ['2', 'two', null, false, null],
    ['3', 'three', null, false, ['x']]]);
  await fails("ALTER TABLE app.notes ADD COLUMN title TEXT", 'ALREADY_EXISTS');
  await fails("ALTER TABLE app.notes ADD COLUMN strict TEXT NOT NULL", 'NOT_NULL_VIOLATION');
});

test('RENAME and DROP COLUMN keep old rows readable', async () => {
  await ok('ALTER TABLE app.notes RENAME COLUMN title TO heading');
  await ok('ALTER TABLE app.notes DROP COLUMN body');
  const [r] = await ok('SELECT id, heading FROM app.notes ORDER BY id');
  assert.deepEqual(r.rows, [['1', 'one'], ['2', 'two'], ['3', 'three']]);
  await fails('SELECT body FROM app.notes', 'COLUMN_NOT_FOUND');
  await fails('ALTER TABLE app.notes DROP COLUMN id', 'DEPENDENT_OBJECTS_STILL_EXIST');
  const [skipped] = await ok('ALTER TABLE app.notes DROP COLUMN IF EXISTS body');
  assert.equal(skipped.message, "Column 'body' does not exist, skipping.");
  // A dropped column added again is a new, empty column.
  await ok('ALTER TABLE app.notes ADD COLUMN body TEXT');
  const [kept] = await ok('ALTER TABLE app.notes ADD COLUMN IF NOT EXISTS body INT');
  assert.equal(kept.message, "Column 'body' already exists, skipping.");
  await fails('ALTER TABLE app.notes ADD COLUMN body INT', 'ALREADY_EXISTS');
  const [again] = await ok('SELECT count(body) FROM app.notes');
  assert.deepEqual(again.rows, [['0']]);
});

test('SET/DROP DEFAULT and SET/DROP NOT NULL', async () => {
  await ok("ALTER TABLE app.notes ALTER COLUMN heading SET DEFAULT 'untitled'");
  await ok('INSERT INTO app.notes (id) VALUES (4)');
  let [r] = await ok('SELECT heading FROM app.notes WHERE id = 4');
  assert.deepEqual(r.rows, [['untitled']]);
  await ok('ALTER TABLE app.notes ALTER COLUMN heading DROP DEFAULT');
  await ok('INSERT INTO app.notes (id) VALUES (5)');
  await fails('ALTER TABLE app.notes ALTER COLUMN heading SET NOT NULL', 'NOT_NULL_VIOLATION');
  await ok("UPDATE app.notes SET heading = 'five' WHERE id = 5");
  await ok('ALTER TABLE app.notes ALTER COLUMN heading SET NOT NULL');
  await fails('INSERT INTO app.notes (id) VALUES (6)', 'NOT_NULL_VIOLATION');
  await ok('ALTER TABLE app.notes ALTER COLUMN heading DROP NOT NULL');
  await ok('INSERT INTO app.notes (id) VALUES (6)');
  [r] = await ok("SELECT schema_version FROM system.tables WHERE table_name = 'notes'");
  assert.ok(Number(r.rows[0][0]) >= 9);
});

test('SET ACCESS_LEVEL on shared tables only', async () => {
  await ok("CREATE SHARED TABLE app.cfg (k TEXT PRIMARY KEY); ALTER TABLE app.cfg SET ACCESS_LEVEL 'public'");
  const [r] = await ok("SELECT access_level FROM system.tables WHERE table_name = 'cfg'");
  assert.deepEqual(r.rows, [['public']]);
  await fails("ALTER TABLE app.notes SET ACCESS_LEVEL 'public'", 'INVALID_PARAMETER');
});

test('schema changes survive a restart', async () => {
  await server.stop();
  server = await startServer({ dir: server.root });
  const [r] = await ok('SELECT id, heading, pinned FROM app.notes WHERE id = 1');
  assert.deepEqual(r.rows, [['1', 'one', false]]);
});
