import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sql } from './helpers.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); server.cleanup(); });

test('success body follows the contract', async () => {
  const r = await sql(server, "SELECT 7241902381826048::BIGINT AS id, 'hi' AS body");
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'success');
  assert.equal(typeof r.body.took_ms, 'number');
  const [res] = r.body.results;
  assert.deepEqual(res.schema, [
    { name: 'id', data_type: 'BIGINT', index: 0 },
    { name: 'body', data_type: 'TEXT', index: 1 },
  ]);
  assert.deepEqual(res.rows, [['7241902381826048', 'hi']]);
  assert.equal(res.row_count, 1);
});

test('value encoding of every type', async () => {
  const r = await sql(server, `SELECT 1::SMALLINT, 2::INT, 3::BIGINT, 1.5::REAL, 2.25::DOUBLE,
    12.5::DECIMAL(10,3), true, 'x'::TEXT, TIMESTAMP '2026-11-27 05:10:47.123456', DATE '2026-11-27',
    TIME '05:10:47.123456', '{"a":[1,null]}'::JSON, '\\x00\\xff'::BLOB,
    '0191d2a4-7c3e-7000-8000-000000000000'::UUID, NULL::TEXT`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const [res] = r.body.results;
  assert.deepEqual(res.rows[0], [1, 2, '3', 1.5, 2.25, '12.500', true, 'x',
    '2026-11-27T05:10:47.123456Z', '2026-11-27', '05:10:47.123456', { a: [1, null] }, 'AP8=',
    '0191d2a4-7c3e-7000-8000-000000000000', null]);
  assert.deepEqual(res.schema.map((c) => c.data_type), ['SMALLINT', 'INT', 'BIGINT', 'REAL', 'DOUBLE',
    'DECIMAL(10,3)', 'BOOLEAN', 'TEXT', 'TIMESTAMP', 'DATE', 'TIME', 'JSON', 'BYTES', 'UUID', 'TEXT']);
});

test('params bind $1, $2', async () => {
  const r = await sql(server, 'SELECT $1::INT * 2 AS d, upper($2) AS u, $3 IS NULL AS n', { params: [21, 'abc', null] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.results[0].rows, [[42, 'ABC', true]]);
});

test('namespaces: create, show, use, drop and their errors', async () => {
  let r = await sql(server, 'CREATE NAMESPACE app; CREATE NAMESPACE IF NOT EXISTS app; CREATE NAMESPACE chat');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.results.length, 3);
  assert.equal(r.body.results[0].message, "Namespace 'app' created.");
  r = await sql(server, 'SHOW NAMESPACES');
  assert.deepEqual(r.body.results[0].rows.map((row) => row[0]), ['app', 'chat']);
  assert.deepEqual(r.body.results[0].schema.map((c) => c.name), ['namespace_id', 'created_at', 'table_count']);
  r = await sql(server, 'CREATE NAMESPACE app');
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'ALREADY_EXISTS');
  assert.equal(r.body.error.sqlstate, '42P07');
  r = await sql(server, 'CREATE NAMESPACE system');
  assert.equal(r.body.error.code, 'INVALID_PARAMETER');
  r = await sql(server, 'USE nowhere');
  assert.equal(r.body.error.code, 'NAMESPACE_NOT_FOUND');
  assert.equal(r.body.error.sqlstate, '3F000');
  r = await sql(server, 'USE app; SELECT * FROM messages');
  assert.equal(r.body.error.code, 'TABLE_NOT_FOUND');
  assert.equal(r.body.error.statement_index, 1);
  r = await sql(server, 'SELECT * FROM nope.t');
  assert.equal(r.body.error.code, 'NAMESPACE_NOT_FOUND');
  r = await sql(server, 'DROP NAMESPACE chat; DROP NAMESPACE IF EXISTS chat');
  assert.equal(r.status, 200);
  r = await sql(server, 'DROP NAMESPACE chat');
  assert.equal(r.body.error.code, 'NAMESPACE_NOT_FOUND');
  assert.equal(r.body.error.message, 'namespace "chat" does not exist');
});

test('SELECT over system.namespaces with filters, joins and aggregates', async () => {
  await sql(server, 'CREATE NAMESPACE IF NOT EXISTS s1; CREATE NAMESPACE IF NOT EXISTS s2');
  const r = await sql(server, `SELECT a.namespace_id, count(*) OVER () AS total
    FROM system.namespaces a JOIN system.namespaces b ON a.namespace_id = b.namespace_id
    WHERE a.namespace_id LIKE 's%' ORDER BY 1`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.results[0].rows, [['s1', '2'], ['s2', '2']]);
  const t = await sql(server, "SELECT created_at FROM system.namespaces WHERE namespace_id = 's1'");
  assert.match(t.body.results[0].rows[0][0], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
});

test('batches stop at the first failure, keep earlier statements, report statement_index', async () => {
  const r = await sql(server, 'CREATE NAMESPACE b1; SELEC 1; CREATE NAMESPACE b2');
  assert.equal(r.status, 400);
  assert.equal(r.body.status, 'error');
  assert.deepEqual(r.body.results, []);
  assert.equal(r.body.error.code, 'SYNTAX_ERROR');
  assert.equal(r.body.error.sqlstate, '42601');
  assert.equal(r.body.error.message, 'syntax error at or near "SELEC"');
  assert.equal(r.body.error.statement_index, 1);
  assert.equal(r.body.error.position, 22);
  const ns = await sql(server, 'SHOW NAMESPACES');
  const names = ns.body.results[0].rows.map((row) => row[0]);
  assert.ok(names.includes('b1'));
  assert.ok(!names.includes('b2'));
});

test('error bodies: position, unknown relation, column, bad input', async () => {
  let r = await sql(server, 'SELECT * FROM app.nope');
  assert.equal(r.status, 400);
  assert.deepEqual(r.body.error, {
    code: 'TABLE_NOT_FOUND', sqlstate: '42P01', message: 'relation "app.nope" does not exist',
    statement_index: 0, position: 15,
  });
  r = await sql(server, 'SELECT missing_col FROM range(1) t(x)');
  assert.equal(r.body.error.code, 'COLUMN_NOT_FOUND');
  assert.equal(r.body.error.sqlstate, '42703');
  r = await sql(server, "SELECT 'abc'::INT");
  assert.equal(r.body.error.code, 'INVALID_TEXT_REPRESENTATION');
  r = await sql(server, '   ');
  assert.equal(r.body.error.code, 'INVALID_PARAMETER');
  r = await sql(server, "KILL JOB 'FL-000000000000'");
  assert.equal(r.body.error.code, 'INVALID_PARAMETER');
  assert.equal(r.body.error.message, 'job "FL-000000000000" does not exist');
});

test('SQL longer than max_sql_bytes is refused', async () => {
  const r = await sql(server, 'SELECT 1 -- ' + 'x'.repeat(1100000));
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'PROGRAM_LIMIT_EXCEEDED');
});
