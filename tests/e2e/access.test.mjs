// Users, roles and access (CONTRACT §2, §5): the role × table × statement matrix over HTTP,
// ALTER USER, system.users, tokens, lockout, the audit log, and logins that cannot starve queries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startServer, sql, basic, login as loginAt } from './helpers.mjs';

const login = (u, p) => loginAt(server, u, p);

const SECRET = 'e2e-access-secret-0123456789abcdef';
let server;
const auth = {};

async function ok(text, opts) {
  const r = await sql(server, text, opts);
  assert.equal(r.status, 200, `${text}\n${JSON.stringify(r.body)}`);
  return r.body.results;
}


const b64url = (s) => Buffer.from(s).toString('base64url');
function sign(claims, { alg = 'HS256', secret = SECRET } = {}) {
  const head = b64url(JSON.stringify({ alg, typ: 'JWT' })) + '.' + b64url(JSON.stringify(claims));
  const mac = alg === 'none' ? '' : createHmac(alg === 'HS512' ? 'sha512' : 'sha256', secret).update(head).digest('base64url');
  return `Bearer ${head}.${mac}`;
}
const now = () => Math.floor(Date.now() / 1000);

before(async () => {
  server = await startServer({ env: { KALAMDB_JWT_SECRET: SECRET, KALAMDB_MAX_FAILED_LOGINS: '3', KALAMDB_LOCKOUT_SECONDS: '600' } });
  await ok(`CREATE NAMESPACE app;
    CREATE USER u1 WITH PASSWORD 'user-pass-1';
    CREATE USER s1 WITH PASSWORD 'service-pass-1' ROLE service;
    CREATE USER d1 WITH PASSWORD 'dba-pass-1' ROLE dba EMAIL 'd1@example.com';
    CREATE USER TABLE app.ut (id BIGINT PRIMARY KEY, v TEXT);
    CREATE STREAM TABLE app.st (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), v TEXT) WITH (TTL_SECONDS=3600);
    CREATE SHARED TABLE app.pub (id BIGINT PRIMARY KEY, v TEXT) WITH (ACCESS_LEVEL='public');
    CREATE SHARED TABLE app.priv (id BIGINT PRIMARY KEY, v TEXT);
    CREATE SHARED TABLE app.res (id BIGINT PRIMARY KEY, v TEXT) WITH (ACCESS_LEVEL='restricted')`);
  auth.user = `Bearer ${(await login('u1', 'user-pass-1')).body.access_token}`;
  auth.service = `Bearer ${(await login('s1', 'service-pass-1')).body.access_token}`;
  auth.dba = basic('d1', 'dba-pass-1');
  auth.system = basic('root', '');
});
after(async () => { await server.stop(); server.cleanup(); });

test('the role × table × statement matrix of CONTRACT §5', async () => {
  // [table, allowed-for user, service, dba, system (root)] for SELECT and for INSERT/UPDATE/DELETE.
  const matrix = [
    ['app.ut', { read: [1, 1, 1, 1], write: [1, 1, 1, 1] }],
    ['app.st', { read: [1, 1, 1, 1], write: [1, 1, 1, 1] }],
    ['app.pub', { read: [1, 1, 1, 1], write: [0, 1, 1, 1] }],
    ['app.priv', { read: [0, 1, 1, 1], write: [0, 1, 1, 1] }],
    ['app.res', { read: [0, 0, 1, 1], write: [0, 0, 1, 1] }],
    ['system.users', { read: [0, 0, 1, 1], write: [0, 0, 0, 0] }],
  ];
  const roles = ['user', 'service', 'dba', 'system'];
  let n = 100;
  for (const [table, rules] of matrix) {
    for (let r = 0; r < roles.length; r++) {
      const who = { auth: auth[roles[r]] };
      const statements = [
        [`SELECT count(*) FROM ${table}`, rules.read[r]],
        [table === 'app.st' ? `INSERT INTO ${table} (v) VALUES ('x')` : `INSERT INTO ${table} (id, v) VALUES (${++n}, 'x')`, rules.write[r]],
      ];
      if (table !== 'app.st') {
        statements.push([`UPDATE ${table} SET v = 'y' WHERE id = ${n}`, rules.write[r]]);
        statements.push([`DELETE FROM ${table} WHERE id = ${n}`, rules.write[r]]);
      }
      for (const [text, allowed] of statements) {
        const res = await sql(server, text, who);
        if (allowed) {
          assert.equal(res.status, 200, `${roles[r]}: ${text} → ${JSON.stringify(res.body)}`);
        } else {
          assert.equal(res.status, 403, `${roles[r]}: ${text} should be refused → ${JSON.stringify(res.body)}`);
          assert.equal(res.body.error.code, 'PERMISSION_DENIED');
          assert.equal(res.body.error.sqlstate, '42501');
        }
      }
    }
  }
  // DDL and user management: dba only.
  for (const role of ['user', 'service']) {
    for (const text of ['CREATE NAMESPACE nope', 'CREATE SHARED TABLE app.x (id BIGINT PRIMARY KEY)',
      'ALTER TABLE app.pub ADD COLUMN w TEXT', 'DROP TABLE app.pub', "CREATE USER x WITH PASSWORD 'xxxxxxxxxx'",
      "ALTER USER u1 SET ROLE dba", 'DROP USER u1', 'SHOW USERS', 'CLEAR CACHE']) {
      const res = await sql(server, text, { auth: auth[role] });
      assert.equal(res.status, 403, `${role}: ${text} → ${JSON.stringify(res.body)}`);
    }
  }
  await ok('CREATE SHARED TABLE app.tmp (id BIGINT PRIMARY KEY); DROP TABLE app.tmp', { auth: auth.dba });
});

