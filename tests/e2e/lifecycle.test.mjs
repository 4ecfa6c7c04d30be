import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, sql, SERVER_BIN } from './helpers.mjs';

function run(args, env) {
  return new Promise((res) => {
    const child = spawn(SERVER_BIN, args, { env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (c) => { stderr += c; });
    child.on('exit', (code) => res({ code, stderr }));
  });
}

test('a taken port exits 2 with a clear message before storage is opened', async () => {
  const server = await startServer();
  try {
    const dir = mkdtempSync(join(tmpdir(), 'kalam-port-'));
    const { code, stderr } = await run([], {
      KALAMDB_PORT: String(server.port), KALAMDB_DATA_DIR: join(dir, 'data'), KALAMDB_LOGS_DIR: join(dir, 'logs'),
    });
    assert.equal(code, 2);
    assert.match(stderr, new RegExp(`port ${server.port} is already in use`));
    assert.equal(existsSync(join(dir, 'data', 'rocksdb')), false);
    rmSync(dir, { recursive: true, force: true });
  } finally {
    await server.stop();
    server.cleanup();
  }
});

test('SIGTERM lets in-flight requests finish and exits 0', async () => {
  const server = await startServer();
  try {
    const slow = sql(server, 'SELECT count(*) AS n FROM range(400000000) t(x) WHERE x % 7 = 0');
    await new Promise((r) => setTimeout(r, 150));
    server.child.kill('SIGTERM');
    const r = await slow;
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.results[0].rows, [['57142858']]);
    const { code } = await server.exited;
    assert.equal(code, 0);
  } finally {
    server.cleanup();
  }
});

test('SIGINT also stops cleanly', async () => {
  const server = await startServer();
  const { code } = await server.stop('SIGINT');
  assert.equal(code, 0);
  server.cleanup();
});

test('namespaces survive a restart; the data layout matches the contract', async () => {
  const first = await startServer();
  await sql(first, 'CREATE NAMESPACE keepme');
  await first.stop();
  for (const sub of ['rocksdb', 'storage', 'exports', 'tmp']) {
    assert.ok(existsSync(join(first.root, 'data', sub)), sub);
  }
  assert.ok(readdirSync(join(first.root, 'logs')).includes('server.log'));
  const second = await startServer({ dir: first.root });
  try {
    const r = await sql(second, 'SHOW NAMESPACES');
    assert.deepEqual(r.body.results[0].rows.map((row) => row[0]), ['keepme']);
  } finally {
    await second.stop();
    second.cleanup();
  }
});

test('a kill -9 loses no committed namespace', async () => {
  const first = await startServer();
  for (let i = 0; i < 20; i++) await sql(first, `CREATE NAMESPACE n${i}`);
  await first.stop('SIGKILL');
  const second = await startServer({ dir: first.root });
  try {
    const r = await sql(second, 'SELECT count(*) FROM system.namespaces');
    assert.deepEqual(r.body.results[0].rows, [[20]].map(([n]) => [String(n)]));
  } finally {
    await second.stop();
    second.cleanup();
  }
});

test('tokens keep working across restarts (secret kept in the data dir)', async () => {
  const first = await startServer();
  const login = await (await fetch(`${first.url}/v1/api/auth/login`, {
    method: 'POST', body: JSON.stringify({ username: 'root', password: '' }),
  })).json();
  await first.stop();
  const second = await startServer({ dir: first.root });
  try {
    const r = await sql(second, 'SELECT 1', { auth: `Bearer ${login.access_token}` });
    assert.equal(r.status, 200);
  } finally {
    await second.stop();
    second.cleanup();
  }
});

test('a config file is read and environment variables override it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kalam-cfg-'));
  const file = join(dir, 'server.toml');
  writeFileSync(file, `[server]\nport = 1\n[auth]\nroot_password = "from-file"\n[limits]\nmax_sql_bytes = 64\n`);
  const server = await startServer({ dir, args: ['--config', file] });
  try {
    const r = await sql(server, 'SELECT 1', { auth: 'Basic ' + Buffer.from('root:from-file').toString('base64') });
    assert.equal(r.status, 200);
    const long = await sql(server, 'SELECT 1 -- ' + 'x'.repeat(100), { auth: 'Basic ' + Buffer.from('root:from-file').toString('base64') });
    assert.equal(long.body.error.code, 'PROGRAM_LIMIT_EXCEEDED');
  } finally {
    await server.stop();
    server.cleanup();
  }
});

test('a bad config file is refused with exit 1 and a message', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kalam-badcfg-'));
  const file = join(dir, 'server.toml');
  writeFileSync(file, '[server]\nprot = 8080\n');
  const { code, stderr } = await run(['--config', file], {});
  assert.equal(code, 1);
  assert.match(stderr, /unknown key \[server\] prot/);
  rmSync(dir, { recursive: true, force: true });
});
