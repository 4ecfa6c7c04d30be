// Live-query load generator (bench/live.sh runs it): change-notification latency with 1 and many
// subscribers, fan-out throughput, idle subscriptions — against KalamDB (/v1/ws) or PostgreSQL
// (LISTEN/NOTIFY fed by a trigger). Prints one JSON line.
//   node bench/live.mjs latency kalam <http-url> <token> <subscribers> <inserts>
//   node bench/live.mjs latency pg <port> <listeners> <inserts>
//   node bench/live.mjs fanout kalam <http-url> <token> <connections> <batches> <rows-per-batch>
//   node bench/live.mjs fanout-users kalam <http-url> <root-token> <users> <conns-per-user> <batches> <rows> <server-pid>
//   node bench/live.mjs idle kalam <http-url> <token> <connections> <subs-per-connection> <server-pid>
//   node bench/live.mjs resume kalam <http-url> <token> <missed-changes>
//   node bench/live.mjs resume pg <port> <missed-changes>
//   node bench/live.mjs watch kalam <http-url> <token> <sql> [hold-seconds]   (subscribes, then disconnects)
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const require = createRequire(resolve('bench/tools/package.json'));
const WebSocket = require('ws');
const pg = require('pg');

const [kind, target, ...args] = process.argv.slice(2);
const BASE = Date.now() * 100;  // ids unique across runs against one table
const now = () => Number(process.hrtime.bigint()) / 1e6;  // ms
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

/** Runs `inserts` sequential INSERTs (insert(id) resolves on the acknowledgement) and waits each time
 * until `got` shows the change at all `n` subscribers; returns the latency percentiles. */
async function measureLatency(inserts, n, got, insert) {
  const ack = [];
  const send = [];
  const first = [];
  for (let i = 0; i < inserts; i++) {
    const id = BASE + i;
    const t0 = now();
    await insert(id);
    const t1 = now();
    while ((got.get(id)?.[0] ?? 0) < n) await new Promise((r) => setImmediate(r));
    const [, last, firstAt] = got.get(id);
    send.push(last - t0);
    ack.push(Math.max(0, last - t1));
    first.push(Math.max(0, firstAt - t1));
    await new Promise((r) => setTimeout(r, 2));
  }
  return { subscribers: n, inserts, first_p50: pct(first, 0.5), ack_p50: pct(ack, 0.5), ack_p99: pct(ack, 0.99),
           send_p50: pct(send, 0.5), send_p99: pct(send, 0.99) };
}

/** Records one receipt of change `id`: [count, last time, first time]. */
function received(got, id) {
  const e = got.get(id) ?? [0, 0, now()];
  e[0]++;
  e[1] = now();
  got.set(id, e);
}

async function kalamSql(url, token, sql) {
  const res = await fetch(`${url}/v1/api/sql`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ sql }),
  });
  const body = await res.json();
  if (body.status !== 'success') throw new Error(JSON.stringify(body));
  return body;
}

/** Opens `n` connections, each with `per` subscriptions to `sql`; onChange(frame, raw) per change. */
async function kalamSubscribers(url, token, n, per, sql, onChange) {
  const wsUrl = url.replace('http://', 'ws://') + '/v1/ws';
  const sockets = [];
  for (let start = 0; start < n; start += 200) {
    const wave = [];
    for (let i = start; i < Math.min(n, start + 200); i++) {
      wave.push(new Promise((res, rej) => {
        const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
        let ready = 0;
        ws.on('error', rej);
        ws.on('open', () => ws.send(JSON.stringify({ type: 'authenticate', token })));
        ws.on('message', (data) => {
          const text = data.toString();
          if (text.startsWith('{"type":"change"')) return onChange(i, text);
          const f = JSON.parse(text);
          if (f.type === 'auth_success') {
            for (let k = 0; k < per; k++) ws.send(JSON.stringify({ type: 'subscribe', id: `s${k}`, sql }));
          } else if (f.type === 'ready' && ++ready === per) {
            res(ws);
          } else if (f.type === 'error') {
            rej(new Error(text));
          }
        });
      }));
    }
    sockets.push(...await Promise.all(wave));
  }
  return sockets;
}

