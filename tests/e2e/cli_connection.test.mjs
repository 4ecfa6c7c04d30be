// `kalam` connection and credentials (CONTRACT §9): unreachable server and failed login exit 2
// before any prompt; tokens stored 0600 (never passwords) and reused; the CLI log.
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

test('an unreachable server or a failed login exits 2 before any prompt', () => {
  const r = spawnSync(KALAM, ['-h', '127.0.0.1', '-p', '1'], { env: { PATH: process.env.PATH, HOME: ctx.home }, encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^kalam: could not connect to server at http:\/\/127\.0\.0\.1:1: /);
  assert.equal(r.stdout, '', 'no prompt, no banner');
  const bad = kalam(['-U', 'alice', '-c', 'SELECT 1'], { env: { KALAM_PASSWORD: 'wrong-password' } });
  assert.equal(bad.code, 2);
  assert.match(bad.err, /login as "alice" failed: password authentication failed/);
});

test('tokens are stored (0600, never the password) and reused', () => {
  const first = kalam(['-U', 'alice', '-c', '\\conninfo'], { env: { KALAM_PASSWORD: 'alice-pass-1' } });
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /connected to .* as user "alice"/);
  const file = join(ctx.home, '.kalam', 'credentials.toml');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const text = readFileSync(file, 'utf8');
  assert.match(text, /username = ['"]alice['"]/);
  assert.doesNotMatch(text, /alice-pass-1/);
  // No password given: the stored token is used.
  const again = kalam(['-c', '\\conninfo']);
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /as user "alice"/);
  // A token the server no longer accepts is dropped; root (empty password, loopback) logs in.
  writeFileSync(file, `["${ctx.server.url}"]\nusername = "alice"\ntoken = "forged.token.value"\nexpires_at = ""\n`);
  chmodSync(file, 0o600);
  const forged = kalam(['-c', '\\conninfo']);
  assert.equal(forged.code, 0, forged.err);
  assert.match(forged.out, /as user "root"/);
  assert.ok(existsSync(join(ctx.home, '.kalam', 'logs', 'kalam.log')));
});
