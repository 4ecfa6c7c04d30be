// Crash safety (issue: Benchmarks + reliability): kill -9 the server at random moments while 8
// clients insert, update and delete and flushes run; after each restart every acknowledged write
// is there exactly once, no unacknowledged write is half-applied, and hot and flushed data agree.
// CRASH_CYCLES (default 3; `make soak` sets 20) restarts on the same data directory.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sql, login, waitJob } from './helpers.mjs';

const CYCLES = Number(process.env.CRASH_CYCLES ?? 3);
const CLIENTS = 8;
let server;
after(async () => { if (server) { await server.stop('SIGKILL'); server.cleanup(); } });

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** One client: its own user, so its rows form one partition it alone changes. */
class Client {
  constructor(i) {
    this.name = `c${i}`;
    this.model = new Map();   // id → v, acknowledged state
    this.uncertain = null;    // the write in flight when the server died: { id, before, after }
    this.nextId = 1;
    this.ops = 0;
  }
  async connect(s) {
    const r = await login(s, this.name, `pass-${this.name}-1`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    this.auth = `Bearer ${r.body.access_token}`;
  }
  /** Runs random writes until the server dies. */
  async run(s) {
    for (;;) {
      const ids = [...this.model.keys()];
      const roll = Math.random();
      let op;
      if (ids.length < 5 || roll < 0.5) {
        const id = this.nextId++;
        op = { id, before: undefined, after: `v${id}-${this.ops}`, text: null };
        op.text = `INSERT INTO app.kv VALUES (${id}, '${op.after}')`;
      } else if (roll < 0.8) {
        const id = ids[Math.floor(Math.random() * ids.length)];
        op = { id, before: this.model.get(id), after: `u${id}-${this.ops}` };
        op.text = `UPDATE app.kv SET v = '${op.after}' WHERE id = ${id}`;
      } else {
        const id = ids[Math.floor(Math.random() * ids.length)];
        op = { id, before: this.model.get(id), after: undefined };
        op.text = `DELETE FROM app.kv WHERE id = ${id}`;
      }
      this.uncertain = op;
      let r;
      try {
        r = await sql(s, op.text, { auth: this.auth });
      } catch {
        return;  // the server died: `op` stays uncertain
      }
      if (r.status !== 200) {
        if (r.status >= 500 || r.status === 0) return;
        assert.fail(`${this.name}: ${op.text}: ${JSON.stringify(r.body)}`);
      }
      if (op.after === undefined) this.model.delete(op.id); else this.model.set(op.id, op.after);
      this.uncertain = null;
      this.ops++;
    }
  }
  /** Compares the stored rows with the model; resolves the uncertain write by what is stored. */
  async check(s, when) {
    const r = await sql(s, 'SELECT id, v FROM app.kv ORDER BY id', { auth: this.auth });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const rows = r.body.results[0].rows.map(([id, v]) => [Number(id), v]);
    const seen = new Set(rows.map(([id]) => id));
    assert.equal(seen.size, rows.length, `${this.name} ${when}: a key appears twice`);
    const stored = new Map(rows);
    const u = this.uncertain;
    if (u) {
      const now = stored.get(u.id);
      assert.ok(now === u.before || now === u.after,
        `${this.name} ${when}: id ${u.id} is ${now}, neither ${u.before} (before) nor ${u.after} (after)`);
      if (now === undefined) this.model.delete(u.id); else this.model.set(u.id, now);
      this.uncertain = null;
    }
    assert.deepEqual([...stored.entries()].sort((a, b) => a[0] - b[0]),
      [...this.model.entries()].sort((a, b) => a[0] - b[0]), `${this.name} ${when}: rows differ from acknowledged writes`);
  }
}

async function flushLoop(s, stop) {
  while (!stop.done) {
    try {
      await sql(s, 'FLUSH TABLE app.kv');
    } catch {
      return;
    }
    await sleep(50 + Math.random() * 100);
  }
}

test(`kill -9 during writes and flushes, ${CYCLES} cycles: every acknowledged write exactly once`, async () => {
  server = await startServer();
  let setup = 'CREATE NAMESPACE app; CREATE USER TABLE app.kv (id BIGINT PRIMARY KEY, v TEXT);';
  for (let i = 0; i < CLIENTS; i++) setup += ` CREATE USER c${i} WITH PASSWORD 'pass-c${i}-1';`;
  const r = await sql(server, setup);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const clients = Array.from({ length: CLIENTS }, (_, i) => new Client(i));
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    for (const c of clients) await c.connect(server);
    const stop = { done: false };
    const work = [...clients.map((c) => c.run(server)), flushLoop(server, stop)];
    await sleep(300 + Math.random() * 900);
    server.child.kill('SIGKILL');
    await server.exited;
    stop.done = true;
    await Promise.all(work);
    server = await startServer({ dir: server.root });
    for (const c of clients) await c.connect(server);
    for (const c of clients) await c.check(server, `after crash ${cycle + 1}`);
    // Hot and flushed data agree: flushing everything changes no answer.
    const f = await sql(server, 'FLUSH TABLE app.kv');
    const id = f.body.results[0].message.match(/(FL-[0-9a-f]{12})/)[1];
    const job = await waitJob(server, id);
    assert.equal(job.status, 'completed', job.message);
    for (const c of clients) await c.check(server, `after crash ${cycle + 1} and a flush`);
  }
  const total = clients.reduce((n, c) => n + c.ops, 0);
  assert.ok(total > CLIENTS * CYCLES, `only ${total} writes were acknowledged`);
});