async function latencyKalam(url, token, subscribers, inserts) {
  const got = new Map();
  await kalamSubscribers(url, token, subscribers, 1, 'SELECT id FROM bench.feed', (_, text) => {
    received(got, Number(/"rows":\[\["(\d+)"/.exec(text)[1]));
  });
  return measureLatency(inserts, subscribers, got, (id) => kalamSql(url, token, `INSERT INTO bench.feed VALUES (${id})`));
}

async function latencyPg(port, listeners, inserts) {
  const cfg = { host: '127.0.0.1', port: Number(port), user: 'postgres', database: 'postgres' };
  const got = new Map();
  const clients = [];
  for (let start = 0; start < listeners; start += 100) {
    clients.push(...await Promise.all(Array.from({ length: Math.min(100, listeners - start) }, async () => {
      const c = new pg.Client(cfg);
      await c.connect();
      c.on('notification', (m) => received(got, Number(m.payload)));
      await c.query('LISTEN feed');
      return c;
    })));
  }
  const writer = new pg.Client(cfg);
  await writer.connect();
  const out = await measureLatency(inserts, listeners, got, (id) => writer.query('INSERT INTO feed VALUES ($1)', [id]));
  for (const c of [...clients, writer]) await c.end();
  return out;
}

function cpuSeconds(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;  // utime + stime, in clock ticks of 10 ms
}

/** A change frame carries the rows of consecutive changes of one kind (CONTRACT §7): one per row. */
function changeRows(text) {
  const f = JSON.parse(text);
  return Math.max(f.rows?.length ?? 0, f.old_rows?.length ?? 0);
}

async function fanoutKalam(url, token, connections, batches, rowsPerBatch, pid) {
  let frames = 0;
  let changes = 0;
  await kalamSubscribers(url, token, connections, 1, 'SELECT id FROM bench.fan', (_, text) => {
    frames++;
    changes += changeRows(text);
  });
  const expected = connections * batches * rowsPerBatch;
  const cpu0 = cpuSeconds(pid);
  const t0 = now();
  for (let b = 0; b < batches; b++) {
    const values = Array.from({ length: rowsPerBatch }, (_, k) => `(${BASE + b * rowsPerBatch + k})`).join(",");
    await kalamSql(url, token, `INSERT INTO bench.fan VALUES ${values}`);
  }
  while (changes < expected) await new Promise((r) => setTimeout(r, 1));
  const seconds = (now() - t0) / 1000;
  const cpu = cpuSeconds(pid) - cpu0;
  return { connections, changes, frames, seconds, changes_per_s: changes / seconds, frames_per_s: frames / seconds,
           server_cpu_s_per_1k_changes: (cpu / changes) * 1000 };
}

/** W6 with per-user isolation: `users` users, `per` connections each, subscribed to a USER table;
 * root writes `batches` INSERTs of `rows` rows into every user's partition (EXECUTE AS USER). Every
 * connection must receive exactly its own user's rows and nothing else. */
async function fanoutUsersKalam(url, token, users, per, batches, rows, pid) {
  const wsUrl = url.replace('http://', 'ws://') + '/v1/ws';
  const tokens = [];
  const prefix = `fan${BASE % 1000000}_`;  // new users per run (runs share a server)
  for (let u = 0; u < users; u++) {
    await kalamSql(url, token, `CREATE USER ${prefix}${u} WITH PASSWORD 'fan-pass-${u}'`);
    const res = await fetch(`${url}/v1/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `${prefix}${u}`, password: `fan-pass-${u}` }),
    });
    tokens.push((await res.json()).access_token);
  }
  const counts = new Array(users * per).fill(0);
  let frames = 0;
  let changes = 0;
  let foreign = 0;
  const sockets = [];
  for (let u = 0; u < users; u++) {
    const mark = `${prefix}${u}-`;
    sockets.push(...await kalamSubscribers(url, tokens[u], per, 1, 'SELECT id, v FROM bench.items', (i, text) => {
      frames++;
      const rows = JSON.parse(text).rows ?? [];
      changes += rows.length;
      counts[u * per + i] += rows.length;
      for (const r of rows) if (!String(r[1]).startsWith(mark)) foreign++;
    }));
  }
  const expected = users * per * batches * rows;
  const cpu0 = cpuSeconds(pid);
  const t0 = now();
  for (let b = 0; b < batches; b++) {
    for (let u = 0; u < users; u++) {
      const values = Array.from({ length: rows }, (_, k) => `('${prefix}${u}-${b}-${k}')`).join(',');
      await kalamSql(url, token, `EXECUTE AS USER '${prefix}${u}' (INSERT INTO bench.items (v) VALUES ${values})`);
    }
  }
  const deadline = Date.now() + 120000;
  while (changes < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
  const seconds = (now() - t0) / 1000;
  const cpu = cpuSeconds(pid) - cpu0;
  for (const s of sockets) s.terminate();
  const wrong = counts.filter((c) => c !== batches * rows).length;
  if (foreign !== 0 || wrong !== 0 || changes !== expected) {
    throw new Error(`fan-out per user: ${foreign} foreign rows, ${wrong} connections with a wrong count, ${changes}/${expected} changes`);
  }
  return { users, connections: users * per, changes, frames, seconds, changes_per_s: changes / seconds,
           server_cpu_s_per_1k_changes: (cpu / changes) * 1000, foreign_rows: foreign };
}

function rssKiB(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
}

async function idleKalam(url, token, connections, per, pid) {
  const before = rssKiB(pid);
  const sockets = await kalamSubscribers(url, token, connections, per, 'SELECT * FROM bench.feed WHERE id = -1', () => {});
  await new Promise((r) => setTimeout(r, 1000));
  const after = rssKiB(pid);
  const subs = connections * per;
  for (const s of sockets) s.terminate();
  return { connections, subscriptions: subs, rss_before_mib: before / 1024, rss_after_mib: after / 1024,
           subs_per_gib: subs / ((after - before) / 1024 / 1024) };
}

/** W10: a subscriber disconnects, `missed` rows are inserted (batches of 1,000), it resubscribes
 * from its last seq; the time from sending the subscribe to `ready`, every missed change received. */
async function resumeKalam(url, token, missed) {
  const table = `bench.resume`;
  const wsUrl = url.replace('http://', 'ws://') + '/v1/ws';
  const open = () => new Promise((res, rej) => {
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
    ws.on('error', rej);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'authenticate', token })));
    ws.once('message', () => res(ws));  // auth_success
  });
  const first = await open();
  const seq = await new Promise((res, rej) => {
    first.on('message', (data) => {
      const f = JSON.parse(data.toString());
      if (f.type === 'ready') res(f.seq);
      else if (f.type === 'error') rej(new Error(JSON.stringify(f)));
    });
    first.send(JSON.stringify({ type: 'subscribe', id: 'r', sql: `SELECT * FROM ${table}` }));
  });
  first.terminate();
  const base = BASE;
  for (let b = 0; b < missed; b += 1000) {
    await kalamSql(url, token, `INSERT INTO ${table} SELECT g, 'payload-0123456789' FROM generate_series(${base + b + 1}, ${base + Math.min(missed, b + 1000)}) AS t(g)`);
  }
  const again = await open();
  const start = now();
  const changes = await new Promise((res, rej) => {
    let n = 0;
    again.on('message', (data) => {
      const text = data.toString();
      if (text.startsWith('{"type":"change"')) return void (n += changeRows(text));
      const f = JSON.parse(text);
      if (f.type === 'ready') res(n);
      else if (f.type === 'error') rej(new Error(text));
    });
    again.send(JSON.stringify({ type: 'subscribe', id: 'r', sql: `SELECT * FROM ${table}`, options: { from_seq: seq } }));
  });
  const ms = now() - start;
  again.terminate();
  if (changes !== missed) throw new Error(`resume: ${changes} changes, ${missed} expected`);
  return { missed, ms };
}

/** The PostgreSQL equivalent: a client that saw rows up to some id catches up with a query. */
async function resumePg(port, missed) {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await client.connect();
  const last = Number((await client.query('SELECT coalesce(max(id), 0) AS m FROM resume')).rows[0].m);
  await client.query(`INSERT INTO resume SELECT g, 'payload-0123456789' FROM generate_series(${last + 1}, ${last + missed}) g`);
  const start = now();
  const r = await client.query({ text: 'SELECT * FROM resume WHERE id > $1 ORDER BY id', values: [last] });
  const ms = now() - start;
  await client.end();
  if (r.rows.length !== missed) throw new Error(`resume pg: ${r.rows.length} rows`);
  return { missed, ms };
}

/** Subscribes once to `sql` and disconnects once ready: the table's changes are logged from then
 * on (so a client could resume), with no subscription left. With `holdSeconds` the subscription
 * stays that long (the line is printed as soon as it is ready). */
async function watchKalam(url, token, sql, holdSeconds) {
  const [ws] = await kalamSubscribers(url, token, 1, 1, sql, () => {});
  if (holdSeconds > 0) {
    console.log(JSON.stringify({ watched: sql, holding: holdSeconds }));
    await new Promise((r) => setTimeout(r, holdSeconds * 1000));
  }
  ws.close();
  return { watched: sql };
}

let out;
if (kind === 'latency' && target === 'kalam') out = await latencyKalam(args[0], args[1], Number(args[2]), Number(args[3]));
else if (kind === 'latency' && target === 'pg') out = await latencyPg(args[0], Number(args[1]), Number(args[2]));
else if (kind === 'fanout-users') out = await fanoutUsersKalam(args[0], args[1], Number(args[2]), Number(args[3]), Number(args[4]), Number(args[5]), Number(args[6]));
else if (kind === 'fanout') out = await fanoutKalam(args[0], args[1], Number(args[2]), Number(args[3]), Number(args[4]), Number(args[5]));
else if (kind === 'resume' && target === 'kalam') out = await resumeKalam(args[0], args[1], Number(args[2]));
else if (kind === 'resume' && target === 'pg') out = await resumePg(Number(args[0]), Number(args[1]));
else if (kind === 'idle') out = await idleKalam(args[0], args[1], Number(args[2]), Number(args[3]), Number(args[4]));
else if (kind === 'watch') out = await watchKalam(args[0], args[1], args[2], Number(args[3] ?? 0));
else throw new Error('usage: see the header of bench/live.mjs');
console.log(JSON.stringify(out));
process.exit(0);
