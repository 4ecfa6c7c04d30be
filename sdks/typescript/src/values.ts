// Rows as the SDK hands them out: objects keyed by column name in the statement's column order,
// with BIGINT → bigint (or string), TIMESTAMP → Date, BYTES → Uint8Array. Which column gets which
// conversion comes from the core's value kinds (Core.columnPlan).
import type { Core } from './core.js';
import { KalamError } from './errors.js';

export interface Column {
  name: string;
  /** As the server reports it: "BIGINT", "TEXT", "DECIMAL(10,2)", … */
  dataType: string;
  /** True for the table's primary key (when the server marks it). */
  primaryKey?: boolean;
}

export type Row = Record<string, unknown>;

/** How BIGINT values (ids, `_seq`) are returned: `bigint` (default, exact) or `string` (JSON-friendly). */
export type BigIntMode = 'bigint' | 'string';

/** A schema entry as the server sends it (CONTRACT §2). */
export interface WireColumn {
  name: string;
  data_type: string;
  flags?: string[];
}

type Convert = ((value: never) => unknown) | null;

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function converter(kind: string, bigint: BigIntMode): Convert {
  switch (kind) {
    case 'b':
      return bigint === 'bigint' ? (v: string) => BigInt(v) : null;
    case 't':
      return (v: string) => new Date(v);
    case 'x':
      return (v: string) => base64ToBytes(v);
    default:
      return null;  // numbers, booleans, text, DECIMAL/DATE/TIME/UUID strings, JSON values, files
  }
}

/** Turns the server's row arrays of one schema into objects. */
export class RowDecoder {
  readonly columns: Column[];
  private readonly names: string[];
  private readonly converts: Convert[];
  private readonly plain: boolean;

  constructor(core: Core, schema: WireColumn[], bigint: BigIntMode) {
    this.columns = schema.map((c) => {
      const column: Column = { name: c.name, dataType: c.data_type };
      if (c.flags?.includes('pk')) column.primaryKey = true;
      return column;
    });
    this.names = schema.map((c) => c.name);
    const plan = core.columnPlan(schema.map((c) => c.data_type));
    this.converts = Array.from(plan, (kind) => converter(kind, bigint));
    this.plain = this.converts.every((c) => c === null);
  }

  decode(rows: unknown[][]): Row[] {
    const names = this.names;
    const n = names.length;
    const out: Row[] = new Array(rows.length);
    if (this.plain) {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        const o: Row = {};
        for (let c = 0; c < n; c++) o[names[c]] = r[c];
        out[i] = o;
      }
      return out;
    }
    const converts = this.converts;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const o: Row = {};
      for (let c = 0; c < n; c++) {
        const v = r[c];
        const f = converts[c];
        o[names[c]] = f === null || v === null || v === undefined ? v : f(v as never);
      }
      out[i] = o;
    }
    return out;
  }
}

function bytesToHex(bytes: Uint8Array): string {
  let hex = '\\x';
  for (let i = 0; i < bytes.length; i++) hex += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return hex;
}

/** Parameters as the JSON array the core encodes: bigint → digits, Date → ISO text, bytes → `\\x…` hex
 *  (PostgreSQL's bytea input form, which the server decodes). */
export function encodeParams(params: readonly unknown[]): string {
  try {
    return encodeJson(params);
  } catch (e) {
    throw KalamError.invalid(`parameters cannot be sent as JSON: ${(e as Error).message}`);
  }
}

function encodeJson(params: readonly unknown[]): string {
  return JSON.stringify(params, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];  // before toJSON (a Node Buffer would arrive as {type, data})
    if (original instanceof Uint8Array) return bytesToHex(original);
    if (typeof value === 'bigint') return value.toString();
    if (value === undefined) return null;
    return value;
  });
}
