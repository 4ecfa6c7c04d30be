import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sql, basic } from './helpers.mjs';

let server;
before(async () => { server = await startServer({ env: { KALAMDB_ROOT_PASSWORD: 'r00t-pass' } }); });
after(async () => { await server.stop(); server.cleanup(); });

test('healthcheck needs no auth and reports version and uptime', async () => {
  const res = await fetch(`${server.url}/v1/api/healthcheck`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /application\/json/);
  const body = await res.json();
  assert.equal(body.status, 'healthy');
  assert.match(body.version, /^\d+\.\d+\.\d+/);
  assert.equal(typeof body.uptime_s, 'number');
});

test('login returns a bearer token that works on /v1/api/sql', async () => {
  const res = await fetch(`${server.url}/v1/api/auth/login`, {
    method: 'POST', body: JSON.stringify({ username: 'root', password: 'r00t-pass' }),
  });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.token_type, 'Bearer');
  assert.deepEqual(body.user, { username: 'root', role: 'system' });
  assert.match(body.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  const [, payload] = body.access_token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  assert.equal(claims.sub, 'root');
  assert.equal(claims.role, 'system');
  assert.ok(claims.exp > claims.iat);
  const r = await sql(server, 'SELECT 1 AS one', { auth: `Bearer ${body.access_token}` });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.results[0].rows, [[1]]);
});

test('basic auth with the configured root password', async () => {
  const ok = await sql(server, 'SELECT 1', { auth: basic('root', 'r00t-pass') });
  assert.equal(ok.status, 200);
});

test('wrong credentials are 401 INVALID_CREDENTIALS (28P01)', async () => {
  for (const auth of [basic('root', 'nope'), basic('root', ''), basic('ghost', 'x')]) {
    const r = await sql(server, 'SELECT 1', { auth });
    assert.equal(r.status, 401);
    assert.equal(r.body.status, 'error');
    assert.equal(r.body.error.code, 'INVALID_CREDENTIALS');
    assert.equal(r.body.error.sqlstate, '28P01');
  }
  const login = await fetch(`${server.url}/v1/api/auth/login`, {
    method: 'POST', body: JSON.stringify({ username: 'root', password: 'bad' }),
  });
  assert.equal(login.status, 401);
  assert.equal((await login.json()).error.message, 'password authentication failed for user "root"');
});

test('missing or forged authorization', async () => {
  const missing = await sql(server, 'SELECT 1', { auth: null });
  assert.equal(missing.status, 401);
  assert.equal(missing.body.error.code, 'MISSING_AUTHORIZATION');
  assert.equal(missing.body.error.sqlstate, '28000');
  const forged = await sql(server, 'SELECT 1', { auth: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyb290In0.AAAA' });
  assert.equal(forged.status, 401);
  assert.equal(forged.body.error.code, 'INVALID_CREDENTIALS');
});

test('unknown endpoints and methods get error bodies', async () => {
  const nf = await fetch(`${server.url}/v1/api/nope`);
  assert.equal(nf.status, 404);
  assert.equal((await nf.json()).status, 'error');
  const wrong = await fetch(`${server.url}/v1/api/sql`);
  assert.equal(wrong.status, 405);
});
