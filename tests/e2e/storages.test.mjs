// Storages (CONTRACT §4): system.storages with `local` first, CREATE/ALTER/DROP/SHOW STORAGE,
// template validation, credentials hidden from non-dba, table directories created and removed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, sql, basic, expectError } from './helpers.mjs';

let server;
let archive;
const user = basic('sam', 'sam-pass-12');

async function ok(text, opts) {
  const r = await sql(server, text, opts);
  assert.equal(r.status, 200, `${text}\n${JSON.stringify(r.body)}`);
  return r.body.results;
}
const fails = (text, code, opts) => expectError(server, text, code, opts);

before(async () => {
  server = await startServer();
  archive = mkdtempSync(join(tmpdir(), 'kalam-archive-'));
  await ok("CREATE NAMESPACE app; CREATE USER sam WITH PASSWORD 'sam-pass-12'");
});
after(async () => { await server.stop(); server.cleanup(); rmSync(archive, { recursive: true, force: true }); });

test('the local storage exists from the first start and is listed first', async () => {
  await ok("CREATE STORAGE aaa TYPE 'filesystem' URI '/tmp/kalam-aaa'");
  const [res] = await ok('SHOW STORAGES');
  assert.deepEqual(res.schema.map((c) => c.name), ['storage_id', 'storage_name', 'description', 'storage_type', 'uri',
    'credentials', 'shared_tables_template', 'user_tables_template', 'created_at', 'updated_at']);
  assert.equal(res.rows[0][0], 'local');
  assert.equal(res.rows[0][3], 'filesystem');
  assert.equal(res.rows[0][4], join(server.root, 'data', 'storage'));
  assert.equal(res.rows[0][6], '{namespace}/shared/{tableName}');
  assert.equal(res.rows[0][7], '{namespace}/users/{tableName}/{shard}/{userId}');
  assert.equal(res.rows[1][0], 'aaa');
  await ok('DROP STORAGE aaa');
});

test('CREATE STORAGE validates types, URIs, templates and credentials', async () => {
  await fails("CREATE STORAGE x TYPE 'ftp' URI '/x'", 'INVALID_PARAMETER');
  await fails("CREATE STORAGE x URI '/x'", 'INVALID_PARAMETER');
  await fails("CREATE STORAGE x TYPE 'filesystem' URI 'relative/dir'", 'INVALID_PARAMETER');
  await fails("CREATE STORAGE x TYPE 's3' URI '/not/s3'", 'INVALID_PARAMETER');
  await fails("CREATE STORAGE x TYPE 'filesystem' URI '/x' SHARED_TABLES_TEMPLATE '{tableName}/{namespace}'", 'INVALID_PARAMETER');
  await fails("CREATE STORAGE x TYPE 'filesystem' URI '/x' USER_TABLES_TEMPLATE '{namespace}/{tableName}/{userId}/{shard}'", 'INVALID_PARAMETER');
  await fails("CREATE STORAGE x TYPE 'filesystem' URI '/x' USER_TABLES_TEMPLATE '{namespace}/{tableName}'", 'INVALID_PARAMETER');
  await fails("CREATE STORAGE x TYPE 'filesystem' URI '/x' SHARED_TABLES_TEMPLATE '../{namespace}/{tableName}'", 'INVALID_PARAMETER');
  await fails("CREATE STORAGE x TYPE 's3' URI 's3://b/p/' CREDENTIALS 'not json'", 'INVALID_PARAMETER');
  await fails("CREATE STORAGE x TYPE 's3' URI 's3://b/p/' NAME 'a' NAME 'b'", 'INVALID_PARAMETER');
  await fails("CREATE STORAGE local TYPE 'filesystem' URI '/x'", 'ALREADY_EXISTS');
  await ok("CREATE STORAGE IF NOT EXISTS local TYPE 'filesystem' URI '/x'");
  const denied = await sql(server, "CREATE STORAGE x TYPE 'filesystem' URI '/x'", { auth: user });
  assert.equal(denied.status, 403);
});

