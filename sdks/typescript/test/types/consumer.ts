// Compiled (not run) by test/types.test.mjs: the published declarations serve a TypeScript user.
import { createClient, KalamError, type ChangeEvent, type QueryResponse, type Row, type Subscription } from '@kalamdb/client';

export async function example(): Promise<void> {
  const db = await createClient({ url: 'http://127.0.0.1:8080', auth: { username: 'alice', password: 'x' }, bigint: 'string' });
  const r: QueryResponse = await db.query('SELECT * FROM app.messages WHERE room = $1', ['a']);
  const names: string[] = r.columns.map((c) => c.name + c.dataType);
  const first: Row | undefined = r.rows[0];
  const count: number = r.rowCount + r.tookMs;
  const sub: Subscription = await db.subscribe('SELECT * FROM app.messages', {
    onRows: (rows: Row[], info: { hasMore: boolean }) => console.log(rows.length, info.hasMore),
    onChange: (c: ChangeEvent) => console.log(c.type === 'delete' ? c.oldRows : c.rows, c.seq),
    onError: (e: KalamError) => console.log(e.code, e.sqlstate, e.message, e.position),
  }, { lastRows: 20, batchSize: 100, fromSeq: '123' });
  const seq: string | undefined = sub.lastSeq;
  await sub.unsubscribe();
  await db.live('SELECT * FROM app.todo', (rows: Row[]) => rows.length, { onError: () => {} });
  const p = db.prepare('SELECT $1');
  const n: number = p.parameterCount;
  await p.run([1n]);
  p.release();
  const login = await db.login();
  const who: string = login.user.username + login.user.role + login.token + login.expiresAt;
  await db.close();
  void [names, first, count, seq, n, who];
}
