import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
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

test('fsync\'d writes get a WAL written over zeros ([rocksdb] prezero_wal_bytes); unsynced ones do not', async () => {
  const files = (server) => {
    const dir = join(server.root, 'data', 'rocksdb');
    return readdirSync(dir).filter((f) => f.endsWith('.log') || f.startsWith('WAL-SPARE'))
      .map((f) => [f, statSync(join(dir, f)).size]);
  };
  for (const sync of ['true', 'false']) {
    const server = await startServer({ env: { KALAMDB_SYNC_WRITES: sync } });
    try {
      await sql(server, 'CREATE NAMESPACE z');
      const seen = files(server);
      const wals = seen.filter(([f]) => f.endsWith('.log'));
      if (sync === 'true') {
        // The open WAL is the 32 MiB spare renamed (the default size).
        assert.ok(wals.some(([, n]) => n === 32 << 20), JSON.stringify(seen));
      } else {
        assert.ok(!seen.some(([f]) => f.startsWith('WAL-SPARE')), JSON.stringify(seen));
        assert.ok(wals.every(([, n]) => n < 1 << 20), JSON.stringify(seen));
      }
    } finally {
      await server.stop();
      server.cleanup();
    }
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
    // system.settings shows what the server runs with: file values, env overrides, secrets hidden.
    const rootAuth = 'Basic ' + Buffer.from('root:from-file').toString('base64');
    const settings = await sql(server, 'SELECT * FROM system.settings', { auth: rootAuth });  // (max_sql_bytes 64)
    assert.equal(settings.status, 200, JSON.stringify(settings.body));
    assert.deepEqual(settings.body.results[0].schema.map((c) => c.name), ['name', 'value', 'description']);
    const wanted = ['auth.root_password', 'limits.max_sql_bytes', 'server.port', 'storage.sync_writes'];
    const rows = settings.body.results[0].rows.filter((r) => wanted.includes(r[0])).sort((a, b) => a[0].localeCompare(b[0]));
    assert.deepEqual(rows.map((r) => [r[0], r[1]]), [
      ['auth.root_password', '********'], ['limits.max_sql_bytes', '64'],
      ['server.port', String(server.port)], ['storage.sync_writes', 'true']]);
    for (const r of rows) assert.ok(r[2].length > 10, `${r[0]} has a description`);
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

test('system.stats reports memory, counters and subscriptions; dba/system only', async () => {
  const server = await startServer();
  try {
    await sql(server, 'CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT)');
    await sql(server, "INSERT INTO app.t VALUES (1, 'a'), (2, 'b')");
    const stats = async () => {
      const r = await sql(server, 'SELECT metric, value FROM system.stats');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.results[0].schema.map((c) => [c.name, c.data_type]), [['metric', 'TEXT'], ['value', 'TEXT']]);
      return Object.fromEntries(r.body.results[0].rows);
    };
    const before = await stats();
    assert.match(before.server_version, /^\d+\.\d+/);
    for (const m of ['uptime_seconds', 'memory_rss_bytes', 'heap_allocated_bytes', 'heap_resident_bytes', 'rocksdb_memtable_bytes', 'rocksdb_memtable_budget_bytes',
      'rocksdb_block_cache_bytes', 'rocksdb_column_families', 'duckdb_memory_bytes', 'duckdb_heap_allocated_bytes',
      'cold_row_cache_bytes',
      'live_subscriptions', 'ws_queued_bytes', 'point_lookups', 'cold_rows_served', 'table_scans']) {
      assert.match(before[m] ?? '', /^\d+$/, m);
    }
    assert.ok(Number(before.memory_rss_bytes) > 10 << 20, 'RSS of a running server');
    assert.ok(Number(before.duckdb_heap_allocated_bytes) > 0, 'DuckDB\'s allocator (part of its library) is in use');
    assert.ok(Number(before.rocksdb_memtable_bytes) > 0, 'the two rows are in a memtable');
    assert.ok(Number(before.rocksdb_column_families) >= 4, 'system, the table\'s shard, change logs');
    // Counters move with the work: a primary-key lookup and a scan.
    await sql(server, 'SELECT v FROM app.t WHERE id = 1');
    await sql(server, 'SELECT count(*) FROM app.t');
    const after = await stats();
    assert.equal(Number(after.point_lookups), Number(before.point_lookups) + 1);
    assert.ok(Number(after.table_scans) > Number(before.table_scans));
    // A filter and a join work as on any table.
    const one = await sql(server, "SELECT s.value FROM system.stats s WHERE s.metric = 'live_subscriptions'");
    assert.deepEqual(one.body.results[0].rows, [['0']]);
    // Other roles are refused.
    await sql(server, "CREATE USER bob WITH PASSWORD 'bob-password-1'");
    const bob = 'Basic ' + Buffer.from('bob:bob-password-1').toString('base64');
    for (const t of ['system.stats', 'system.settings']) {
      const denied = await sql(server, `SELECT * FROM ${t}`, { auth: bob });
      assert.equal(denied.status, 403, `${t}: ${JSON.stringify(denied.body)}`);
    }
  } finally {
    await server.stop();
    server.cleanup();
  }
});
