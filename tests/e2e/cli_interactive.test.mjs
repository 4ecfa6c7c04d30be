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


test('interactive: coloured prompt dot, grey suggestion, completion, timing, spinner, Ctrl-D; the dot turns red when the server goes', { skip: !hasTmux && 'tmux is not installed' }, async () => {
  const other = await startServer();
  // (Created before the CLI starts: it loads the names to complete at start.)
  await sql(other, 'CREATE NAMESPACE shop; CREATE SHARED TABLE shop.inventory (id BIGINT PRIMARY KEY)');
  const t = tmuxSession(`kalam-${process.pid}`, `env HOME=${ctx.home} TERM=xterm-256color ${KALAM} --url ${other.url} -U root`);
  try {
    await t.waitFor((s) => s.includes('kalam>'), 'the prompt');
    const green = await t.waitFor((s) => /\x1b\[32m●/.test(s), 'a green dot');
    assert.match(green, /connected to .* as root/);
    // A grey suggestion follows the cursor; → accepts it.
    t.type('SELECT * FROM shop.inv');
    await t.waitFor((s) => s.includes('SELECT * FROM shop.inv\x1b[90mentory'), 'the grey suggestion');
    t.keys('Right');
    await t.waitFor((s) => s.includes('SELECT * FROM shop.inventory') && !s.includes('\x1b[90m'), 'the accepted suggestion');
    t.type('; ');
    t.keys('Enter');
    await t.waitFor((s) => s.includes('(0 rows)') && /Time: \d+\.\d{3} ms/.test(s), 'the result with timing');
    // Tab completes a table name the server knows.
    t.type('SELECT id FROM shop.inv');
    t.keys('Tab');
    await t.waitFor((s) => s.includes('SELECT id FROM shop.inventory'), 'completion');
    t.type('; ');
    t.keys('Enter');
    await t.waitFor((s) => (s.match(/\(0 rows\)/g) ?? []).length === 2, 'the second result');
    // A statement that runs longer than 200 ms shows a spinner with the elapsed seconds.
    t.type('SELECT sum(x) AS s FROM range(600000000) t(x); ');
    t.keys('Enter');
    await t.waitFor((s) => /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] \d+\.\d s/.test(s), 'the spinner', { timeoutMs: 5000 });
    await t.waitFor((s) => s.includes('179999999700000000'), 'the slow result', { timeoutMs: 30000 });
    // Ctrl-C cancels a running statement and keeps the session.
    t.type('SELECT sum(x) AS s FROM range(3000000000) t(x); ');
    t.keys('Enter');
    await t.waitFor((s) => /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] \d+\.\d s/.test(s.split('179999999700000000').pop()), 'the second spinner', { timeoutMs: 5000 });
    t.keys('C-c');
    await t.waitFor((s) => s.includes('ERROR:  canceling statement due to user request'), 'the cancel');
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
