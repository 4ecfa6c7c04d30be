// `kalam` output (CONTRACT §9): psql's aligned format (compared with real psql against PostgreSQL
// 15), DML messages, errors with LINE and caret, exit codes, json/csv, -f FILE, --timing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync, statSync, existsSync, rmSync, chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, sql } from './helpers.mjs';
import { KALAM, hasTmux, useCliServer } from './cli_helpers.mjs';

const ctx = useCliServer();
const kalam = (args, opts) => ctx.kalam(args, opts);

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
  const file = join(ctx.home, 'script.sql');
  writeFileSync(file, "SELECT count(*) AS n FROM app.items;\nSELECT 'done' AS status;\n");
  const f = kalam(['-f', file]);
  assert.equal(f.code, 0, f.err);
  assert.equal(f.out, ' n \n---\n 2\n(1 row)\n\n status \n--------\n done\n(1 row)\n\n');
  const timed = kalam(['--timing', '-c', 'SELECT 1 AS one']);
  assert.match(timed.out, /\(1 row\)\n\nTime: \d+\.\d{3} ms\n$/);
  const untimed = kalam(['-c', 'SELECT 1 AS one']);
  assert.doesNotMatch(untimed.out, /Time:/);
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
