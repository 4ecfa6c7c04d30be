// Small literal INSERTs run on the I/O thread (sync_writes = false) or are answered when their group
// commit is written (fsync'd, with a commit under way): same answers,
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

// fsync'd (the default), many INSERTs at once: those that arrive while a commit is under way are
// answered when their group commit is written (no thread waits for them). Each gets one answer,
// a key sent twice at once is inserted once, and every acknowledged row survives a restart.
test('concurrent fsync\'d INSERTs each get one answer and lose nothing', async () => {
  let server = await startServer();
  try {
    let r = await sql(server, `CREATE NAMESPACE app; CREATE USER ann WITH PASSWORD 'ann-pass-12';
      CREATE USER TABLE app.events (id BIGINT PRIMARY KEY, kind TEXT NOT NULL)`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const auth = `Bearer ${(await login(server, 'ann', 'ann-pass-12')).body.access_token}`;
    const requests = [];
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 40; i++) {
        const id = round * 100 + (i % 20);  // every key twice in a round, at once
        requests.push(sql(server, 'INSERT INTO app.events (id, kind) VALUES ($1, $2) RETURNING id', {
          auth, params: [id, `k${id}`],
        }).then((res) => ({ id, res })));
      }
      requests.push(sql(server, `INSERT INTO app.events (id) VALUES (${round * 100 + 99})`, { auth })
        .then((res) => ({ id: -1, res })));
    }
    const answers = await Promise.all(requests);
    const won = new Map();
    for (const { id, res } of answers) {
      if (id === -1) {
        assert.equal(res.body.error.code, 'NOT_NULL_VIOLATION', JSON.stringify(res.body));
        continue;
      }
      if (res.status === 200) {
        assert.deepEqual(res.body.results[0].rows, [[String(id)]]);
        won.set(id, (won.get(id) ?? 0) + 1);
      } else {
        assert.equal(res.body.error.code, 'UNIQUE_VIOLATION', JSON.stringify(res.body));
        assert.match(res.body.error.message, /duplicate key value violates unique constraint "events_pkey"/);
      }
    }
    assert.equal(won.size, 100);
    for (const [id, wins] of won) assert.equal(wins, 1, `key ${id} inserted ${wins} times`);
    await server.stop();
    server = await startServer({ dir: server.root });
    const again = `Bearer ${(await login(server, 'ann', 'ann-pass-12')).body.access_token}`;
    r = await sql(server, 'SELECT count(*), count(DISTINCT id) FROM app.events', { auth: again });
    assert.deepEqual(r.body.results[0].rows, [['100', '100']]);
  } finally {
    await server.stop();
    server.cleanup();
  }
});
