// The bridge to kalam-link's C++ core compiled to WebAssembly (link/wasm/exports.cc): strings are
// copied into the module's memory as UTF-8, answers read back from its output buffer.
import createKalamLink, { type KalamLinkModule } from './kalam_link.mjs';
import { KalamError, type ErrorInfo } from './errors.js';

export interface LoginInfo {
  token: string;
  expires_at: string;
  username: string;
  role: string;
}

export class Core {
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  private readonly plans = new Map<string, string>();

  constructor(private readonly m: KalamLinkModule) {}

  /** The body of POST /v1/api/sql; `params` is a JSON array (see encodeParams). */
  encodeSql(sql: string, params: string | undefined, namespace: string | undefined): string {
    const rc = this.with([sql, params ?? '', namespace ?? ''], (a) =>
      this.m._kl_encode_sql(a[0], a[1], a[2], a[3], a[4], namespace === undefined ? -1 : a[5]),
    );
    if (rc !== 0) throw KalamError.invalid(this.out());
    return this.out();
  }

  /** The error an answer to POST /v1/api/sql carries (or a PROTOCOL_ERROR for one that is not JSON). */
  responseError(httpStatus: number, body: string): ErrorInfo | null {
    const rc = this.with([body], (a) => this.m._kl_response_error(httpStatus, a[0], a[1]));
    return rc === 0 ? null : (JSON.parse(this.out()) as ErrorInfo);
  }

  encodeLogin(username: string, password: string): string {
    this.with([username, password], (a) => this.m._kl_encode_login(a[0], a[1], a[2], a[3]));
    return this.out();
  }

  decodeLogin(httpStatus: number, body: string): LoginInfo {
    const rc = this.with([body], (a) => this.m._kl_decode_login(httpStatus, a[0], a[1]));
    const out = JSON.parse(this.out());
    if (rc !== 0) throw new KalamError(out as ErrorInfo);
    return out as LoginInfo;
  }

  basicAuthorization(username: string, password: string): string {
    this.with([username, password], (a) => this.m._kl_basic_auth(a[0], a[1], a[2], a[3]));
    return this.out();
  }

  /** One kind letter per column (link/core/value_kind.h), cached per list of types. */
  columnPlan(dataTypes: string[]): string {
    const key = dataTypes.join('\n');
    let plan = this.plans.get(key);
    if (plan === undefined) {
      this.with([key], (a) => this.m._kl_column_plan(a[0], a[1]));
      plan = this.out();
      this.plans.set(key, plan);
    }
    return plan;
  }

  prepare(sql: string): { handle: number; parameterCount: number } {
    const handle = this.with([sql], (a) => this.m._kl_prepare(a[0], a[1]));
    return { handle, parameterCount: this.m._kl_prepared_params(handle) };
  }

  encodePrepared(handle: number, params: string): string {
    const rc = this.with([params], (a) => this.m._kl_prepared_encode(handle, a[0], a[1]));
    if (rc !== 0) throw KalamError.invalid(this.out());
    return this.out();
  }

  releasePrepared(handle: number): void {
    this.m._kl_prepared_release(handle);
  }

  authenticateToken(token: string): string {
    this.with([token], (a) => this.m._kl_encode_auth_token(a[0], a[1]));
    return this.out();
  }

  authenticatePassword(username: string, password: string): string {
    this.with([username, password], (a) => this.m._kl_encode_auth_password(a[0], a[1], a[2], a[3]));
    return this.out();
  }

  unsubscribe(id: string): string {
    this.with([id], (a) => this.m._kl_encode_unsubscribe(a[0], a[1]));
    return this.out();
  }

  ping(): string {
    this.m._kl_encode_ping();
    return this.out();
  }

  // ---- the subscription set of one live connection ----

  newSubscriptionSet(): number {
    return this.m._kl_subs_new();
  }

  freeSubscriptionSet(handle: number): void {
    this.m._kl_subs_free(handle);
  }

  /** Adds a subscription and returns its subscribe message. */
  addSubscription(handle: number, id: string, sql: string, options: string): string {
    const rc = this.with([id, sql, options], (a) => this.m._kl_subs_add(handle, a[0], a[1], a[2], a[3], a[4], a[5]));
    if (rc !== 0) throw KalamError.invalid(this.out());
    return this.out();
  }

  removeSubscription(handle: number, id: string): void {
    this.with([id], (a) => this.m._kl_subs_remove(handle, a[0], a[1]));
  }

  /** Records a ready/change seq; false for a change already seen (a duplicate to drop). */
  observe(handle: number, id: string, kind: 'ready' | 'change', seq: string): boolean {
    const code = kind === 'ready' ? 0x72 : 0x63;  // 'r' | 'c'
    return this.with([id, seq], (a) => this.m._kl_subs_observe(handle, a[0], a[1], code, a[2], a[3])) === 1;
  }

  /** The subscribe messages for a fresh connection: each subscription from its last seq. */
  resumeMessages(handle: number): string[] {
    this.m._kl_subs_resume(handle);
    return JSON.parse(this.out()) as string[];
  }

  lastSeq(handle: number, id: string): string | undefined {
    const has = this.with([id], (a) => this.m._kl_subs_last_seq(handle, a[0], a[1]));
    return has === 1 ? this.out() : undefined;
  }

  // Copies the strings into one allocation and passes (pointer, length) pairs.
  private with<T>(values: string[], f: (args: number[]) => T): T {
    const bytes = values.map((v) => this.encoder.encode(v));
    let total = 0;
    for (const b of bytes) total += b.length;
    const base = this.m._malloc(total || 1);
    const args: number[] = [];
    let at = base;
    for (const b of bytes) {
      this.m.HEAPU8.set(b, at);  // HEAPU8 is re-read: memory may have grown in _malloc
      args.push(at, b.length);
      at += b.length;
    }
    try {
      return f(args);
    } finally {
      this.m._free(base);
    }
  }

  private out(): string {
    const p = this.m._kl_out_ptr();
    return this.decoder.decode(this.m.HEAPU8.subarray(p, p + this.m._kl_out_len()));
  }
}

let loading: Promise<Core> | undefined;

/** Loads the module once per process (or page). Node reads the .wasm beside this file; browsers fetch it. */
export function loadCore(): Promise<Core> {
  loading ??= (async () => {
    const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
    if (isNode) {
      const fsName = 'node:fs/promises';  // not a static import: browser bundles must not need it
      const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs/promises');
      const wasmBinary = await fs.readFile(new URL('./kalam_link.wasm', import.meta.url));
      return new Core(await createKalamLink({ wasmBinary }));
    }
    return new Core(await createKalamLink());
  })();
  return loading;
}
