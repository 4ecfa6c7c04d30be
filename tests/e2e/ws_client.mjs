// A WebSocket client for the live-query tests: the `ws` package from tests/tools, with a frame
// inbox the tests await on.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(resolve('tests/tools/package.json'));
export const WebSocket = require('ws');

/** Opens ws://…/v1/ws; `headers` go on the upgrade request. Resolves once open. */
export async function openWs(server, { headers = {} } = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/v1/ws`, { headers, maxPayload: 256 << 20 });
  const client = new WsClient(ws);
  await new Promise((res, rej) => {
    ws.once('open', res);
    ws.once('error', rej);
  });
  return client;
}

/**
 * A change frame carries the rows of consecutive changes of one kind; this splits it into one
 * change per row (`rows`/`old_rows` of one row each). A row's `seq` is its new version's `_seq`
 * (insert/update) or, for a delete, the frame's seq when it is the frame's last row.
 */
export function perRow(frame) {
  if (frame.type !== 'change') return [frame];
  const n = Math.max(frame.rows?.length ?? 0, frame.old_rows?.length ?? 0);
  return Array.from({ length: n }, (_, i) => {
    const row = frame.rows?.[i];
    const seq = row ? row[row.length - 1] : i === n - 1 ? frame.seq : undefined;
    return {
      ...frame,
      rows: row ? [row] : undefined,
      old_rows: frame.old_rows ? [frame.old_rows[i]] : undefined,
      seq,
      frame_seq: frame.seq,
    };
  });
}

export class WsClient {
  constructor(ws) {
    this.ws = ws;
    this.frames = [];
    this.waiters = [];
    this.closed = new Promise((res) => ws.on('close', (code, reason) => res({ code, reason: reason.toString() })));
    ws.on('message', (data, isBinary) => {
      const frame = isBinary ? { type: '__binary__' } : JSON.parse(data.toString());
      this.frames.push(frame);
      for (const w of [...this.waiters]) w();
    });
    ws.on('close', () => { for (const w of [...this.waiters]) w(); });
    ws.on('error', () => {});
  }

  send(obj) { this.ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj)); }

  /** Resolves with the first unread frame matching `pred` (frames before it stay unread). */
  async next(pred = () => true, { timeoutMs = 10000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.frames.findIndex(pred);
      if (i >= 0) return this.frames.splice(i, 1)[0];
      if (this.ws.readyState >= 2) throw new Error(`socket closed while waiting; unread: ${JSON.stringify(this.frames)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for a frame; unread: ${JSON.stringify(this.frames).slice(0, 2000)}`);
      await new Promise((res) => {
        const t = setTimeout(res, left);
        this.waiters.push(() => { clearTimeout(t); res(); });
      });
      this.waiters = [];
    }
  }

  /** Frames of one subscription id, the first `n` of them. */
  async take(id, n, opts) {
    const out = [];
    while (out.length < n) out.push(await this.next((f) => f.id === id, opts));
    return out;
  }

  /** The next `n` changes of one subscription, one per row (see perRow). */
  async takeChanges(id, n, opts) {
    const out = [];
    while (out.length < n) {
      const f = await this.next((x) => x.id === id, opts);
      if (f.type !== 'change') throw new Error(`expected a change frame, got ${JSON.stringify(f)}`);
      out.push(...perRow(f));
    }
    return out;
  }

  async authenticate(body) {
    this.send({ type: 'authenticate', ...body });
    const f = await this.next((x) => x.type === 'auth_success' || x.type === 'error');
    if (f.type !== 'auth_success') throw new Error(`auth failed: ${JSON.stringify(f)}`);
    return f;
  }

  /** Subscribes and reads ack, every initial batch and ready (replayed changes one per row). */
  async subscribe(id, sql, options) {
    this.send({ type: 'subscribe', id, sql, ...(options ? { options } : {}) });
    const ack = await this.next((f) => f.id === id);
    if (ack.type !== 'subscription_ack') return { error: ack };
    const rows = [];
    const changes = [];
    const changeFrames = [];
    for (;;) {
      const f = await this.next((x) => x.id === id);
      if (f.type === 'initial_data_batch') rows.push(...f.rows);
      else if (f.type === 'change') {
        changeFrames.push(f);
        changes.push(...perRow(f));
      } else if (f.type === 'ready') return { ack, rows, changes, changeFrames, ready: f };
      else return { error: f };
    }
  }

  /** True when no frame for `id` arrives within `ms`. */
  async quiet(id, ms = 300) {
    await new Promise((r) => setTimeout(r, ms));
    return !this.frames.some((f) => f.id === id);
  }

  close() { this.ws.close(); }
}
