// `\subscribe` in the CLI over kalam-link's live client: rows, then changes, until Ctrl-C — and a
// server restart in the middle: the client reconnects and resumes from its last seq, so the changes
// made meanwhile arrive once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startServer, expectOk } from './helpers.mjs';
import { KALAM, hasTmux, newHome, tmuxSession, freePort } from './cli_helpers.mjs';

const ok = (server, text) => expectOk(server, text);

test('\\subscribe prints rows and changes, survives a server restart without gaps, stops on Ctrl-C', { skip: !hasTmux && 'tmux is not installed' }, async () => {
  const port = await freePort();
  let server = await startServer({ env: { KALAMDB_PORT: String(port) } });
  const dir = server.root;
  const home = newHome();
  const t = tmuxSession(`kalam-sub-${process.pid}`, `env HOME=${home} TERM=xterm-256color ${KALAM} --url ${server.url} -U root --no-color`);
  try {
    await ok(server, "CREATE NAMESPACE app; CREATE SHARED TABLE app.chat (id BIGINT PRIMARY KEY, body TEXT) WITH (ACCESS_LEVEL='public'); INSERT INTO app.chat VALUES (1, 'first')");
    await t.waitFor((s) => s.includes('kalam>'), 'the prompt');
    t.type('\\subscribe SELECT id, body FROM app.chat');
    t.keys('Enter');
    await t.waitFor((s) => s.includes('Live query running'), 'the subscription');
    assert.match(t.screen(), / id \| body *\n-+\+-+\n {2}1 \| first\n\(1 row\)/);
    await ok(server, "INSERT INTO app.chat VALUES (2, 'second')");
    await t.waitFor((s) => s.includes('INSERT  id=2, body=second'), 'the insert');

    // Restart the server on the same port and data; change things before the client is back.
    await server.stop();
    await t.waitFor((s) => s.includes('live connection lost'), 'the disconnect');
    server = await startServer({ dir, env: { KALAMDB_PORT: String(port) } });
    await ok(server, "INSERT INTO app.chat VALUES (3, 'third'); UPDATE app.chat SET body = 'FIRST' WHERE id = 1; DELETE FROM app.chat WHERE id = 2");
    const screen = await t.waitFor((s) => s.includes('DELETE  id=2, body=second'), 'the resumed changes', { timeoutMs: 20000 });
    const lines = screen.split('\n').filter((l) => /^(INSERT|UPDATE|DELETE) {2}/.test(l));
    assert.deepEqual(lines, [
      'INSERT  id=2, body=second',
      'INSERT  id=3, body=third',
      'UPDATE  id=1, body=FIRST  (was: id=1, body=first)',
      'DELETE  id=2, body=second',
    ]);
    t.keys('C-c');
    await t.waitFor((s) => s.includes('Live query stopped.'), 'the stop');
    await t.waitFor((s) => s.trimEnd().endsWith('kalam>'), 'the prompt again');
  } finally {
    t.kill();
    await server.stop();
    server.cleanup();
    rmSync(home, { recursive: true, force: true });
  }
});
