import { loadCore, type Core, type LoginInfo } from './core.js';
import { KalamError } from './errors.js';
import { HttpTransport, type Auth } from './http.js';
import {
  LiveConnection,
  type ReconnectOptions,
  type SubscribeHandlers,
  type SubscribeOptions,
  type Subscription,
  type WebSocketConstructor,
} from './live.js';
import { LiveRows } from './materialize.js';
import { RowDecoder, encodeParams, type BigIntMode, type Column, type Row, type WireColumn } from './values.js';

export interface ClientOptions {
  /** The server, e.g. "http://127.0.0.1:8080" (WebSocket URL derived: ws://…/v1/ws). */
  url: string;
  auth?: Auth;
  /** Namespace for unqualified table names in query() (CONTRACT §2 "namespace"). */
  namespace?: string;
  /** BIGINT values as `bigint` (default) or decimal `string`. */
  bigint?: BigIntMode;
  reconnect?: ReconnectOptions;
  /** Client pings on the live connection (default 15000 ms). */
  heartbeatMs?: number;
  /** Overrides: a WebSocket class (default globalThis.WebSocket, else the `ws` package) and fetch. */
  WebSocket?: WebSocketConstructor;
  fetch?: typeof fetch;
}

export interface QueryResult {
  columns: Column[];
  /** Objects keyed by column name, in the statement's column order. */
  rows: Row[];
  /** Rows returned, or rows affected by DML. */
  rowCount: number;
  /** e.g. "2 rows inserted." */
  message?: string;
  /** Server time in milliseconds. */
  tookMs: number;
}

export interface QueryResponse extends QueryResult {
  /** Every statement's result when the SQL held several (`;`-separated); the fields above are the last one's. */
  results: QueryResult[];
}

export interface QueryOptions {
  namespace?: string;
}

/** A statement encoded once (client) and parsed once (server plan cache, keyed by its text). */
export interface PreparedStatement {
  readonly sql: string;
  /** The highest `$n` in the SQL: how many parameters run() takes. */
  readonly parameterCount: number;
  run(params?: readonly unknown[]): Promise<QueryResponse>;
  /** Frees the client-side handle (close() frees all). */
  release(): void;
}

export interface LiveHandlers {
  onError?(error: KalamError): void;
}

interface WireResult {
  schema?: WireColumn[];
  rows?: unknown[][];
  row_count?: number;
  message?: string;
}

export class KalamClient {
  private readonly http: HttpTransport;
  private liveConnection: LiveConnection | undefined;
  private readonly prepared = new Set<number>();
  private readonly bigint: BigIntMode;
  private closed = false;

  /** @internal use createClient() */
  constructor(
    private readonly core: Core,
    private readonly options: ClientOptions,
  ) {
    const url = options.url.replace(/\/+$/, '');
    const fetchImpl = options.fetch ?? globalThis.fetch?.bind(globalThis);
    if (!fetchImpl) throw KalamError.invalid('no fetch() in this environment: pass options.fetch');
    this.http = new HttpTransport(core, url, options.auth, fetchImpl);
    this.bigint = options.bigint ?? 'bigint';
  }

  /** Exchanges the username and password for a token, used from then on (HTTP and WebSocket). */
  async login(): Promise<{ token: string; expiresAt: string; user: { username: string; role: string } }> {
    const info: LoginInfo = await this.http.login();
    return { token: info.token, expiresAt: info.expires_at, user: { username: info.username, role: info.role } };
  }

  /** GET /v1/api/healthcheck. */
  async health(): Promise<{ status: string; version: string; uptimeS: number }> {
    const answer = await this.http.get('/v1/api/healthcheck');
    let body: { status?: string; version?: string; uptime_s?: number } | undefined;
    try {
      body = JSON.parse(answer.body);
    } catch {
      body = undefined;
    }
    if (answer.status !== 200 || !body) throw this.errorOf(answer.status, answer.body);
    return { status: body.status ?? '', version: body.version ?? '', uptimeS: body.uptime_s ?? 0 };
  }

  /** Runs SQL (one statement or several separated by `;`) with `$1…$n` bound to `params`. */
  async query(sql: string, params?: readonly unknown[], options: QueryOptions = {}): Promise<QueryResponse> {
    this.checkOpen();
    const body = this.core.encodeSql(
      sql,
      params && params.length > 0 ? encodeParams(params) : undefined,
      options.namespace ?? this.options.namespace,
    );
    return this.run(body);
  }

