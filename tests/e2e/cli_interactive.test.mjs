// `kalam` interactive, for real under tmux: the health dot's colour, tab completion, timing, Ctrl-D,
// history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync, statSync, existsSync, rmSync, chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, sql } from './helpers.mjs';
import { KALAM, hasTmux, useCliServer, tmuxSession } from './cli_helpers.mjs';

const ctx = useCliServer();
const kalam = (args, opts) => ctx.kalam(args, opts);


test('interactive: coloured prompt dot, completion of a table name, Ctrl-D; the dot turns red when the server goes', { skip: !hasTmux && 'tmux is not installed' }, async () => {
  const other = await startServer();
  // (Created before the CLI starts: it loads the names to complete at start.)
  await sql(other, 'CREATE NAMESPACE shop; CREATE SHARED TABLE shop.inventory (id BIGINT PRIMARY KEY)');
  const t = tmuxSession(`kalam-${process.pid}`, `env HOME=${ctx.home} TERM=xterm-256color ${KALAM} --url ${other.url} -U root`);
  try {
    await t.waitFor((s) => s.includes('kalam>'), 'the prompt');
    const green = await t.waitFor((s) => /\x1b\[32m●/.test(s), 'a green dot');
    assert.match(green, /connected to .* as root/);
    // Tab completes a table name the server knows.
    t.type('SELECT * FROM shop.inv');
    t.keys('Tab');
    await t.waitFor((s) => s.includes('SELECT * FROM shop.inventory'), 'completion');
    t.type('; ');
    t.keys('Enter');
    await t.waitFor((s) => s.includes('(0 rows)') && /Time: \d+\.\d{3} ms/.test(s), 'the result with timing');
    // The server goes away: the next health check paints the dot red (the prompt is drawn anew
    // after each Enter; the check runs every 3 s).
    await other.stop();
    await t.waitFor((s) => /\x1b\[31m●/.test(s), 'a red dot', { every: () => t.keys('Enter') });
    t.keys('C-d');
    await t.waitFor(() => existsSync(join(ctx.home, '.kalam', 'history')), 'the history file');
  } finally {
    t.kill();
    await other.stop();
    other.cleanup();
  }
});
