// The SDK in a browser: one query, then a live view of the caller's messages that updates on every
// insert, update and delete. Parameters: ?server=…&user=…&password=… (defaults: local server, root).
import { createClient } from '../../dist/index.js';

const params = new URLSearchParams(location.search);
const server = params.get('server') ?? 'http://127.0.0.1:8080';
const auth = { username: params.get('user') ?? 'root', password: params.get('password') ?? '' };
const $ = (id) => document.getElementById(id);
const state = { ready: false, rows: [], error: null };
window.kalam = state;

function render(rows) {
  $('messages').replaceChildren(...rows.map((r) => {
    const li = document.createElement('li');
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = `#${r.id}`;
    const at = document.createElement('span');
    at.className = 'at';
    at.textContent = r.created_at instanceof Date ? r.created_at.toISOString().slice(11, 19) : '';
    li.append(who, document.createTextNode(r.body), at);
    return li;
  }));
}

try {
  const db = await createClient({ url: server, auth });
  const count = await db.query('SELECT count(*) AS n FROM app.messages');
  $('query').textContent = `query: ${count.rows[0].n} message(s), ${count.tookMs} ms on the server`;
  await db.live('SELECT id, body, created_at FROM app.messages', (rows) => {
    state.rows = rows.map((r) => r.body);
    state.ready = true;
    $('status').textContent = `live · ${rows.length} row(s)`;
    render(rows);
  }, { onError: (e) => { state.error = e.message; $('error').textContent = `${e.code}: ${e.message}`; } });
  $('send').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = $('body').value.trim();
    if (!body) return;
    $('body').value = '';
    await db.query('INSERT INTO app.messages (body) VALUES ($1)', [body]);
  });
} catch (e) {
  state.error = `${e.code ?? e.name}: ${e.message}`;
  $('error').textContent = state.error;
  $('status').textContent = 'offline';
}