  /** Prepares a statement: run(params) then only encodes its parameters. */
  prepare(sql: string): PreparedStatement {
    this.checkOpen();
    const { handle, parameterCount } = this.core.prepare(sql);
    this.prepared.add(handle);
    let released = false;
    return {
      sql,
      parameterCount,
      run: async (params: readonly unknown[] = []) => {
        this.checkOpen();
        if (released) throw KalamError.invalid('the prepared statement was released');
        return this.run(this.core.encodePrepared(handle, encodeParams(params)));
      },
      release: () => {
        if (released || this.closed) return;
        released = true;
        this.prepared.delete(handle);
        this.core.releasePrepared(handle);
      },
    };
  }

  /** Subscribes to a query's rows and their changes (CONTRACT §7); resolves once the server accepted it. */
  async subscribe(sql: string, handlers: SubscribeHandlers, options: SubscribeOptions = {}): Promise<Subscription> {
    this.checkOpen();
    return this.connection().subscribe(sql, handlers, options);
  }

  /** Keeps the query's current rows and calls `onRows` with all of them after the initial data
   *  and after every change. */
  async live(sql: string, onRows: (rows: Row[]) => void, options: SubscribeOptions & LiveHandlers = {}): Promise<Subscription> {
    this.checkOpen();
    const rows = new LiveRows(onRows);
    const { onError, ...subscribeOptions } = options;
    return this.connection().subscribe(sql, rows.handlers(onError), subscribeOptions);
  }

  /** Closes the live connection and frees the client's prepared statements. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.liveConnection?.close();
    for (const handle of this.prepared) this.core.releasePrepared(handle);
    this.prepared.clear();
  }

  private connection(): LiveConnection {
    this.liveConnection ??= new LiveConnection(this.core, {
      wsUrl: this.http.baseUrl.replace(/^http/, 'ws') + '/v1/ws',
      authenticate: () => {
        const credentials = this.http.credentials;
        if (credentials) return this.core.authenticatePassword(credentials.username, credentials.password);
        return this.core.authenticateToken(this.http.currentToken ?? '');
      },
      webSocket: () => webSocketClass(this.options.WebSocket),
      bigint: this.bigint,
      reconnect: { initialDelayMs: 100, maxDelayMs: 5000, ...this.options.reconnect },
      heartbeatMs: this.options.heartbeatMs ?? 15000,
    });
    return this.liveConnection;
  }

  private async run(body: string): Promise<QueryResponse> {
    const answer = await this.http.sql(body);
    if (answer.status === 200) {
      let parsed: { status?: string; took_ms?: number; results?: WireResult[] } | undefined;
      try {
        parsed = JSON.parse(answer.body);
      } catch {
        parsed = undefined;
      }
      if (parsed?.status === 'success' && Array.isArray(parsed.results)) return this.decode(parsed.took_ms ?? 0, parsed.results);
    }
    throw this.errorOf(answer.status, answer.body);
  }

  private decode(tookMs: number, wire: WireResult[]): QueryResponse {
    const results = wire.map((r): QueryResult => {
      const result: QueryResult = { columns: [], rows: [], rowCount: r.row_count ?? 0, tookMs };
      if (r.schema) {
        const decoder = RowDecoder.of(this.core, r.schema, this.bigint);
        result.columns = decoder.columns;
        result.rows = decoder.decode(r.rows ?? []);
      }
      if (r.message !== undefined) result.message = r.message;
      return result;
    });
    const last = results[results.length - 1] ?? { columns: [], rows: [], rowCount: 0, tookMs };
    return { ...last, results };
  }

  private errorOf(status: number, body: string): KalamError {
    const info = this.core.responseError(status, body);
    return new KalamError(
      info ?? { code: 'PROTOCOL_ERROR', sqlstate: '08P01', message: `unexpected answer (HTTP ${status})`, http_status: status },
    );
  }

  private checkOpen(): void {
    if (this.closed) throw KalamError.connection('the client is closed');
  }
}

async function webSocketClass(override?: WebSocketConstructor): Promise<WebSocketConstructor> {
  if (override) return override;
  const native = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (native) return native;
  const name = 'ws';  // Node 20 without --experimental-websocket; never in browser bundles
  const mod = (await import(/* @vite-ignore */ name)) as { WebSocket: WebSocketConstructor };
  return mod.WebSocket;
}

/** Loads the WebAssembly core (once) and returns a client. No request is sent until one is needed. */
export async function createClient(options: ClientOptions): Promise<KalamClient> {
  if (!options || typeof options.url !== 'string' || !/^https?:\/\/[^/]/.test(options.url)) {
    throw KalamError.invalid('createClient needs {url: "http://host:port"}');
  }
  return new KalamClient(await loadCore(), options);
}
