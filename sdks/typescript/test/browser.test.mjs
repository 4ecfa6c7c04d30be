// The SDK in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core): the example
// page, served from this repo, runs a query and shows a live change made from Node. The screenshot
// is kept in test-results/browser.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { startStaticServer } from '../examples/browser/serve.mjs';
import { alice, createClient, expectOk, startServer } from './helpers.mjs';

const RESULTS = new URL('../test-results/', import.meta.url);
let site;
let server;
let browser;

before(async () => {
  site = await startStaticServer();
  const origin = `http://127.0.0.1:${site.address().port}`;
  server = await startServer({ env: { KALAMDB_CORS_ALLOWED_ORIGINS: origin } });
  await expectOk(server, `
    CREATE NAMESPACE app;
    CREATE USER alice WITH PASSWORD 'alice-pass-1';
    CREATE USER TABLE app.messages (id BIGINT PRIMARY KEY AUTO_INCREMENT, body TEXT NOT NULL,
      created_at TIMESTAMP DEFAULT NOW())`);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],  // playwright gives it a fresh temp profile
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  server?.cleanup();
  site?.close();
});

test('a page queries and receives a live change', async () => {
  const node = await createClient({ url: server.url, auth: alice });
  await node.query("INSERT INTO app.messages (body) VALUES ('written before the page opened')");

  const page = await browser.newPage({ viewport: { width: 800, height: 420 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  const query = new URLSearchParams({ server: server.url, user: alice.username, password: alice.password });
  await page.goto(`http://127.0.0.1:${site.address().port}/examples/browser/?${query}`);

  await page.waitForFunction(() => window.kalam.ready || window.kalam.error, null, { timeout: 15000 });
  assert.equal(await page.evaluate(() => window.kalam.error), null);
  assert.match(await page.textContent('#query'), /query: 1 message\(s\)/);
  assert.deepEqual(await page.evaluate(() => window.kalam.rows), ['written before the page opened']);

  await node.query("INSERT INTO app.messages (body) VALUES ('hello from node')");
  await page.waitForFunction(() => window.kalam.rows.includes('hello from node'), null, { timeout: 10000 });
  await page.fill('#body', 'typed in the browser');
  await page.click('button');
  await page.waitForFunction(() => window.kalam.rows.includes('typed in the browser'), null, { timeout: 10000 });
  const rows = await node.query('SELECT body FROM app.messages ORDER BY id');
  assert.deepEqual(rows.rows.map((r) => r.body),
    ['written before the page opened', 'hello from node', 'typed in the browser']);
  assert.match(await page.textContent('#status'), /live · 3 row\(s\)/);

  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: new URL('browser.png', RESULTS).pathname });
  assert.deepEqual(problems, []);
  await node.close();
});

test('a page from an origin the server does not allow is refused by the browser', async () => {
  const other = await startStaticServer();  // another port: another origin
  try {
    const page = await browser.newPage();
    const query = new URLSearchParams({ server: server.url, user: alice.username, password: alice.password });
    await page.goto(`http://127.0.0.1:${other.address().port}/examples/browser/?${query}`);
    await page.waitForFunction(() => window.kalam.ready || window.kalam.error, null, { timeout: 15000 });
    assert.match(await page.evaluate(() => window.kalam.error), /CONNECTION_ERROR/);
  } finally {
    other.close();
  }
});
