// EXPORT USER DATA, SHOW EXPORT and GET /v1/exports/{id} (CONTRACT §2, §3): a user's rows of every
// USER and STREAM table in one JSON file, downloadable by that user alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, sql, login, waitJob, expectOk, expectError } from './helpers.mjs';

let server;
const auth = {};

before(async () => {
  server = await startServer();
  await expectOk(server, `CREATE NAMESPACE app;
    CREATE USER TABLE app.notes (id BIGINT PRIMARY KEY, body TEXT, at TIMESTAMP DEFAULT NOW());
    CREATE SHARED TABLE app.cfg (k TEXT PRIMARY KEY, v TEXT) WITH (ACCESS_LEVEL='public');
    INSERT INTO app.cfg VALUES ('k', 'shared');
    CREATE USER alice WITH PASSWORD 'alice-pass'; CREATE USER bob WITH PASSWORD 'bob-pass'`);
  for (const name of ['alice', 'bob']) {
    auth[name] = `Bearer ${(await login(server, name, `${name}-pass`)).body.access_token}`;
  }
  await expectOk(server, "INSERT INTO app.notes (id, body) VALUES (1, 'alice one'), (2, 'alice two')", { auth: auth.alice });
  await expectOk(server, "INSERT INTO app.notes (id, body) VALUES (1, 'bob secret')", { auth: auth.bob });
});

after(async () => {
  await server?.stop();
  server?.cleanup();
});

const download = (id, authorization) =>
  fetch(`${server.url}/v1/exports/${id}`, { headers: authorization ? { authorization } : {} });

test('a user exports their own rows and downloads them; nobody else can', async () => {
  const [started] = await expectOk(server, 'EXPORT USER DATA', { auth: auth.alice });
  const m = started.message.match(/^Export started for user 'alice'\. Job ID: (UE-[0-9a-f]{12})$/);
  assert.ok(m, started.message);
  const id = m[1];
  assert.equal((await waitJob(server, id)).status, 'completed');

  const [shown] = await expectOk(server, 'SHOW EXPORT', { auth: auth.alice });
  assert.deepEqual(shown.schema.map((c) => c.name), ['export_id', 'status', 'download_url', 'message', 'created_at', 'finished_at']);
  assert.deepEqual(shown.rows[0].slice(0, 3), [id, 'completed', `/v1/exports/${id}`]);
  assert.equal((await expectOk(server, 'SHOW EXPORT', { auth: auth.bob }))[0].rows.length, 0);
  assert.ok(existsSync(join(server.root, 'data', 'exports', 'alice', `${id}.json`)));

  const res = await download(id, auth.alice);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /application\/json/);
  const doc = await res.json();
  assert.equal(doc.user, 'alice');
  assert.equal(doc.export_id, id);
  // Every USER/STREAM table (her files' rows too), no SHARED one.
  assert.deepEqual(doc.tables.map((t) => `${t.namespace}.${t.table}`), ['app.notes', 'kalam.user_files']);
  assert.deepEqual(doc.tables[1].rows, []);
  assert.deepEqual(doc.tables[0].schema.map((c) => c.name), ['id', 'body', 'at']);
  assert.deepEqual(doc.tables[0].rows.map((r) => r.slice(0, 2)), [['1', 'alice one'], ['2', 'alice two']]);
  assert.match(doc.tables[0].rows[0][2], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

  // Another user, no credentials, an unknown id.
  const theirs = await download(id, auth.bob);
  assert.equal(theirs.status, 404);
  assert.equal((await theirs.json()).error.code, 'NOT_FOUND');
  assert.equal((await download(id)).status, 401);
  assert.equal((await download('UE-000000000000', auth.alice)).status, 404);

  // Bob's export holds his row only; EXECUTE AS USER exports for a service.
  const [bobs] = await expectOk(server, 'EXPORT USER DATA', { auth: auth.bob });
  const bobId = bobs.message.slice(bobs.message.indexOf('UE-'));
  await waitJob(server, bobId);
  const bobDoc = await (await download(bobId, auth.bob)).json();
  assert.deepEqual(bobDoc.tables[0].rows.map((r) => r[1]), ['bob secret']);
  const [asAlice] = await expectOk(server, "EXECUTE AS USER 'alice' (EXPORT USER DATA)");
  assert.match(asAlice.message, /^Export started for user 'alice'\. Job ID: UE-/);
  await expectError(server, "EXECUTE AS USER 'alice' (EXPORT USER DATA)", 'PERMISSION_DENIED', { auth: auth.bob });
});