test('EXECUTE AS USER: service and dba may, a user may not', async () => {
  let r = await sql(server, "EXECUTE AS USER 'u1' (SELECT count(*) FROM app.ut)", { auth: auth.user });
  assert.equal(r.status, 403);
  await ok("EXECUTE AS USER 'u1' (INSERT INTO app.ut VALUES (999, 'for u1'))", { auth: auth.service });
  const mine = await ok('SELECT v FROM app.ut WHERE id = 999', { auth: auth.user });
  assert.deepEqual(mine[0].rows, [['for u1']]);
});

test('system.users shows every account, never a password hash, and dropped users with deleted_at', async () => {
  await ok("CREATE USER gone WITH PASSWORD 'gone-pass-1'; DROP USER gone", { auth: auth.dba });
  const [res] = await ok('SELECT * FROM system.users ORDER BY username', { auth: auth.dba });
  assert.deepEqual(res.schema.map((c) => c.name), ['username', 'role', 'email', 'storage_mode', 'storage_id',
    'created_at', 'updated_at', 'last_login_at', 'locked_until', 'deleted_at']);
  const byName = Object.fromEntries(res.rows.map((row) => [row[0], row]));
  assert.equal(byName.d1[2], 'd1@example.com');
  assert.equal(byName.s1[1], 'service');
  assert.ok(byName.u1[7], 'last_login_at is set after a login');
  assert.ok(byName.gone[9], 'deleted_at is set');
  assert.equal(byName.u1[9], null);
  assert.ok(!JSON.stringify(res).includes('$argon2'), 'no password hash anywhere');
  const [shown] = await ok('SHOW USERS', { auth: auth.dba });
  assert.equal(shown.rows.length, res.rows.length);
  // A dropped user can neither log in nor be recreated twice; its name may be reused.
  assert.equal((await login('gone', 'gone-pass-1')).status, 401);
  await ok("CREATE USER gone WITH PASSWORD 'gone-pass-2'", { auth: auth.dba });
  assert.equal((await login('gone', 'gone-pass-2')).status, 200);
});

test('ALTER USER: own password for anyone, the rest for dba', async () => {
  await ok("CREATE USER alt WITH PASSWORD 'alt-pass-1'", { auth: auth.dba });
  const alt = basic('alt', 'alt-pass-1');
  await ok("ALTER USER alt SET PASSWORD 'alt-pass-2'", { auth: alt });
  assert.equal((await login('alt', 'alt-pass-1')).status, 401);
  assert.equal((await login('alt', 'alt-pass-2')).status, 200);
  let r = await sql(server, "ALTER USER u1 SET PASSWORD 'hijacked-1'", { auth: basic('alt', 'alt-pass-2') });
  assert.equal(r.status, 403);
  r = await sql(server, "ALTER USER alt SET ROLE dba", { auth: basic('alt', 'alt-pass-2') });
  assert.equal(r.status, 403);
  r = await sql(server, "ALTER USER alt SET PASSWORD 'short'", { auth: auth.dba });
  assert.equal(r.body.error.code, 'INVALID_PARAMETER');
  r = await sql(server, "ALTER USER alt SET STORAGE_MODE 'nowhere'", { auth: auth.dba });
  assert.equal(r.body.error.code, 'INVALID_PARAMETER');
  r = await sql(server, "ALTER USER root SET PASSWORD 'taken-over-1'", { auth: auth.dba });
  assert.equal(r.status, 403, 'a dba cannot take over the system user');
  r = await sql(server, "ALTER USER alt SET STORAGE_ID 's3_eu'", { auth: auth.dba });
  assert.equal(r.body.error.code, 'INVALID_PARAMETER', 'no such storage yet');
  await ok("CREATE STORAGE s3_eu TYPE 's3' URI 's3://bucket/eu/'", { auth: auth.dba });
  await ok("ALTER USER alt SET EMAIL 'alt@example.com'; ALTER USER alt SET STORAGE_MODE 'region'; ALTER USER alt SET STORAGE_ID 's3_eu'", { auth: auth.dba });
  const [row] = await ok("SELECT email, storage_mode, storage_id FROM system.users WHERE username = 'alt'", { auth: auth.dba });
  assert.deepEqual(row.rows, [['alt@example.com', 'region', 's3_eu']]);
  // A role change ends the tokens issued before it.
  const token = `Bearer ${(await login('alt', 'alt-pass-2')).body.access_token}`;
  await ok('SELECT 1', { auth: token });
  await ok("ALTER USER alt SET ROLE service", { auth: auth.dba });
  r = await sql(server, 'SELECT 1', { auth: token });
  assert.equal(r.status, 401);
});

