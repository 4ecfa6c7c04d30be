// Hand-written types of the emscripten loader (scripts/build-wasm.sh): emscripten 3.1.6 cannot
// emit them. Strings cross as (pointer, byte length) of UTF-8 in HEAPU8.
export interface KalamLinkModule {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  _kl_out_ptr(): number;
  _kl_out_len(): number;
  _kl_encode_sql(sql: number, sqlLen: number, params: number, paramsLen: number, ns: number, nsLen: number): number;
  _kl_response_error(httpStatus: number, body: number, bodyLen: number): number;
  _kl_encode_login(user: number, userLen: number, pass: number, passLen: number): number;
  _kl_decode_login(httpStatus: number, body: number, bodyLen: number): number;
  _kl_basic_auth(user: number, userLen: number, pass: number, passLen: number): number;
  _kl_column_plan(types: number, typesLen: number): number;
  _kl_prepare(sql: number, sqlLen: number): number;
  _kl_prepared_params(handle: number): number;
  _kl_prepared_encode(handle: number, params: number, paramsLen: number): number;
  _kl_prepared_release(handle: number): void;
  _kl_encode_auth_token(token: number, tokenLen: number): number;
  _kl_encode_auth_password(user: number, userLen: number, pass: number, passLen: number): number;
  _kl_encode_unsubscribe(id: number, idLen: number): number;
  _kl_encode_ping(): number;
  _kl_subs_new(): number;
  _kl_subs_free(handle: number): void;
  _kl_subs_add(handle: number, id: number, idLen: number, sql: number, sqlLen: number, options: number, optionsLen: number): number;
  _kl_subs_remove(handle: number, id: number, idLen: number): void;
  _kl_subs_observe(handle: number, id: number, idLen: number, kind: number, seq: number, seqLen: number): number;
  _kl_subs_resume(handle: number): number;
  _kl_subs_last_seq(handle: number, id: number, idLen: number): number;
}

export interface KalamLinkOptions {
  /** The .wasm bytes (Node); browsers fetch kalam_link.wasm beside the loader. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
}

export default function createKalamLink(options?: KalamLinkOptions): Promise<KalamLinkModule>;
