// `kalam` interactive, for real under tmux: the health dot's colour, tab completion, timing, Ctrl-D,
// history.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync, statSync, existsSync, rmSync, chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, sql } from './helpers.mjs';
import { KALAM, hasTmux, newHome, runKalam } from './cli_helpers.mjs';

let server;
let home;
const kalam = (args, opts) => runKalam(server, home, args, opts);

before(async () => {
  server = await startServer();
  home = newHome();
  const r = await sql(server, `CREATE NAMESPACE app; CREATE USER alice WITH PASSWORD 'alice-pass-1';
    CREATE SHARED TABLE app.items (id BIGINT PRIMARY KEY, name TEXT, note TEXT) WITH (ACCESS_LEVEL='public')`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
});
after(async () => { await server.stop(); server.cleanup(); rmSync(home, { recursive: true, force: true }); });

// ---------- interactive, for real, under tmux ----------

test('interactive: coloured prompt dot, completion of a table name, Ctrl-D; the dot turns red when the server goes', { skip: !hasTmux && 'tmux is not installed' }, async () => {
  const other = await startServer();
  const session = `kalam-${process.pid}`;
  const tmux = (...args) => execFileSync('tmux', ['-L', session, ...args], { encoding: 'utf8' });
  const screen = () => tmux('capture-pane', '-p', '-e', '-t', session);
  const waitFor = async (pred, what) => {
    for (let i = 0; i < 100; i++) {
      const s = screen();
      if (pred(s)) return s;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}:\n${screen()}`);
  };
  try {
    await sql(other, "CREATE NAMESPACE shop; CREATE SHARED TABLE shop.inventory (id BIGINT PRIMARY KEY)");
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '30',
      `env HOME=${home} TERM=xterm-256color ${KALAM} --url ${other.url} -U root`);
    await waitFor((s) => s.includes('kalam>'), 'the prompt');
    const green = await waitFor((s) => /\x1b\[32m●/.test(s), 'a green dot');
    assert.match(green, /connected to .* as root/);
    // Tab completes a table name the server knows.
    tmux('send-keys', '-t', session, 'SELECT * FROM shop.inv', 'Tab');
    await waitFor((s) => s.includes('SELECT * FROM shop.inventory'), 'completion');
    tmux('send-keys', '-t', session, '-l', '; ');  // a bare ";" argument would separate tmux commands
    tmux('send-keys', '-t', session, 'Enter');
    await waitFor((s) => s.includes('(0 rows)') && /Time: \d+\.\d{3} ms/.test(s), 'the result with timing');
    // The server goes away: the next health check paints the dot red.
    await other.stop();
    // (The prompt is drawn anew after each Enter; the health check runs every 3 s.)
    let presses = 0;
    await waitFor((s) => {
      if (++presses % 10 === 0) tmux('send-keys', '-t', session, 'Enter');
      return /\x1b\[31m●/.test(s);
    }, 'a red dot');
    tmux('send-keys', '-t', session, 'C-d');
    await waitFor((s) => !s.includes('kalam>') || s.trim().endsWith('$'), 'exit').catch(() => {});
    assert.ok(existsSync(join(home, '.kalam', 'history')));
  } finally {
    try { tmux('kill-server'); } catch {}
    await other.stop();
    other.cleanup();
  }
});
