// With [storage] sync_writes = false small literal INSERTs run on the I/O thread: same answers,
// same errors, and a clean shutdown keeps every acknowledged row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sql, login } from './helpers.mjs';

test('quick INSERTs answer like the worker path and survive a restart', async () => {
  let server = await startServer({ env: { KALAMDB_SYNC_WRITES: 'false' } });
  try {
    let r = await sql(server, `CREATE NAMESPACE app; CREATE USER ann WITH PASSWORD 'ann-pass-12';
      CREATE USER TABLE app.events (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), kind TEXT NOT NULL, at TIMESTAMP DEFAULT NOW())`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const auth = `Bearer ${(await login(server, 'ann', 'ann-pass-12')).body.access_token}`;
    for (let i = 1; i <= 50; i++) {
      r = await sql(server, 'INSERT INTO app.events (id, kind) VALUES ($1, $2)', { auth, params: [i, `k${i}`] });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.results[0].message, '1 row inserted.');
    }
    r = await sql(server, "INSERT INTO app.events (kind) VALUES ('a'), ('b') RETURNING kind", { auth });
    assert.deepEqual(r.body.results[0].rows, [['a'], ['b']]);
    r = await sql(server, "INSERT INTO app.events (id, kind) VALUES (7, 'again')", { auth });
    assert.equal(r.body.error.code, 'UNIQUE_VIOLATION');
    r = await sql(server, 'INSERT INTO app.events (id, kind) VALUES (99, NULL)', { auth });
    assert.equal(r.body.error.code, 'NOT_NULL_VIOLATION');
    r = await sql(server, 'INSERT INTO app.nope (id) VALUES (1)', { auth });
    assert.equal(r.body.error.code, 'TABLE_NOT_FOUND');
    await server.stop();
    server = await startServer({ dir: server.root, env: { KALAMDB_SYNC_WRITES: 'false' } });
    const again = `Bearer ${(await login(server, 'ann', 'ann-pass-12')).body.access_token}`;
    r = await sql(server, 'SELECT count(*), count(DISTINCT id) FROM app.events', { auth: again });
    assert.deepEqual(r.body.results[0].rows, [['52', '52']]);
    r = await sql(server, 'SELECT kind FROM app.events WHERE id = 7', { auth: again });
    assert.deepEqual(r.body.results[0].rows, [['k7']]);
  } finally {
    await server.stop();
    server.cleanup();
  }
});
