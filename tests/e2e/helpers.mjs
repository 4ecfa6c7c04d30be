// Helpers for end-to-end tests: start the real kalamdb-server on a random port with a temp
// data dir, and talk to it over HTTP like any client would.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SERVER_BIN = process.env.KALAMDB_SERVER_BIN ?? resolve('build/bin/kalamdb-server');

/** Starts a server; resolves once it listens. Options: env (extra variables), dir (reuse a data dir),
 * args, bin (another kalamdb-server binary), cwd. */
export async function startServer({ env = {}, dir, args = [], bin = SERVER_BIN, cwd } = {}) {
  const root = dir ?? mkdtempSync(join(tmpdir(), 'kalam-e2e-'));
  const child = spawn(bin, args, {
    cwd,
    env: {
      ...process.env,
      KALAMDB_PORT: '0',
      KALAMDB_DATA_DIR: join(root, 'data'),
      KALAMDB_LOGS_DIR: join(root, 'logs'),
      KALAMDB_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
  const port = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start: ${stderr}`)), 20000);
    child.stderr.on('data', (chunk) => {
      stderr += chunk.toString();
      const m = stderr.match(/listening on [^ ]+:(\d+)/);
      if (m) {
        clearTimeout(timer);
        res(Number(m[1]));
      }
    });
    exited.then(({ code }) => {
      clearTimeout(timer);
      rej(new Error(`server exited with ${code}: ${stderr}`));
    });
  });
  const server = {
    port,
    root,
    child,
    exited,
    url: `http://127.0.0.1:${port}`,
    get stderr() { return stderr; },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    cleanup() { rmSync(root, { recursive: true, force: true }); },
  };
  return server;
}

export function basic(user, password) {
  return 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
}

/** POST /v1/api/auth/login; returns { status, body }. */
export async function login(server, username, password) {
  const res = await fetch(`${server.url}/v1/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, body: await res.json() };
}

/** POST /v1/api/sql that must succeed (assertion with the body otherwise); returns the results. */
export async function expectOk(server, text, opts) {
  const r = await sql(server, text, opts);
  if (r.status !== 200) throw new Error(`${text}\n${r.status} ${JSON.stringify(r.body)}`);
  return r.body.results;
}

/** Runs SQL that must fail with error `code`; returns the error object. */
export async function expectError(server, text, code, opts) {
  const r = await sql(server, text, opts);
  if (r.body.status !== 'error' || r.body.error?.code !== code) {
    throw new Error(`${text}\nexpected ${code}, got ${r.status} ${JSON.stringify(r.body)}`);
  }
  return r.body.error;
}

/** POST /v1/api/sql; returns { status, body }. */
export async function sql(server, text, { auth = basic('root', ''), params, namespace } = {}) {
  const payload = { sql: text };
  if (params !== undefined) payload.params = params;
  if (namespace !== undefined) payload.namespace = namespace;
  const res = await fetch(`${server.url}/v1/api/sql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    body: JSON.stringify(payload),
  });
  return { status: res.status, body: await res.json() };
}

export function writeTemp(server, name, content) {
  const path = join(server.root, name);
  writeFileSync(path, content);
  return path;
}

/** Runs FLUSH TABLE and waits for its job to finish; returns { jobId, job } (job = system.jobs row as an object). */
export async function flushAndWait(server, table, { timeoutMs = 30000 } = {}) {
  const r = await sql(server, `FLUSH TABLE ${table}`);
  if (r.status !== 200) throw new Error(`FLUSH TABLE ${table}: ${JSON.stringify(r.body)}`);
  const message = r.body.results[0].message;
  const m = message.match(/Job ID: (FL-[0-9a-f]{12})$/) ?? message.match(/job (FL-[0-9a-f]{12})$/);
  if (!m) throw new Error(`unexpected FLUSH answer: ${message}`);
  return { jobId: m[1], job: await waitJob(server, m[1], { timeoutMs }) };
}

/** Polls system.jobs until the job is no longer queued or running; returns its row as an object. */
export async function waitJob(server, jobId, { timeoutMs = 30000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = await sql(server, `SELECT * FROM system.jobs WHERE job_id = '${jobId}'`);
    const res = r.body.results?.[0];
    if (res && res.rows.length === 1) {
      const job = Object.fromEntries(res.schema.map((c, i) => [c.name, res.rows[0][i]]));
      if (job.status !== 'queued' && job.status !== 'running') return job;
    }
    await new Promise((done) => setTimeout(done, 25));
  }
  throw new Error(`job ${jobId} did not finish in ${timeoutMs} ms`);
}

/** Starts s3rver (tests/tools) on a free loopback port with bucket `kalam`; resolves once it accepts. */
export async function startS3rver() {
  const { createServer, connect } = await import('node:net');
  const port = await new Promise((res) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = probe.address().port;
      probe.close(() => res(p));
    });
  });
  const dir = mkdtempSync(join(tmpdir(), 'kalam-s3-'));
  const bin = resolve('tests/tools/node_modules/s3rver/bin/s3rver.js');
  const child = spawn(process.execPath, [bin, '-d', dir, '-a', '127.0.0.1', '-p', String(port),
    '--configure-bucket', 'kalam', '--silent'], { stdio: 'ignore' });
  const accepts = () => new Promise((res) => {
    const s = connect(port, '127.0.0.1');
    s.on('connect', () => { s.destroy(); res(true); });
    s.on('error', () => res(false));
  });
  for (let i = 0; i < 200 && !(await accepts()); i++) await new Promise((done) => setTimeout(done, 50));
  return {
    port,
    dir,
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((done) => child.on('exit', done));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
