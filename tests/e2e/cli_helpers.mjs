// Helpers for the `kalam` CLI tests: run it with a private HOME, and drive it interactively in tmux.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, sql } from './helpers.mjs';

export const KALAM = process.env.KALAM_CLI_BIN ?? resolve('build/bin/kalam');
export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export function newHome() { return mkdtempSync(join(tmpdir(), 'kalam-cli-home-')); }

/** Runs `kalam --url <server> …args` with HOME=home; returns { code, out, err }. */
export function runKalam(server, home, args, { env = {}, input } = {}) {
  const r = spawnSync(KALAM, ['--url', server.url, ...args], {
    env: { PATH: process.env.PATH, HOME: home, ...env }, encoding: 'utf8', input, timeout: 30000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A tmux session (its own server socket) running `command`; screen() includes colour escapes. */
export function tmuxSession(name, command) {
  const tmux = (...args) => execFileSync('tmux', ['-L', name, ...args], { encoding: 'utf8' });
  tmux('new-session', '-d', '-s', name, '-x', '160', '-y', '40', command);
  // '' once the program (and so the session) has ended.
  const screen = () => { try { return tmux('capture-pane', '-p', '-e', '-S', '-200', '-t', name); } catch { return ''; } };
  return {
    screen,
    keys: (...keys) => tmux('send-keys', '-t', name, ...keys),
    /** Types text literally (a bare ";" argument would separate tmux commands: use this). */
    type: (text) => tmux('send-keys', '-t', name, '-l', text),
    async waitFor(pred, what, { timeoutMs = 10000, every } = {}) {
      const deadline = Date.now() + timeoutMs;
      let n = 0;
      while (Date.now() < deadline) {
        const s = screen();
        if (pred(s)) return s;
        if (every && ++n % 10 === 0) every();
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for ${what}:\n${screen()}`);
    },
    kill() { try { tmux('kill-server'); } catch {} },
  };
}

/** A free loopback port. */
export async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

/**
 * For a test file: a server (namespace app, user alice, SHARED table app.items) and a private HOME,
 * started before its tests and removed after. `ctx.kalam(args, opts)` runs the CLI against it.
 */
export function useCliServer() {
  const ctx = {};
  before(async () => {
    ctx.server = await startServer();
    ctx.home = newHome();
    const r = await sql(ctx.server, `CREATE NAMESPACE app; CREATE USER alice WITH PASSWORD 'alice-pass-1';
      CREATE SHARED TABLE app.items (id BIGINT PRIMARY KEY, name TEXT, note TEXT) WITH (ACCESS_LEVEL='public')`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });
  after(async () => {
    await ctx.server.stop();
    ctx.server.cleanup();
    rmSync(ctx.home, { recursive: true, force: true });
  });
  ctx.kalam = (args, opts) => runKalam(ctx.server, ctx.home, args, opts);
  return ctx;
}
