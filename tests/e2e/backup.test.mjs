// BACKUP DATABASE and RESTORE DATABASE (CONTRACT §3, §6): a backup is a directory holding a
// checkpoint of the hot store and a copy of the filesystem storages; a restore stages it and the
// server restarts (same process, same port) to put it in place.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, sql, login, waitJob, flushAndWait, expectOk, expectError } from './helpers.mjs';

let server;
let backups;
const auth = {};

before(async () => {
  server = await startServer();
  backups = mkdtempSync(join(tmpdir(), 'kalam-backups-'));
  await expectOk(server, `CREATE NAMESPACE app;
    CREATE USER TABLE app.notes (id BIGINT PRIMARY KEY, body TEXT);
    CREATE USER alice WITH PASSWORD 'alice-pass'; CREATE USER svc WITH PASSWORD 'svc-pass' ROLE service`);
  for (const name of ['alice', 'svc']) {
    auth[name] = `Bearer ${(await login(server, name, `${name}-pass`)).body.access_token}`;
  }
  await expectOk(server, "INSERT INTO app.notes VALUES (1, 'one'), (2, 'two')", { auth: auth.alice });
  await flushAndWait(server, 'app.notes');
  await expectOk(server, "INSERT INTO app.notes VALUES (3, 'three, hot')", { auth: auth.alice });
});

after(async () => {
  await server?.stop();
  server?.cleanup();
  if (backups) rmSync(backups, { recursive: true, force: true });
});

const aliceRows = async () => (await expectOk(server, 'SELECT id, body FROM app.notes ORDER BY id', { auth: auth.alice }))[0].rows;

test('a backup taken by a service is restored by a dba, with a restart of the same server', async () => {
  const dir = join(backups, 'b1');
  await expectError(server, `BACKUP DATABASE TO '${dir}'`, 'PERMISSION_DENIED', { auth: auth.alice });
  await expectError(server, "BACKUP DATABASE TO 'relative'", 'INVALID_PARAMETER');
  const [started] = await expectOk(server, `BACKUP DATABASE TO '${dir}'`, { auth: auth.svc });
  const m = started.message.match(/^Backup started to '(.*)'\. Job ID: (BK-[0-9a-f]{12})$/);
  assert.ok(m, started.message);
  const backupJob = await waitJob(server, m[2]);
  assert.equal(backupJob.status, 'completed', backupJob.message);
  assert.match(backupJob.message, /^Backed up to '.*': \d+ files, \d+ bytes \(1 filesystem storages copied\)$/);
  assert.ok(existsSync(join(dir, 'backup.json')));
  assert.ok(existsSync(join(dir, 'rocksdb', 'CURRENT')));

  // Changes after the backup, which the restore undoes.
  await expectOk(server, "DELETE FROM app.notes WHERE id = 1; INSERT INTO app.notes VALUES (9, 'later')", { auth: auth.alice });
  await expectOk(server, 'CREATE SHARED TABLE app.later (id BIGINT PRIMARY KEY)');
  assert.deepEqual(await aliceRows(), [['2', 'two'], ['3', 'three, hot'], ['9', 'later']]);

  await expectError(server, `RESTORE DATABASE FROM '${dir}'`, 'PERMISSION_DENIED', { auth: auth.svc });
  await expectError(server, `RESTORE DATABASE FROM '${backups}'`, 'INVALID_PARAMETER');  // no backup.json
  const [restore] = await expectOk(server, `RESTORE DATABASE FROM '${dir}'`);
  const r = restore.message.match(/^Restore started from '.*' \(backup (BK-[0-9a-f]{12}) of .*\)\. Job ID: (RS-[0-9a-f]{12}); the server restarts to apply it$/);
  assert.ok(r, restore.message);
  assert.equal(r[1], m[2]);

  // The server restarts on its port; once it answers again, its job says it restored.
  const deadline = Date.now() + 30000;
  let restored;
  while (Date.now() < deadline && !restored) {
    try {
      const res = await sql(server, `SELECT status, message FROM system.jobs WHERE job_id = '${r[2]}'`);
      const row = res.body.results?.[0]?.rows?.[0];
      if (row && row[1].startsWith('Restored from')) restored = row;
    } catch { /* restarting */ }
    if (!restored) await new Promise((done) => setTimeout(done, 100));
  }
  assert.ok(restored, `no restore after 30 s: ${server.stderr.slice(-2000)}`);
  assert.equal(restored[0], 'completed');
  assert.equal(server.child.exitCode, null);  // the same process, restarted in place
  assert.match(server.stderr, /restarting to apply a restore/);

  assert.deepEqual(await aliceRows(), [['1', 'one'], ['2', 'two'], ['3', 'three, hot']]);
  await expectError(server, 'SELECT * FROM app.later', 'TABLE_NOT_FOUND');
  const jobs = (await expectOk(server, `SELECT status FROM system.jobs WHERE job_id = '${m[2]}'`))[0].rows;
  assert.deepEqual(jobs, [['completed']]);
  // The restored database takes writes and flushes as before.
  await expectOk(server, "INSERT INTO app.notes VALUES (5, 'after restore')", { auth: auth.alice });
  assert.equal((await flushAndWait(server, 'app.notes')).job.status, 'completed');
  assert.equal((await aliceRows()).length, 4);
});
