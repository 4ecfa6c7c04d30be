// Helpers for end-to-end tests: start the real kalamdb-server on a random port with a temp
// data dir, and talk to it over HTTP like any client would.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SERVER_BIN = process.env.KALAMDB_SERVER_BIN ?? resolve('build/bin/kalamdb-server');

/** Starts a server; resolves once it listens. Options: env (extra variables), dir (reuse a data dir), args. */
export async function startServer({ env = {}, dir, args = [] } = {}) {
  const root = dir ?? mkdtempSync(join(tmpdir(), 'kalam-e2e-'));
  const child = spawn(SERVER_BIN, args, {
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
