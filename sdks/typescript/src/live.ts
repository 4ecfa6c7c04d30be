// One WebSocket to /v1/ws carrying every subscription of a client (CONTRACT §7). Messages are
// encoded by the core, and the core's subscription set remembers each subscription's last seq: after
// a lost connection the client reconnects with backoff and resubscribes each one from that seq, so
// no change is missed and none is delivered twice (the set drops replayed seqs).
import type { Core } from './core.js';
import { KalamError, type ErrorInfo } from './errors.js';
import { RowDecoder, type BigIntMode, type Column, type Row, type WireColumn } from './values.js';

export interface SubscribeOptions {
  /** Initial data: only the newest N rows. */
  lastRows?: number;
  /** Resume after this seq: no initial data, every change after it (deletes included), then ready. */
  fromSeq?: string;
  /** Rows per initial-data batch (server default 1000). */
  batchSize?: number;
}

export interface ChangeEvent {
  type: 'insert' | 'update' | 'delete';
  /** insert/update: the new rows. */
  rows: Row[];
  /** update/delete: the rows as they were. */
  oldRows: Row[];
  /** The change's seq (decimal text): resume with `fromSeq` after it. */
  seq: string;
}

export interface SubscribeHandlers {
  /** Initial data, in batches (`hasMore` until the last one). Called again from the start if the
   *  connection is lost before the subscription was ready. */
  onRows?(rows: Row[], info: { hasMore: boolean }): void;
  /** The initial data is complete at `seq`; changes follow. */
  onReady?(info: { seq: string }): void;
  onChange?(change: ChangeEvent): void;
  /** The subscription ended with an error (killed, permission revoked, resume window exceeded…). */
  onError?(error: KalamError): void;
  /** @internal initial data starts over (live() clears its rows). */
  onReset?(): void;
  /** @internal the columns of each acknowledgement (live() finds the primary key). */
  onColumns?(columns: Column[]): void;
}

export interface Subscription {
  readonly id: string;
  /** The server's id of the subscription on the current connection (system.live_queries). */
  readonly liveId: string;
  readonly columns: Column[];
  /** The last seq delivered (ready or change). */
  readonly lastSeq: string | undefined;
  unsubscribe(): Promise<void>;
}

export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface ReconnectOptions {
  /** First retry delay (default 100 ms), doubled per failed attempt up to maxDelayMs (default 5 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface LiveOptions {
  wsUrl: string;
  authenticate: () => string;
  webSocket: () => Promise<WebSocketConstructor>;
  bigint: BigIntMode;
  reconnect: Required<ReconnectOptions>;
  /** Ping interval; a connection silent for two intervals is replaced (default 15 s). */
  heartbeatMs: number;
}

interface Entry {
  id: string;
  handlers: SubscribeHandlers;
  decoder?: RowDecoder;
  liveId: string;
  ack?: { resolve: (s: Subscription) => void; reject: (e: KalamError) => void };
  handle: Subscription;
}

const OPEN = 1;

function deliver(f: () => void): void {
  try {
    f();
  } catch (e) {
    setTimeout(() => {
      throw e;  // a handler's own error: reported like any uncaught error, the connection goes on
    });
  }
}

export class LiveConnection {
  private readonly subs = new Map<string, Entry>();
  private readonly setHandle: number;
  private ws: WebSocketLike | undefined;
  private authed = false;
  private closed = false;
  private fatal: KalamError | undefined;
  private attempt = 0;
  private nextId = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private pingSentAt = 0;  // 0: no ping waiting for an answer
  private everAuthed = false;
  private readonly unsubscribing = new Map<string, () => void>();

  constructor(
    private readonly core: Core,
    private readonly options: LiveOptions,
  ) {
    this.setHandle = core.newSubscriptionSet();
  }

