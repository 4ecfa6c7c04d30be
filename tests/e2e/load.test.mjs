// Load (issue: Benchmarks + reliability): 64 clients of 8 users run a mixed workload — single and
// batched INSERTs, point SELECTs, UPDATEs, DELETEs, scans through the engine — while flushes move
// rows to Parquet and one live subscription per user counts its changes. Every request must
// succeed, every subscriber must receive exactly its user's changes, and the server's memory must
// level off. Each client keeps at most LOAD_ROWS_PER_CLIENT rows (default 500: reached after about a
// minute of the soak; then its inserts turn into deletes), so the data set stops growing and so must
// memory. LOAD_SECONDS (default 10; `make soak` sets 300), LOAD_CLIENTS (default 64);
// LOAD_REPORT=path writes the figures as a Markdown section (make soak: bench/sections/soak.md);
// LOAD_CONFIG=path starts the server with that config file.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { startServer, expectOk, login, sql } from './helpers.mjs';
import { openWs, perRow } from './ws_client.mjs';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 10);
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 64);
const USERS = 8;
const ROWS_PER_CLIENT = Number(process.env.LOAD_ROWS_PER_CLIENT ?? 500);

let server;
after(async () => { if (server) { await server.stop(); server.cleanup(); } });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const statusMb = (pid, field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const rssMb = (pid) => statusMb(pid, 'VmRSS');

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** One client: its own id range in its user's partition. */
class Client {
  constructor(i, auth, stats) {
    this.i = i;
    this.user = i % USERS;
    this.auth = auth;
    this.stats = stats;
    this.live = [];      // ids it inserted and has not deleted
    this.next = 1;
    this.changes = 0;    // row changes it made (what its user's subscriber must receive)
  }

  id() { return this.i * 1_000_000_000 + this.next++; }

  async op(kind, text, params, rows = 1) {
    const t = performance.now();
    const r = await sql(server, text, { auth: this.auth, params });
    const ms = performance.now() - t;
    const s = this.stats[kind] ??= { n: 0, ms: [], errors: 0 };
    s.n++;
    s.ms.push(ms);
    if (r.status !== 200) {
      s.errors++;
      this.stats.firstError ??= `${kind}: ${text}: ${r.status} ${JSON.stringify(r.body)}`;
      return null;
    }
    return r.body.results[0];
  }

  async run(deadline) {
    while (Date.now() < deadline) {
      let roll = Math.random();
      // A full client deletes where it would insert: the data set stays the same size.
      if (this.live.length >= ROWS_PER_CLIENT && roll < 0.40) roll = 0.79;
      if (this.live.length < 10 || roll < 0.35) {
        const id = this.id();
        if (await this.op('insert', 'INSERT INTO load.items (id, v, body) VALUES ($1, $2, $3)', [id, id % 1000, `row ${id}`])) {
          this.live.push(id);
          this.changes++;
        }
      } else if (roll < 0.40) {
        const ids = Array.from({ length: 10 }, () => this.id());
        const values = ids.map((id) => `(${id}, ${id % 1000}, 'batch ${id}')`).join(', ');
        if (await this.op('insert10', `INSERT INTO load.items (id, v, body) VALUES ${values}`)) {
          this.live.push(...ids);
          this.changes += ids.length;
        }
      } else if (roll < 0.60) {
        const id = this.live[Math.floor(Math.random() * this.live.length)];
        const r = await this.op('point', 'SELECT id, v, body FROM load.items WHERE id = $1', [id]);
        if (r && r.rows.length !== 1) this.stats.firstError ??= `point lookup of ${id} found ${r.rows.length} rows`;
      } else if (roll < 0.75) {
        const id = this.live[Math.floor(Math.random() * this.live.length)];
        if (await this.op('update', 'UPDATE load.items SET v = v + 1 WHERE id = $1', [id])) this.changes++;
      } else if (roll < 0.80) {
        const at = Math.floor(Math.random() * this.live.length);
        const id = this.live[at];
        if (await this.op('delete', 'DELETE FROM load.items WHERE id = $1', [id])) {
          this.live.splice(at, 1);
          this.changes++;
        }
      } else {
        await this.op('scan', 'SELECT count(*), max(v) FROM load.items WHERE v > $1', [Math.floor(Math.random() * 1000)]);
      }
    }
  }
}

test(`load: ${CLIENTS} clients × mixed workload for ${SECONDS} s — no error, every change delivered once, memory levels off`, { timeout: (SECONDS + 120) * 1000 }, async () => {
  server = await startServer({ env: { KALAMDB_LOG_LEVEL: 'info' }, args: process.env.LOAD_CONFIG ? ['--config', process.env.LOAD_CONFIG] : [] });
  await expectOk(server, `CREATE NAMESPACE load;
    CREATE USER TABLE load.items (id BIGINT PRIMARY KEY, v INT, body TEXT)`);
  const auths = [];
  for (let u = 0; u < USERS; u++) {
    await expectOk(server, `CREATE USER u${u} WITH PASSWORD 'load-pass-${u}'`);
    const r = await login(server, `u${u}`, `load-pass-${u}`);
    auths.push(`Bearer ${r.body.access_token}`);
  }

  // One subscriber per user counts every change of its user's rows.
  const subscribers = [];
  for (let u = 0; u < USERS; u++) {
    const c = await openWs(server);
    await c.authenticate({ username: `u${u}`, password: `load-pass-${u}` });
    const s = await c.subscribe('all', 'SELECT id, v FROM load.items');
    assert.ok(s.ready, JSON.stringify(s.error));
    const counter = { client: c, received: 0, seqs: new Set(), unsequenced: 0, lastSeq: 0n, outOfOrder: 0 };
    c.ws.on('message', (data) => {
      const f = JSON.parse(data.toString());
      if (f.type !== 'change') return;
      // A frame carries a commit's run of one kind: count its rows. A delete inside a run has no
      // seq of its own on the wire (only the run's last one does).
      for (const change of perRow(f)) {
        counter.received++;
        if (change.seq === undefined) {
          counter.unsequenced++;
          continue;
        }
        const seq = BigInt(change.seq);
        if (seq <= counter.lastSeq) counter.outOfOrder++;
        counter.lastSeq = seq;
        counter.seqs.add(change.seq);
      }
    });
    subscribers.push(counter);
  }

  const stats = {};
  const clients = Array.from({ length: CLIENTS }, (_, i) => new Client(i, auths[i % USERS], stats));
  const pid = server.child.pid;
  const rss = [];
  const start = Date.now();
  const deadline = start + SECONDS * 1000;
  const sampler = setInterval(() => rss.push({ s: (Date.now() - start) / 1000, mb: rssMb(pid) }), 1000);
  // What the server says its caches hold (system.stats), every 5 s: RSS minus RocksDB's memtables
  // and block cache, DuckDB's buffers and the cold row cache is what a leak would show in.
  const held = [];
  const statsSampler = setInterval(async () => {
    const r = await sql(server, 'SELECT metric, value FROM system.stats');
    if (r.status !== 200) return;
    const m = Object.fromEntries(r.body.results[0].rows.map(([k, v]) => [k, Number(v)]));
    // Caches in the server's heap, and DuckDB's buffers (in an allocator of DuckDB's own).
    const heapCaches = m.rocksdb_memtable_bytes + m.rocksdb_block_cache_bytes + m.rocksdb_table_readers_bytes
      + m.cold_row_cache_bytes + m.ws_queued_bytes;
    const caches = heapCaches + m.duckdb_memory_bytes;
    const mib = (b) => b / 2 ** 20;
    held.push({ s: (Date.now() - start) / 1000, file: statusMb(pid, 'RssFile'), rss: mib(m.memory_rss_bytes), memtables: mib(m.rocksdb_memtable_bytes),
      block: mib(m.rocksdb_block_cache_bytes + m.rocksdb_table_readers_bytes), duckdb: mib(m.duckdb_memory_bytes),
      cold: mib(m.cold_row_cache_bytes), ws: mib(m.ws_queued_bytes),
      heap: mib(m.heap_allocated_bytes), heapResident: mib(m.heap_resident_bytes),
      duckHeap: mib(m.duckdb_heap_allocated_bytes),
      rest: mib(m.memory_rss_bytes - caches),
      // The server's own heap minus what its caches hold there: a leak in KalamDB's code shows here.
      heapOther: mib(m.heap_allocated_bytes - heapCaches) });
  }, 5000);
  // Flushes move rows to Parquet while the clients work (cold reads, updates of flushed rows).
  const flusher = (async () => {
    while (Date.now() < deadline - 1000) {
      await sleep(Math.max(2000, (SECONDS * 1000) / 4));
      if (Date.now() < deadline - 1000) await sql(server, 'FLUSH TABLE load.items');
    }
  })();
  await Promise.all(clients.map((c) => c.run(deadline)));
  await flusher;
  clearInterval(sampler);
  clearInterval(statsSampler);
  const elapsed = (Date.now() - start) / 1000;

  // Every subscriber receives exactly its user's changes (single-row and batched), in order.
  for (let u = 0; u < USERS; u++) {
    const expected = clients.filter((c) => c.user === u).reduce((n, c) => n + c.changes, 0);
    const sub = subscribers[u];
    const end = Date.now() + 15000;
    while (sub.received < expected && Date.now() < end) await sleep(50);
    await sleep(100);
    assert.equal(sub.received, expected, `user u${u}: ${sub.received} changes received, ${expected} made`);
    assert.equal(sub.seqs.size + sub.unsequenced, sub.received, 'no change twice');
    assert.equal(sub.outOfOrder, 0, 'commit order');
    sub.client.close();
  }

  const kinds = Object.keys(stats).filter((k) => k !== 'firstError');
  const total = kinds.reduce((n, k) => n + stats[k].n, 0);
  const errors = kinds.reduce((n, k) => n + stats[k].errors, 0);
  const lines = kinds.map((k) => {
    const ms = stats[k].ms.sort((a, b) => a - b);
    return `| ${k} | ${stats[k].n} | ${percentile(ms, 0.5).toFixed(2)} | ${percentile(ms, 0.99).toFixed(2)} | ${stats[k].errors} |`;
  });
  const mb = rss.map((r) => r.mb);
  const half = mb.slice(Math.floor(mb.length / 2));
  const trend = rss.filter((_, i) => i % Math.max(1, Math.floor(rss.length / 10)) === 0 || i === rss.length - 1)
    .map((r) => `${r.s.toFixed(0)} s: ${r.mb.toFixed(0)} MB`).join(' · ');
  // RSS per minute, lowest and highest: queries' working memory (DuckDB's hash tables, scans of 64
  // clients at once) comes and goes within seconds; what stays is the floor.
  const minutes = [];
  for (const r of rss) (minutes[Math.floor(r.s / 60)] ??= []).push(r.mb);
  const perMinute = minutes.map((m, i) => `${i + 1}: ${Math.min(...m).toFixed(0)}–${Math.max(...m).toFixed(0)}`).join(' · ');
  const heldTrend = held.filter((_, i) => i % Math.max(1, Math.floor(held.length / 6)) === 0 || i === held.length - 1)
    .map((h) => `${h.s.toFixed(0)} s: RSS ${h.rss.toFixed(0)} = memtables ${h.memtables.toFixed(0)} + block cache/table readers ${h.block.toFixed(0)}`
      + ` + DuckDB ${h.duckdb.toFixed(0)} + cold rows ${h.cold.toFixed(0)} + WS queues ${h.ws.toFixed(0)} + rest ${h.rest.toFixed(0)}`
      + ` (heap: ${h.heap.toFixed(0)} allocated of which ${h.heapOther.toFixed(0)} outside the caches, ${h.heapResident.toFixed(0)} resident;`
      + ` DuckDB's heap: ${h.duckHeap.toFixed(0)} allocated; file-backed ${h.file.toFixed(0)})`)
    .join(' · ');
  const report = `## Load (${CLIENTS} clients, ${SECONDS} s)

\`LOAD_SECONDS=${SECONDS} node --test tests/e2e/load.test.mjs\` (\`make soak\` runs 300 s): ${CLIENTS} clients of
${USERS} users over HTTP keep-alive (Bearer tokens), ${process.env.LOAD_CONFIG ? `server config \`${process.env.LOAD_CONFIG}\`` : 'default server config'}, a USER table, sync_writes on, FLUSH TABLE every
${Math.max(2, SECONDS / 4).toFixed(0)} s, one live subscription per user, at most ${ROWS_PER_CLIENT} rows per client (then inserts
turn into deletes; ${clients.reduce((n, c) => n + c.live.length, 0)} rows at the end). ${total} requests in ${elapsed.toFixed(0)} s
(${(total / elapsed).toFixed(0)} req/s, load generator on the same 2 cores), ${errors} errors; every subscriber
received exactly its user's changes, in commit order.

| operation | requests | p50 ms | p99 ms | errors |
|---|---:|---:|---:|---:|
${lines.join('\n')}

Server RSS: ${trend} (max ${Math.max(...mb).toFixed(0)} MB; second half ${Math.min(...half).toFixed(0)}–${Math.max(...half).toFixed(0)} MB).
Lowest–highest RSS per minute (MB): ${perMinute}.

Where it is (system.stats, MB): ${heldTrend}.
`;
  console.log(report.split('\n').map((l) => `# ${l}`).join('\n'));
  if (process.env.LOAD_REPORT) writeFileSync(process.env.LOAD_REPORT, report);

  assert.equal(errors, 0, stats.firstError);
  assert.equal(stats.firstError, undefined);
  assert.ok(total > CLIENTS * SECONDS, `too few requests: ${total}`);
  // Memory levels off: the end of the run is not far above the middle (caches and memtables fill
  // early; a leak keeps climbing).
  const mid = Math.max(...mb.slice(Math.floor(mb.length / 3), Math.floor((2 * mb.length) / 3) + 1));
  const last = mb[mb.length - 1];
  assert.ok(last <= mid * 1.5 + 64, `RSS kept growing: ${mid.toFixed(0)} MB mid-run, ${last.toFixed(0)} MB at the end`);
  // The floor of RSS does not rise after the second minute (runs of 4 minutes or more).
  if (minutes.length >= 4) {
    const second = Math.min(...minutes[1]);
    const lastFull = Math.min(...minutes[minutes.length - 1].length >= 30 ? minutes[minutes.length - 1] : minutes[minutes.length - 2]);
    assert.ok(lastFull <= second * 1.25 + 32, `the lowest RSS kept rising: ${second.toFixed(0)} MB in minute 2, ${lastFull.toFixed(0)} MB at the end`);
  }
  // The server's heap outside its caches stays level (checked once a run has enough samples).
  if (held.length >= 6) {
    const early = Math.max(...held.slice(Math.floor(held.length / 3), Math.floor(held.length / 2) + 1).map((h) => h.heapOther));
    const end = held[held.length - 1].heapOther;
    assert.ok(end <= early * 1.25 + 32, `the heap outside the caches kept growing: ${early.toFixed(0)} → ${end.toFixed(0)} MB`);
  }
  const health = await fetch(`${server.url}/v1/api/healthcheck`);
  assert.equal(health.status, 200);
});
