// kalam-link against the real server through link/examples/link_demo.cc: health, login, SQL with
// parameters, a prepared statement (and its parameter check), server errors with SQLSTATE, typed
// results, and a live subscription receiving a change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { startServer } from './helpers.mjs';

const DEMO = join(dirname(resolve(process.env.KALAMDB_SERVER_BIN ?? 'build/bin/kalamdb-server')), 'link_demo');
let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); server.cleanup(); });

test('kalam-link: SQL with parameters, prepared statements, errors, live changes', () => {
  const r = spawnSync(DEMO, [server.url, 'root', ''], { encoding: 'utf8', timeout: 30000 });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.equal(r.stdout, [
    'health: healthy',
    'login: root system',
    'create: ok',
    'insert: 1 row inserted.',
    'insert: 1 row inserted.',
    'insert: 1 row inserted.',
    'wrong params: INVALID_PARAMETER (cache hits 1)',
    'duplicate: UNIQUE_VIOLATION 23505',
    'select: id,body BIGINT [2|note 2] [3|note 3]',
    'live: rows 2; ready; insert live one;',
    '',
  ].join('\n'));
  const bad = spawnSync(DEMO, [server.url, 'root', 'wrong'], { encoding: 'utf8' });
  assert.equal(bad.stdout, 'health: healthy\nlogin: INVALID_CREDENTIALS\n');
});