test('credentials are shown to dba and system only', async () => {
  await ok(`CREATE STORAGE s3_eu TYPE 's3' NAME 'EU bucket' DESCRIPTION 'eu' URI 's3://bucket/prefix/'
    USER_TABLES_TEMPLATE '{namespace}/u/{tableName}/{userId}'
    CREDENTIALS '{"access_key_id":"AK","secret_access_key":"SK","region":"eu-west-1"}'`);
  const q = "SELECT storage_name, credentials, user_tables_template FROM system.storages WHERE storage_id = 's3_eu'";
  const [root] = await ok(q);
  assert.deepEqual(root.rows[0], ['EU bucket', { access_key_id: 'AK', secret_access_key: 'SK', region: 'eu-west-1' },
    '{namespace}/u/{tableName}/{userId}']);
  const [sam] = await ok(q, { auth: user });
  assert.deepEqual(sam.rows[0], ['EU bucket', null, '{namespace}/u/{tableName}/{userId}']);
  await ok("ALTER STORAGE s3_eu SET DESCRIPTION 'moved', NAME 'EU'");
  const [after] = await ok("SELECT storage_name, description FROM system.storages WHERE storage_id = 's3_eu'");
  assert.deepEqual(after.rows, [['EU', 'moved']]);
  await fails("ALTER STORAGE s3_eu SET TYPE 'filesystem'", 'FEATURE_NOT_SUPPORTED');
  await fails("ALTER STORAGE s3_eu SET URI '/not-s3'", 'INVALID_PARAMETER');
  await fails("ALTER STORAGE nope SET NAME 'x'", 'INVALID_PARAMETER');
});

test('tables use storages: directories made and removed, DROP STORAGE refused while in use', async () => {
  await ok(`CREATE STORAGE archive TYPE 'filesystem' URI '${archive}'`);
  await fails("CREATE SHARED TABLE app.bad (id BIGINT PRIMARY KEY) WITH (STORAGE_ID='nope')", 'INVALID_PARAMETER');
  await ok("CREATE SHARED TABLE app.cfg (id BIGINT PRIMARY KEY, v TEXT) WITH (STORAGE_ID='archive')");
  await ok('CREATE SHARED TABLE app.local_cfg (id BIGINT PRIMARY KEY, v TEXT)');
  assert.ok(existsSync(join(archive, 'app', 'shared', 'cfg')), 'shared table directory in its storage');
  assert.ok(existsSync(join(server.root, 'data', 'storage', 'app', 'shared', 'local_cfg')));
  const [tables] = await ok("SELECT storage_id FROM system.tables WHERE table_name = 'cfg'");
  assert.deepEqual(tables.rows, [['archive']]);
  const inUse = await fails('DROP STORAGE archive', 'OBJECT_IN_USE');
  assert.equal(inUse.sqlstate, '55006');
  assert.match(inUse.message, /app\.cfg/);
  await fails('DROP STORAGE local', 'OBJECT_IN_USE');
  await ok('DROP TABLE app.cfg; DROP TABLE app.local_cfg');
  assert.ok(!existsSync(join(archive, 'app')), 'no trace left in the storage');
  assert.ok(!existsSync(join(server.root, 'data', 'storage', 'app', 'shared', 'local_cfg')));
  // A user's storage keeps it in use too.
  await ok("ALTER USER sam SET STORAGE_ID 'archive'");
  await fails('DROP STORAGE archive', 'OBJECT_IN_USE');
  await ok("ALTER USER sam SET STORAGE_ID ''");
  await ok('DROP STORAGE archive; DROP STORAGE IF EXISTS archive');
  await fails('DROP STORAGE archive', 'INVALID_PARAMETER');
});

test('storages survive a restart', async () => {
  await ok("CREATE STORAGE keepme TYPE 'filesystem' URI '/tmp/kalam-keepme' DESCRIPTION 'kept'");
  await server.stop();
  server = await startServer({ dir: server.root });
  const [res] = await ok("SELECT storage_id, description FROM system.storages ORDER BY storage_id <> 'local', storage_id");
  assert.equal(res.rows[0][0], 'local');
  assert.ok(res.rows.some((r) => r[0] === 'keepme' && r[1] === 'kept'));
});
