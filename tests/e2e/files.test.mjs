// Per-user files (CONTRACT §8): POST /v1/files stores a file in the caller's storage and records
// it in kalam.user_files; GET /v1/files/{id} gives it back to its owner alone; FILE columns name one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { startServer, login, expectOk, expectError } from './helpers.mjs';

let server;
const auth = {};

before(async () => {
  server = await startServer();
  await expectOk(server, `CREATE USER alice WITH PASSWORD 'alice-pass'; CREATE USER bob WITH PASSWORD 'bob-pass';
    CREATE NAMESPACE chat; CREATE USER TABLE chat.messages (id BIGINT PRIMARY KEY, body TEXT, attachment FILE)`);
  for (const name of ['alice', 'bob']) {
    auth[name] = `Bearer ${(await login(server, name, `${name}-pass`)).body.access_token}`;
  }
});

after(async () => {
  await server?.stop();
  server?.cleanup();
});

async function upload(authorization, name, bytes, type) {
  const form = new FormData();
  form.append('note', 'not the file');
  form.append('file', new Blob([bytes], { type }), name);
  const res = await fetch(`${server.url}/v1/files`, { method: 'POST', headers: authorization ? { authorization } : {}, body: form });
  return { status: res.status, body: await res.json() };
}
const download = (id, authorization) =>
  fetch(`${server.url}/v1/files/${id}`, { headers: authorization ? { authorization } : {} });

test('a user uploads a file, lists it, attaches it and downloads it; nobody else can', async () => {
  const bytes = Buffer.from([0, 1, 2, 255, 13, 10, 45, 45, 65]);  // binary, with CRLF and dashes
  const up = await upload(auth.alice, 'photo.png', bytes, 'image/png');
  assert.equal(up.status, 200, JSON.stringify(up.body));
  const file = up.body;
  assert.match(file.file_id, /^FI-[0-9a-f]{16}$/);
  assert.equal(file.name, 'photo.png');
  assert.equal(file.mime, 'image/png');
  assert.equal(file.size, bytes.length);
  assert.equal(file.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.equal(file.storage_id, 'local');
  assert.match(file.path, /^kalam\/users\/user_files\/shard-\d+\/alice\/files\/FI-/);
  assert.deepEqual(readFileSync(join(server.root, 'data', 'storage', file.path)), bytes);

  // Its row, the owner's alone.
  const [mine] = await expectOk(server, 'SELECT file_id, name, mime, size FROM kalam.user_files', { auth: auth.alice });
  assert.deepEqual(mine.rows, [[file.file_id, 'photo.png', 'image/png', String(bytes.length)]]);
  assert.equal((await expectOk(server, 'SELECT * FROM kalam.user_files', { auth: auth.bob }))[0].rows.length, 0);
  // SQL cannot write the table (a row could otherwise point at another user's file).
  await expectError(server, `UPDATE kalam.user_files SET path = 'x'`, 'PERMISSION_DENIED', { auth: auth.alice });
  await expectError(server, `INSERT INTO kalam.user_files (file_id, name, mime, size, sha256, storage_id, path)
    VALUES ('FI-1', 'x', 'y', 1, 'z', 'local', 'p')`, 'PERMISSION_DENIED');
  await expectError(server, 'DROP TABLE kalam.user_files', 'PERMISSION_DENIED');

  // A FILE column names it; it reads back as an object.
  await expectOk(server, `INSERT INTO chat.messages VALUES (1, 'look', '${file.file_id}')`, { auth: auth.alice });
  const [msg] = await expectOk(server, 'SELECT attachment FROM chat.messages', { auth: auth.alice });
  assert.deepEqual(msg.rows, [[{ file_id: file.file_id }]]);
  await expectError(server, "INSERT INTO chat.messages VALUES (2, 'x', 'not a file')", 'INVALID_TEXT_REPRESENTATION', { auth: auth.alice });

  const res = await download(file.file_id, auth.alice);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes);
  const theirs = await download(file.file_id, auth.bob);
  assert.equal(theirs.status, 404);
  assert.equal((await theirs.json()).error.code, 'NOT_FOUND');
  assert.equal((await download(file.file_id)).status, 401);
  assert.equal((await download('FI-0000000000000000', auth.alice)).status, 404);
});

test('bad uploads are clear errors', async () => {
  assert.equal((await upload(undefined, 'a.txt', 'x', 'text/plain')).status, 401);
  const json = await fetch(`${server.url}/v1/files`, { method: 'POST', headers: { authorization: auth.alice, 'content-type': 'application/json' }, body: '{}' });
  assert.equal(json.status, 400);
  assert.equal((await json.json()).error.code, 'INVALID_PARAMETER');
  const noFile = new FormData();
  noFile.append('other', 'x');
  const res = await fetch(`${server.url}/v1/files`, { method: 'POST', headers: { authorization: auth.alice }, body: noFile });
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.message, 'the form has no field "file"');
  assert.equal((await fetch(`${server.url}/v1/files`, { headers: { authorization: auth.alice } })).status, 405);
  assert.ok(!existsSync(join(server.root, 'data', 'storage', 'kalam', 'users', 'user_files', 'x')));
  // A type that is no plain type/subtype is stored (and served back) as application/octet-stream:
  // it becomes a response header, which must never carry a line break.
  const body = '--b\r\nContent-Disposition: form-data; name="file"; filename="x.html"\r\n' +
    'Content-Type: text/html\nX-Injected: 1\r\n\r\n<b>x</b>\r\n--b--\r\n';
  const odd = await fetch(`${server.url}/v1/files`, {
    method: 'POST', headers: { authorization: auth.alice, 'content-type': 'multipart/form-data; boundary=b' }, body });
  assert.equal(odd.status, 200);
  const stored = await odd.json();
  assert.equal(stored.mime, 'application/octet-stream');
  const back = await download(stored.file_id, auth.alice);
  assert.equal(back.headers.get('content-type'), 'application/octet-stream');
  assert.equal(back.headers.get('x-injected'), null);
  assert.equal(await back.text(), '<b>x</b>');
  const typed = await upload(auth.alice, 'a.txt', 'x', 'text/plain;charset=utf-8');
  assert.equal(typed.body.mime, 'text/plain');
});
