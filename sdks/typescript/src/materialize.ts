// live(): a subscription kept as the current row set. Rows are identified by the primary key when
// the subscription's columns include it, else by their `_seq` (each row version has its own, and a
// change's old rows carry the seq of the version they replace).
import type { ChangeEvent, SubscribeHandlers } from './live.js';
import type { Column, Row } from './values.js';

export class LiveRows {
  private readonly rows = new Map<unknown, Row>();
  private ready = false;
  private key: (row: Row) => unknown = (row) => row._seq;

  constructor(private readonly emit: (rows: Row[]) => void) {}

  handlers(onError?: (e: import('./errors.js').KalamError) => void): SubscribeHandlers {
    return {
      onReset: () => {
        this.rows.clear();
        this.ready = false;
      },
      onColumns: (columns) => this.chooseKey(columns),
      onRows: (rows) => {
        for (const row of rows) this.rows.set(this.key(row), row);
      },
      onReady: () => {
        this.ready = true;
        this.emit([...this.rows.values()]);
      },
      onChange: (change) => this.apply(change),
      onError,
    };
  }

  private chooseKey(columns: Column[]): void {
    const pk = columns.find((c) => c.primaryKey);
    if (pk) {
      const name = pk.name;
      this.key = (row) => {
        const v = row[name];
        return typeof v === 'bigint' ? v.toString() : v;
      };
    } else {
      this.key = (row) => String(row._seq);
    }
  }

  private apply(change: ChangeEvent): void {
    const kept = new Set(change.rows.map((row) => this.key(row)));  // updated in place keep their position
    for (const old of change.oldRows) {
      const key = this.key(old);
      if (!kept.has(key)) this.rows.delete(key);
    }
    for (const row of change.rows) this.rows.set(this.key(row), row);
    if (this.ready) this.emit([...this.rows.values()]);
  }
}
