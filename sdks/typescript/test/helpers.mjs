// Test helpers for the SDK: the real kalamdb-server (tests/e2e/helpers.mjs) and the built package.
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
process.env.KALAMDB_SERVER_BIN ??= `${ROOT}build/bin/kalamdb-server`;

const e2e = await import('../../../tests/e2e/helpers.mjs');
export const { startServer, expectOk, sql, basic } = e2e;
export const { createClient, KalamError } = await import('../dist/index.js');
export { ROOT };

/** A server with namespace `app`, users alice and bob (role user), for one test file. */
export async function startWithUsers(env = {}) {
  const server = await startServer({ env });
  await expectOk(server, `
    CREATE NAMESPACE app;
    CREATE USER alice WITH PASSWORD 'alice-pass-1';
    CREATE USER bob WITH PASSWORD 'bob-pass-1'`);
  return server;
}

export const alice = { username: 'alice', password: 'alice-pass-1' };
export const bob = { username: 'bob', password: 'bob-pass-1' };

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until `check()` is truthy (polling), or fails with `what`. */
export async function until(check, what, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * A TCP proxy in front of the server, so a test can cut the client's connections like a network
 * failure would: drop() resets every open connection; stall() silences them; refuse(true) resets new
 * ones on arrival;
 * retarget(port) follows a restarted server.
 */
export async function startProxy(targetPort) {
  let target = targetPort;
  const sockets = new Set();
  const pairs = new Set();
  let refusing = false;
  let accepted = 0;
  const server = net.createServer((client) => {
    accepted++;
    if (refusing) return client.resetAndDestroy();
    const upstream = net.connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream);
    upstream.pipe(client);
    pairs.add([client, upstream]);
    client.on('close', () => pairs.forEach((p) => p[0] === client && pairs.delete(p)));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    get accepted() { return accepted; },
    drop() {
      for (const s of sockets) s.resetAndDestroy();
    },
    refuse(on) { refusing = on; },
    /** Open connections go silent both ways (a network black hole); new ones work. */
    stall() {
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
      pairs.clear();
    },
    /** New connections go to another port (a restarted server). */
    retarget(port) { target = port; },
    close() {
      this.drop();
      return new Promise((r) => server.close(r));
    },
  };
}