test('tokens: tampering, expiry, other algorithms, dropped users', async () => {
  const claims = { sub: 'u1', role: 'user', iat: now(), exp: now() + 600 };
  await ok('SELECT 1', { auth: sign(claims) });
  let r = await sql(server, 'SELECT 1', { auth: sign({ ...claims, iat: now() - 7200, exp: now() - 3600 }) });
  assert.equal(r.status, 401);
  assert.equal(r.body.error.code, 'TOKEN_EXPIRED');
  for (const bad of [sign({ ...claims, role: 'dba' }), sign(claims, { alg: 'none' }), sign(claims, { alg: 'HS512' }),
    sign(claims, { secret: 'another-secret' }), sign({ ...claims, sub: 'nobody' })]) {
    r = await sql(server, 'SELECT 1', { auth: bad });
    assert.equal(r.status, 401, bad);
    assert.equal(r.body.error.code, 'INVALID_CREDENTIALS');
  }
  await ok("CREATE USER shortlived WITH PASSWORD 'short-pass-1'", { auth: auth.dba });
  const token = `Bearer ${(await login('shortlived', 'short-pass-1')).body.access_token}`;
  await ok('SELECT 1', { auth: token });
  await ok('DROP USER shortlived', { auth: auth.dba });
  r = await sql(server, 'SELECT 1', { auth: token });
  assert.equal(r.status, 401);
});

test('lockout after repeated failures, lifted by a new password', async () => {
  await ok("CREATE USER victim WITH PASSWORD 'victim-pass-1'", { auth: auth.dba });
  for (let i = 0; i < 3; i++) {
    const r = await login('victim', 'guess-' + i);
    assert.equal(r.status, 401);
    assert.equal(r.body.error.message, 'password authentication failed for user "victim"');
  }
  const locked = await login('victim', 'victim-pass-1');
  assert.equal(locked.status, 401);
  assert.match(locked.body.error.message, /locked/);
  const [row] = await ok("SELECT locked_until IS NOT NULL FROM system.users WHERE username = 'victim'", { auth: auth.dba });
  assert.deepEqual(row.rows, [[true]]);
  await ok("ALTER USER victim SET PASSWORD 'victim-pass-2'", { auth: auth.dba });
  assert.equal((await login('victim', 'victim-pass-2')).status, 200);
});

test('the audit log keeps logins, user management, DDL and denials (dba only)', async () => {
  await sql(server, 'SELECT * FROM app.res', { auth: auth.user });
  await login('u1', 'wrong-password');
  await login('u1', 'user-pass-1');
  const [log] = await ok('SELECT actor, action, target, details, client_addr FROM system.audit_log ORDER BY audit_id', { auth: auth.dba });
  const has = (pred, what) => assert.ok(log.rows.some(pred), `audit has ${what}: ${JSON.stringify(log.rows.slice(-20))}`);
  has((r) => r[0] === 'u1' && r[1] === 'PERMISSION_DENIED' && r[3] === 'permission denied for table res', 'a denial');
  has((r) => r[0] === 'u1' && r[1] === 'LOGIN_FAILED' && r[3] === 'wrong password', 'a failed login');
  has((r) => r[0] === 'u1' && r[1] === 'LOGIN', 'a login');
  has((r) => r[1] === 'LOGIN_FAILED' && r[2] === 'victim' && /locked for/.test(r[3]), 'a lockout');
  has((r) => r[0] === 'root' && r[1] === 'CREATE USER' && r[2] === 'u1', 'user creation');
  has((r) => r[0] === 'd1' && r[1] === 'ALTER USER' && r[2] === 'alt' && r[3] === 'set role=service', 'a role change');
  has((r) => r[1] === 'CREATE TABLE' && r[2] === 'app.ut', 'DDL');
  assert.ok(log.rows.every((r) => r[4].startsWith('127.0.0.1') || r[4] === '::1' || r[4].includes('127.0.0.1')));
  const denied = await sql(server, 'SELECT * FROM system.audit_log', { auth: auth.service });
  assert.equal(denied.status, 403);
});

test('a flood of failed logins does not hold up queries', async () => {
  let finished = 0;
  const flood = Array.from({ length: 100 }, (_, i) =>
    login(i % 2 ? 'nobody' : 's1', `bad-password-${i}`).then((r) => { finished++; return r; }));
  const started = Date.now();
  await ok("INSERT INTO app.ut VALUES (4242, 'during the flood')", { auth: auth.user });
  const [row] = await ok('SELECT v FROM app.ut WHERE id = 4242', { auth: auth.user });
  const [count] = await ok('SELECT count(*) FROM app.ut', { auth: auth.user });
  const queriesDone = finished;
  assert.deepEqual(row.rows, [['during the flood']]);
  assert.ok(Number(count.rows[0][0]) >= 1);
  // The queries were answered while most of the password checks were still queued.
  assert.ok(queriesDone < 50, `queries waited for ${queriesDone} password checks (${Date.now() - started} ms)`);
  const results = await Promise.all(flood);
  assert.ok(results.every((r) => r.status === 401));
});
