// The `kalam` CLI (CONTRACT §9) against the real server: connection and login failures, psql's
// aligned output compared with real psql against PostgreSQL 15, DML messages, errors with a caret,
// json/csv, files, timing, stored tokens, meta-commands, and the interactive prompt under tmux.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, statSync, existsSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, sql } from './helpers.mjs';

const KALAM = process.env.KALAM_CLI_BIN ?? resolve('build/bin/kalam');
let server;
let home;

function kalam(args, { env = {}, input } = {}) {
  const r = spawnSync(KALAM, ['--url', server.url, ...args], {
    env: { PATH: process.env.PATH, HOME: home, ...env }, encoding: 'utf8', input, timeout: 30000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(async () => {
  server = await startServer();
  home = mkdtempSync(join(tmpdir(), 'kalam-cli-home-'));
  const r = await sql(server, `CREATE NAMESPACE app; CREATE USER alice WITH PASSWORD 'alice-pass-1';
    CREATE SHARED TABLE app.items (id BIGINT PRIMARY KEY, name TEXT, note TEXT) WITH (ACCESS_LEVEL='public')`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
});
after(async () => { await server.stop(); server.cleanup(); rmSync(home, { recursive: true, force: true }); });

test('an unreachable server or a failed login exits 2 before any prompt', () => {
  const r = spawnSync(KALAM, ['-h', '127.0.0.1', '-p', '1'], { env: { PATH: process.env.PATH, HOME: home }, encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^kalam: could not connect to server at http:\/\/127\.0\.0\.1:1: /);
  assert.equal(r.stdout, '', 'no prompt, no banner');
  const bad = kalam(['-U', 'alice', '-c', 'SELECT 1'], { env: { KALAM_PASSWORD: 'wrong-password' } });
  assert.equal(bad.code, 2);
  assert.match(bad.err, /login as "alice" failed: password authentication failed/);
});

test('results, DML messages and errors look like psql; exit 1 on a SQL error', () => {
  const r = kalam(['-c', "INSERT INTO app.items VALUES (1, 'apple', NULL), (2, 'pear', 'ripe')",
                   '-c', "UPDATE app.items SET note = 'green' WHERE id = 1", '-c', 'SELECT id, name, note FROM app.items ORDER BY id',
                   '-c', 'DELETE FROM app.items WHERE id = 2']);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, '2 rows inserted.\n1 row updated.\n' +
    ' id | name  | note  \n' +
    '----+-------+-------\n' +
    '  1 | apple | green\n' +
    '  2 | pear  | ripe\n' +
    '(2 rows)\n\n' +
    '1 row deleted.\n');
  // (FORM reads as an alias, so the error is at "app", as psql would say too.)
  const err = kalam(['-c', 'SELECT * FORM app.items']);
  assert.equal(err.code, 1);
  assert.equal(err.err, 'ERROR:  syntax error at or near "app"\nLINE 1: SELECT * FORM app.items\n                      ^\n');
  const missing = kalam(['-c', 'SELECT * FROM app.nope']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /^ERROR: {2}.*app\.nope.*does not exist/);
});

test('--format json and csv, -f FILE, --timing', () => {
  const json = kalam(['--format', 'json', '-c', "SELECT id, name FROM app.items; INSERT INTO app.items VALUES (5, 'kiwi', 'a,\"b\"')"]);
  assert.equal(json.code, 0, json.err);
  const [rows, dml] = json.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(rows, [{ id: '1', name: 'apple' }]);
  assert.deepEqual(dml, { row_count: 1, message: '1 row inserted.' });
  const csv = kalam(['--format', 'csv', '-c', 'SELECT id, note FROM app.items ORDER BY id']);
  assert.equal(csv.out, 'id,note\n1,green\n5,"a,""b"""\n');
  const file = join(home, 'script.sql');
  writeFileSync(file, "SELECT count(*) AS n FROM app.items;\nSELECT 'done' AS status;\n");
  const f = kalam(['-f', file]);
  assert.equal(f.code, 0, f.err);
  assert.equal(f.out, ' n \n---\n 2\n(1 row)\n\n status \n--------\n done\n(1 row)\n\n');
  const timed = kalam(['--timing', '-c', 'SELECT 1 AS one']);
  assert.match(timed.out, /\(1 row\)\n\nTime: \d+\.\d{3} ms\n$/);
  const untimed = kalam(['-c', 'SELECT 1 AS one']);
  assert.doesNotMatch(untimed.out, /Time:/);
});

test('tokens are stored (0600, never the password) and reused', () => {
  const first = kalam(['-U', 'alice', '-c', '\\conninfo'], { env: { KALAM_PASSWORD: 'alice-pass-1' } });
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /connected to .* as user "alice"/);
  const file = join(home, '.kalam', 'credentials.toml');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const text = readFileSync(file, 'utf8');
  assert.match(text, /username = ['"]alice['"]/);
  assert.doesNotMatch(text, /alice-pass-1/);
  // No password given: the stored token is used.
  const again = kalam(['-c', '\\conninfo']);
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /as user "alice"/);
  // A token the server no longer accepts is dropped; root (empty password, loopback) logs in.
  writeFileSync(file, `["${server.url}"]\nusername = "alice"\ntoken = "forged.token.value"\nexpires_at = ""\n`);
  chmodSync(file, 0o600);
  const forged = kalam(['-c', '\\conninfo']);
  assert.equal(forged.code, 0, forged.err);
  assert.match(forged.out, /as user "root"/);
  assert.ok(existsSync(join(home, '.kalam', 'logs', 'kalam.log')));
});

test('meta-commands: \\dt \\dn \\du \\d \\health \\x', () => {
  const r = kalam(['-U', 'root', '-c', '\\dt app', '-c', '\\dn', '-c', '\\d app.items', '-c', '\\health', '-c', '\\du']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, / app {10}\| items {6}\| shared/);
  assert.match(r.out, / namespace_id \n-+\n app\n/);
  assert.match(r.out, / id {10}\| BIGINT/);
  assert.match(r.out, /Server .* is healthy/);
  assert.match(r.out, / alice {4}\| user/);
  const x = kalam(['-U', 'root', '-c', '\\x', '-c', 'SELECT 1 AS id, \'alice\' AS name']);
  assert.equal(x.out, 'Expanded display is on.\n-[ RECORD 1 ]-\nid   | 1\nname | alice\n\n');
  const bad = kalam(['-U', 'root', '-c', '\\nope']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /invalid command \\nope/);
});

// ---------- psql's own output for the same queries (PostgreSQL 15 from Debian) ----------
const PGBIN = '/usr/lib/postgresql/15/bin';
const QUERIES = [
  "SELECT 1 AS id, 'alice' AS name",
  "SELECT x, x * 10 AS tens, 'row ' || x AS label FROM generate_series(1, 3) AS g(x) ORDER BY x",
  "SELECT NULL AS n, 'x' AS s",
  "SELECT 'a' || chr(10) || 'bb' AS t, 1 AS n",
  "SELECT 1 AS a WHERE 1 = 0",
  "SELECT 'a' AS longer_header_name, 12345 AS x",
  "SELECT 'héllo' AS w, 'wörld' AS v",
  "SELECT 'left' AS a, 'centred header' AS b, 3 AS c",
];

test('kalam -c prints exactly what psql prints for the same queries', { skip: !existsSync(`${PGBIN}/initdb`) && 'PostgreSQL 15 is not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kalam-psql-'));
  chmodSync(dir, 0o755);
  const asPg = (cmd, args) => (process.getuid() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  const run = (cmd, args, opts = {}) => { const [c, a] = asPg(cmd, args); return execFileSync(c, a, { encoding: 'utf8', ...opts }); };
  if (process.getuid() === 0) execFileSync('chown', ['postgres', dir]);
  const port = 20000 + Math.floor(Math.random() * 20000);
  try {
    run(`${PGBIN}/initdb`, ['-D', join(dir, 'pg'), '-A', 'trust', '-U', 'postgres'], { stdio: 'ignore' });
    run(`${PGBIN}/pg_ctl`, ['-D', join(dir, 'pg'), '-l', join(dir, 'pg.log'), '-w', 'start', '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`], { stdio: 'ignore' });
    for (const q of QUERIES) {
      const psql = execFileSync('psql', ['-X', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-c', q],
        { encoding: 'utf8', env: { PATH: process.env.PATH, PGCLIENTENCODING: 'UTF8' } });
      const k = kalam(['-U', 'root', '-c', q]);
      assert.equal(k.code, 0, k.err);
      assert.equal(k.out, psql, `query: ${q}\n--- kalam ---\n${k.out}--- psql ---\n${psql}`);
    }
  } finally {
    try { run(`${PGBIN}/pg_ctl`, ['-D', join(dir, 'pg'), 'stop', '-m', 'immediate'], { stdio: 'ignore' }); } catch {}
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---------- interactive, for real, under tmux ----------
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

test('interactive: coloured prompt dot, completion of a table name, Ctrl-D; the dot turns red when the server goes', { skip: !hasTmux && 'tmux is not installed' }, async () => {
  const other = await startServer();
  const session = `kalam-${process.pid}`;
  const tmux = (...args) => execFileSync('tmux', ['-L', session, ...args], { encoding: 'utf8' });
  const screen = () => tmux('capture-pane', '-p', '-e', '-t', session);
  const waitFor = async (pred, what) => {
    for (let i = 0; i < 100; i++) {
      const s = screen();
      if (pred(s)) return s;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}:\n${screen()}`);
  };
  try {
    await sql(other, "CREATE NAMESPACE shop; CREATE SHARED TABLE shop.inventory (id BIGINT PRIMARY KEY)");
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '30',
      `env HOME=${home} TERM=xterm-256color ${KALAM} --url ${other.url} -U root`);
    await waitFor((s) => s.includes('kalam>'), 'the prompt');
    const green = await waitFor((s) => /\x1b\[32m●/.test(s), 'a green dot');
    assert.match(green, /connected to .* as root/);
    // Tab completes a table name the server knows.
    tmux('send-keys', '-t', session, 'SELECT * FROM shop.inv', 'Tab');
    await waitFor((s) => s.includes('SELECT * FROM shop.inventory'), 'completion');
    tmux('send-keys', '-t', session, '-l', '; ');  // a bare ";" argument would separate tmux commands
    tmux('send-keys', '-t', session, 'Enter');
    await waitFor((s) => s.includes('(0 rows)') && /Time: \d+\.\d{3} ms/.test(s), 'the result with timing');
    // The server goes away: the next health check paints the dot red.
    await other.stop();
    // (The prompt is drawn anew after each Enter; the health check runs every 3 s.)
    let presses = 0;
    await waitFor((s) => {
      if (++presses % 10 === 0) tmux('send-keys', '-t', session, 'Enter');
      return /\x1b\[31m●/.test(s);
    }, 'a red dot');
    tmux('send-keys', '-t', session, 'C-d');
    await waitFor((s) => !s.includes('kalam>') || s.trim().endsWith('$'), 'exit').catch(() => {});
    assert.ok(existsSync(join(home, '.kalam', 'history')));
  } finally {
    try { tmux('kill-server'); } catch {}
    await other.stop();
    other.cleanup();
  }
});