  async subscribe(sql: string, handlers: SubscribeHandlers, options: SubscribeOptions = {}): Promise<Subscription> {
    if (this.closed) throw KalamError.connection('the client is closed');
    this.fatal = undefined;  // a new call tries the credentials again
    const id = `s${++this.nextId}`;
    const wire: Record<string, unknown> = {};
    if (options.lastRows !== undefined) wire.last_rows = options.lastRows;
    if (options.fromSeq !== undefined) wire.from_seq = String(options.fromSeq);
    if (options.batchSize !== undefined) wire.batch_size = options.batchSize;
    const message = this.core.addSubscription(this.setHandle, id, sql, JSON.stringify(wire));
    const self = this;
    const entry: Entry = {
      id,
      handlers,
      liveId: '',
      handle: {
        id,
        get liveId() {
          return entry.liveId;
        },
        get columns() {
          return entry.decoder?.columns ?? [];
        },
        get lastSeq() {
          return self.core.lastSeq(self.setHandle, id);
        },
        unsubscribe: () => this.unsubscribe(id),
      },
    };
    this.subs.set(id, entry);
    const acked = new Promise<Subscription>((resolve, reject) => {
      entry.ack = { resolve, reject };
    });
    if (this.ws && this.authed && this.ws.readyState === OPEN) this.ws.send(message);
    else this.connect();
    return acked;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeat);
    const error = KalamError.connection('the client is closed');
    for (const entry of this.subs.values()) entry.ack?.reject(error);
    this.subs.clear();
    for (const done of this.unsubscribing.values()) done();
    this.unsubscribing.clear();
    this.core.freeSubscriptionSet(this.setHandle);
    this.ws?.close(1000, 'client closed');
    this.ws = undefined;
  }

  private unsubscribe(id: string): Promise<void> {
    if (!this.subs.delete(id)) return Promise.resolve();
    if (!this.closed) this.core.removeSubscription(this.setHandle, id);
    if (!this.ws || !this.authed || this.ws.readyState !== OPEN) return Promise.resolve();
    this.ws.send(this.core.unsubscribe(id));
    return new Promise((resolve) => this.unsubscribing.set(id, resolve));
  }

  private connect(): void {
    if (this.ws || this.closed || this.reconnectTimer !== undefined) return;
    void this.open();
  }

  private async open(): Promise<void> {
    let Ctor: WebSocketConstructor;
    try {
      Ctor = await this.options.webSocket();
    } catch (e) {
      return this.failAll(KalamError.connection(`no WebSocket implementation: ${(e as Error).message}`));
    }
    if (this.closed || this.ws) return;
    const ws = new Ctor(this.options.wsUrl);
    this.ws = ws;
    this.authed = false;
    ws.onopen = () => {
      this.pingSentAt = 0;
      ws.send(this.options.authenticate());
    };
    ws.onmessage = (ev) => {
      this.pingSentAt = 0;  // the connection is alive
      if (typeof ev.data === 'string') this.onFrame(ev.data);
      else if (ev.data instanceof Uint8Array) this.onFrame(new TextDecoder().decode(ev.data));
    };
    ws.onerror = () => {
      // onclose follows and decides what to do.
    };
    ws.onclose = () => this.onClose(ws);
  }

  private onClose(ws: WebSocketLike): void {
    if (this.ws !== ws) return;
    this.ws = undefined;
    this.authed = false;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const done of this.unsubscribing.values()) done();  // gone with the connection
    this.unsubscribing.clear();
    if (this.closed || this.fatal || this.subs.size === 0) return;
    if (!this.everAuthed) {
      // Never connected: most likely a wrong URL or a server that is not running. Say so rather than
      // retry forever; a later subscribe() tries again.
      this.failAll(KalamError.connection(`cannot connect to ${this.options.wsUrl}`));
      return;
    }
    const { initialDelayMs, maxDelayMs } = this.options.reconnect;
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(this.attempt, 20));
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect();
    }, delay * (0.5 + Math.random() / 2));
  }

  // Every interval: if the last ping got no frame back within an interval, the connection is dead
  // (a silent network drop); else ping again. Timers throttled in background tabs only delay both.
  private startHeartbeat(): void {
    clearInterval(this.heartbeat);
    const every = this.options.heartbeatMs;
    this.pingSentAt = 0;
    this.heartbeat = setInterval(() => {
      const ws = this.ws;
      if (!ws) return;
      const now = Date.now();
      if (this.pingSentAt !== 0 && now - this.pingSentAt >= every) {
        this.onClose(ws);  // do not wait for a dead peer's close handshake
        ws.onmessage = null;  // nothing more from it, even if it wakes up
        ws.onclose = null;
        const socket = ws as WebSocketLike & { terminate?: () => void };
        if (socket.terminate) socket.terminate();  // the ws package: drop the TCP connection now
        else ws.close(4000, 'no answer to ping');
        return;
      }
      if (this.pingSentAt === 0 && ws.readyState === OPEN) {
        this.pingSentAt = now;
        ws.send(this.core.ping());
      }
    }, every);
    (this.heartbeat as { unref?: () => void }).unref?.();
  }

  private onFrame(text: string): void {
    let f: Record<string, unknown>;
    try {
      f = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;  // not a frame of ours
    }
    const entry = typeof f.id === 'string' ? this.subs.get(f.id) : undefined;
    switch (f.type) {
      case 'auth_success':
        this.authed = true;
        this.everAuthed = true;
        this.attempt = 0;
        this.startHeartbeat();
        for (const entry of this.subs.values()) {
          // One that never became ready starts over with its initial data.
          if (this.core.lastSeq(this.setHandle, entry.id) === undefined && !entry.ack) {
            deliver(() => entry.handlers.onReset?.());
          }
        }
        for (const message of this.core.resumeMessages(this.setHandle)) this.ws?.send(message);
        return;
      case 'subscription_ack': {
        if (!entry) return;
        entry.liveId = String(f.live_id ?? '');
        entry.decoder = RowDecoder.of(this.core, (f.schema as WireColumn[]) ?? [], this.options.bigint);
        const columns = entry.decoder.columns;
        deliver(() => entry.handlers.onColumns?.(columns));
        const ack = entry.ack;
        entry.ack = undefined;
        ack?.resolve(entry.handle);
        return;
      }
      case 'initial_data_batch':
        if (!entry?.decoder) return;
        {
          const rows = entry.decoder.decode((f.rows as unknown[][]) ?? []);
          const hasMore = f.has_more === true;
          deliver(() => entry.handlers.onRows?.(rows, { hasMore }));
        }
        return;
      case 'ready':
        if (!entry) return;
        this.core.observe(this.setHandle, entry.id, 'ready', String(f.seq ?? ''));
        deliver(() => entry.handlers.onReady?.({ seq: String(f.seq ?? '') }));
        return;
      case 'change': {
        if (!entry?.decoder) return;
        const seq = String(f.seq ?? '');
        if (!this.core.observe(this.setHandle, entry.id, 'change', seq)) return;  // seen already
        const change: ChangeEvent = {
          type: f.change_type as ChangeEvent['type'],
          rows: entry.decoder.decode((f.rows as unknown[][]) ?? []),
          oldRows: entry.decoder.decode((f.old_rows as unknown[][]) ?? []),
          seq,
        };
        deliver(() => entry.handlers.onChange?.(change));
        return;
      }
      case 'unsubscribed': {
        const done = typeof f.id === 'string' ? this.unsubscribing.get(f.id) : undefined;
        if (done && typeof f.id === 'string') {
          this.unsubscribing.delete(f.id);
          done();
        }
        return;
      }
      case 'error': {
        const error = new KalamError(f as unknown as ErrorInfo);
        if (entry) {
          // The server ended this subscription (refused, killed, or its resume window passed).
          this.subs.delete(entry.id);
          this.core.removeSubscription(this.setHandle, entry.id);
          if (entry.ack) entry.ack.reject(error);
          else deliver(() => entry.handlers.onError?.(error));
        } else if (!this.authed) {
          this.fatal = error;  // wrong credentials: retrying would not help
          this.failAll(error);
          this.ws?.close(1000, 'authentication failed');
        } else if (typeof f.id === 'string' && this.unsubscribing.has(f.id)) {
          this.unsubscribing.get(f.id)?.();
          this.unsubscribing.delete(f.id);
        }
        return;
      }
      default:
        return;  // pong, and frame types this client does not know
    }
  }

  private failAll(error: KalamError): void {
    for (const entry of [...this.subs.values()]) {
      this.subs.delete(entry.id);
      this.core.removeSubscription(this.setHandle, entry.id);
      if (entry.ack) entry.ack.reject(error);
      else deliver(() => entry.handlers.onError?.(error));
    }
  }
}
