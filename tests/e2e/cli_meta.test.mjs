// `kalam` meta-commands (CONTRACT §9): \\dt \\dn \\du \\d \\health \\conninfo \\x and unknown ones.
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

test('meta-commands: \\dt \\dn \\du \\d \\health \\x', () => {
  const r = kalam(['-U', 'root', '-c', '\\dt app', '-c', '\\dn', '-c', '\\d app.items', '-c', '\\health', '-c', '\\du']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, / app {10}\| items {6}\| shared/);
  assert.match(r.out, / namespace_id \n-+\n app\n/);
  assert.match(r.out, / id {10}\| BIGINT/);
  assert.match(r.out, /Server .* is healthy/);
  assert.match(r.out, / alice {4}\| user/);
  // psql's patterns: namespace.table with * and ?.
  const p = kalam(['-U', 'root', '-c', '\\dt app.it*', '-c', '\\dt *.i?ems', '-c', '\\dt app.nothing*']);
  assert.equal(p.code, 0, p.err);
  assert.equal(p.out.match(/ app {10}\| items {6}\| shared/g).length, 2, p.out);
  assert.match(p.out, /\(0 rows\)/);
  const x = kalam(['-U', 'root', '-c', '\\x', '-c', 'SELECT 1 AS id, \'alice\' AS name']);
  assert.equal(x.out, 'Expanded display is on.\n-[ RECORD 1 ]-\nid   | 1\nname | alice\n\n');
  const file = join(ctx.home, 'meta.sql');
  writeFileSync(file, "SELECT 'from a file' AS src;\n");
  const i = kalam(['-U', 'root', '-c', `\\i ${file}`, '-c', '\\format csv', '-c', 'SELECT 1 AS one']);
  assert.equal(i.code, 0, i.err);
  assert.equal(i.out, '     src     \n-------------\n from a file\n(1 row)\n\nOutput format is csv.\none\n1\n');
  const bad = kalam(['-U', 'root', '-c', '\\nope']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /invalid command \\nope/);
});
