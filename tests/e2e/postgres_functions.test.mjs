// PostgreSQL's date functions over HTTP, with the server in a non-UTC time zone: KalamDB's
// timestamps are UTC whatever the host's TZ.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sql, basic } from './helpers.mjs';

let server;

async function one(text, params) {
  const r = await sql(server, text, { params });
  assert.equal(r.status, 200, `${text}\n${JSON.stringify(r.body)}`);
  return r.body.results[0];
}

before(async () => {
  server = await startServer({ env: { TZ: 'America/New_York' } });
  await one(`CREATE NAMESPACE pgf; CREATE SHARED TABLE pgf.events (id BIGINT PRIMARY KEY, happened TIMESTAMP);
    INSERT INTO pgf.events VALUES (1, '2026-03-04 02:30:00'), (2, '2026-03-04 23:10:00'), (3, '2026-03-05 01:00:00');
    CREATE USER TABLE pgf.memories (id BIGINT PRIMARY KEY, meta JSON);
    INSERT INTO pgf.memories VALUES (1, '{"kind":"fact","tags":["work","urgent"]}'), (2, '{"kind":"fact","tags":["home"]}'),
      (3, '{"kind":"chat"}'), (4, NULL)`);
});
after(async () => { await server.stop(); server.cleanup(); });

test('timestamps are UTC whatever the server host’s TZ', async () => {
  const r = await one("SELECT now()::text AS t, '2026-01-01 03:00:00'::timestamptz::timestamp AS u");
  assert.match(r.rows[0][0], /\+00$/);
  assert.equal(r.rows[0][1], '2026-01-01T03:00:00.000000Z');
});

test('date_trunc answers a timestamp for every part; grouping by day counts UTC days', async () => {
  let r = await one(`SELECT date_trunc('day', happened) AS day, count(*) FROM pgf.events
    GROUP BY date_trunc('day', happened) ORDER BY 1`);
  assert.deepEqual(r.schema.map((c) => [c.name, c.data_type]), [['day', 'TIMESTAMP'], ['count', 'BIGINT']]);
  assert.deepEqual(r.rows, [['2026-03-04T00:00:00.000000Z', '2'], ['2026-03-05T00:00:00.000000Z', '1']]);
  r = await one("SELECT date_trunc('month', DATE '2026-03-04'), date_trunc('hour', happened) FROM pgf.events WHERE id = 1");
  assert.deepEqual(r.rows, [['2026-03-01T00:00:00.000000Z', '2026-03-04T02:00:00.000000Z']]);
});

test('to_char takes PostgreSQL’s pattern', async () => {
  const r = await one("SELECT to_char(happened, 'YYYY-MM-DD HH24:MI \"UTC\" Dy FMMonth FMDD') FROM pgf.events WHERE id = 2");
  assert.equal(r.schema[0].name, 'to_char');
  assert.deepEqual(r.rows, [['2026-03-04 23:10 UTC Wed March 4']]);
  const bad = await sql(server, "SELECT to_char(happened, 'Q') FROM pgf.events");
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'INVALID_PARAMETER');
  assert.equal(bad.body.error.message, 'to_char: the pattern element "Q" is not supported');
});

test('a dashboard’s daily series: generate_series aliased in FROM, to_char of numbers', async () => {
  const r = await one(`SELECT to_char(d, 'YYYY-MM-DD') AS day, count(e.id) AS n,
      to_char(coalesce(sum(e.id * 1234.5), 0), 'FM999,999,990.00') AS total
    FROM generate_series(TIMESTAMP '2026-03-03', TIMESTAMP '2026-03-05', INTERVAL '1 day') d
    LEFT JOIN pgf.events e ON date_trunc('day', e.happened) = d
    GROUP BY d ORDER BY d`);
  assert.deepEqual(r.rows, [['2026-03-03', '0', '0.00'], ['2026-03-04', '2', '3,703.50'], ['2026-03-05', '1', '3,703.50']]);
  const f = await one(`SELECT to_char(-1234.5, '9,999.99'), to_char(0.5, '0.9'), to_char(12, '999th'),
    to_char(485, 'RN'), to_char(-485, '999PR'), to_char(12345, '999')`);
  assert.deepEqual(f.rows, [['-1,234.50', ' 0.5', '  12th', '        CDLXXXV', '<485>', ' ###']]);
  const bad = await sql(server, "SELECT to_char(1, '9.9.9')");
  assert.equal(bad.status, 400);
  assert.deepEqual([bad.body.error.sqlstate, bad.body.error.message], ['42601', 'multiple decimal points']);
});

test('the session’s schema and database, bytea hex literals, float casts, SIMILAR TO', async () => {
  let r = await sql(server, 'SELECT current_schema(), current_schema, current_database(), version() LIKE $1',
    { namespace: 'pgf', params: ['KalamDB %'] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.results[0].rows, [['pgf', 'pgf', 'kalamdb', true]]);
  const f = await one(`SELECT encode('\\xdeadbeef'::bytea, 'hex') AS h, octet_length('héllo') AS o,
    1.23456789::float AS d, 'abc' SIMILAR TO 'a%' AS s1, 'abc' SIMILAR TO 'a.c' AS s2`);
  assert.deepEqual(f.rows, [['deadbeef', '6', 1.23456789, true, false]]);
  assert.equal(f.schema[2].data_type, 'DOUBLE');
});

test('a table’s whole row as JSON holds its declared columns (no _seq, no _deleted)', async () => {
  const r = await one(`SELECT row_to_json(m) AS a, to_jsonb(m.*) AS b, json_agg(m) AS c FROM pgf.memories m
    WHERE id = 3 GROUP BY m.id, m.meta`);
  assert.deepEqual(r.rows, [[{ id: 3, meta: { kind: 'chat' } }, { id: 3, meta: { kind: 'chat' } },
    [{ id: 3, meta: { kind: 'chat' } }]]]);
  const n = await one('SELECT memories FROM pgf.memories WHERE id = 4');
  assert.deepEqual(n.rows, [[{ id: 4, meta: null }]]);
});

test('jsonb containment @> and <@ filter JSON columns', async () => {
  let r = await one(`SELECT id FROM pgf.memories WHERE meta @> '{"kind":"fact","tags":["urgent"]}' ORDER BY id`);
  assert.deepEqual(r.rows, [['1']]);
  r = await one(`SELECT id, '{"kind":"chat"}' <@ meta FROM pgf.memories ORDER BY id`);
  assert.deepEqual(r.rows, [['1', false], ['2', false], ['3', true], ['4', null]]);
  const bad = await sql(server, "SELECT id FROM pgf.memories WHERE meta @> 'nope'");
  assert.equal(bad.status, 400);
  assert.deepEqual([bad.body.error.code, bad.body.error.sqlstate], ['INVALID_TEXT_REPRESENTATION', '22P02']);
});

test('LIKE takes a backslash as its escape character', async () => {
  await one("CREATE SHARED TABLE pgf.codes (id BIGINT PRIMARY KEY, code TEXT); INSERT INTO pgf.codes VALUES (1, '50%_off'), (2, '50 off'), (3, 'a_b')");
  let r = await one("SELECT id FROM pgf.codes WHERE code LIKE '50\\%%' ORDER BY id");
  assert.deepEqual(r.rows, [['1']]);
  r = await one("SELECT id FROM pgf.codes WHERE code LIKE $1 ORDER BY id", ['a\\_b']);
  assert.deepEqual(r.rows, [['3']]);
});

test('jsonb operators read, test and edit JSON columns', async () => {
  let r = await one(`SELECT id, meta #>> '{tags,0}', meta ? 'tags', meta ?| ARRAY['tags','nope'] FROM pgf.memories
    WHERE meta ? 'kind' AND meta #>> '{kind}' = 'fact' ORDER BY id`);
  assert.deepEqual(r.schema.map((c) => c.data_type), ['BIGINT', 'TEXT', 'BOOLEAN', 'BOOLEAN']);
  assert.deepEqual(r.rows, [['1', 'work', true, true], ['2', 'home', true, true]]);
  // Edits in an UPDATE, answered through RETURNING.
  r = await one(`UPDATE pgf.memories SET meta = jsonb_set(meta || '{"seen":true}', '{tags,0}', '"office"') - 'kind'
    WHERE id = 1 RETURNING meta, meta #> '{tags}' AS tags`);
  assert.deepEqual(r.rows, [[{ tags: ['office', 'urgent'], seen: true }, ['office', 'urgent']]]);
  r = await one("SELECT meta #- '{tags,1}', jsonb_typeof(meta->'seen'), jsonb_array_length(meta->'tags') FROM pgf.memories WHERE id = 1");
  assert.deepEqual(r.rows, [[{ tags: ['office'], seen: true }, 'boolean', 2]]);
  // `||` and `-` keep their meaning for other types.
  r = await one("SELECT 'id-' || id, id - 1 FROM pgf.memories WHERE id = 2");
  assert.deepEqual(r.rows, [['id-2', '1']]);
  const bad = await sql(server, "SELECT meta #> 2 FROM pgf.memories");
  assert.equal(bad.status, 400);
  assert.deepEqual([bad.body.error.code, bad.body.error.sqlstate, bad.body.error.message, bad.body.error.position],
    ['UNDEFINED_FUNCTION', '42883', 'operator does not exist: json #> integer', 13]);
});

test('JSON set-returning functions give rows, in the select list and in FROM', async () => {
  let r = await one(`SELECT tag, count(*) FROM pgf.memories m, jsonb_array_elements_text(m.meta->'tags') tag
    GROUP BY tag ORDER BY tag`);
  assert.deepEqual(r.rows, [['home', '1'], ['office', '1'], ['urgent', '1']]);
  r = await one("SELECT id, jsonb_object_keys(meta) AS k FROM pgf.memories WHERE id = 3");
  assert.deepEqual(r.rows, [['3', 'kind']]);
  r = await one("SELECT e.key, e.value FROM pgf.memories, jsonb_each(meta) e WHERE id = 2 ORDER BY 1");
  assert.deepEqual(r.rows, [['kind', 'fact'], ['tags', ['home']]]);
});

test('an array parameter works in = ANY($1), with ids as numbers or as the strings KalamDB sends', async () => {
  let r = await one('SELECT id FROM pgf.memories WHERE id = ANY($1) ORDER BY id', [[1, 3]]);
  assert.deepEqual(r.rows, [['1'], ['3']]);
  const ids = (await one('SELECT id FROM pgf.memories WHERE id > 2 ORDER BY id')).rows.map((row) => row[0]);
  r = await one('SELECT id FROM pgf.memories WHERE id = ANY($1) AND meta IS NOT NULL ORDER BY id', [ids]);
  assert.deepEqual(r.rows, [['3']]);
  r = await one('SELECT count(*) FROM pgf.memories WHERE id <> ALL($1)', [[]]);
  assert.deepEqual(r.rows, [['4']]);
  r = await one('UPDATE pgf.memories SET meta = $2 WHERE id = ANY($1)', [['4'], '{"kind":"new"}']);
  assert.equal(r.row_count, 1);
});

test('a value out of its integer type’s range is NUMERIC_VALUE_OUT_OF_RANGE (22003), on INSERT and in arithmetic', async () => {
  await one('CREATE SHARED TABLE pgf.counters (id BIGINT PRIMARY KEY, n INT)');
  for (const text of ['INSERT INTO pgf.counters VALUES (1, 3000000000)', "INSERT INTO pgf.counters VALUES (1, '99999999999')"]) {
    const bad = await sql(server, text);
    assert.equal(bad.status, 400);
    assert.deepEqual([bad.body.error.code, bad.body.error.sqlstate], ['NUMERIC_VALUE_OUT_OF_RANGE', '22003']);
  }
  const quoted = await sql(server, "INSERT INTO pgf.counters VALUES (1, '99999999999')");
  assert.equal(quoted.body.error.message, 'value "99999999999" is out of range for type integer');
  await one('INSERT INTO pgf.counters VALUES (1, 2147483647)');
  const bad = await sql(server, 'UPDATE pgf.counters SET n = n + 1 WHERE id = 1');
  assert.deepEqual([bad.body.error.code, bad.body.error.message], ['NUMERIC_VALUE_OUT_OF_RANGE', 'integer out of range']);
  const r = await one('SELECT n FROM pgf.counters WHERE id = 1');
  assert.deepEqual(r.rows, [[2147483647]]);
});

test('full-text search: to_tsvector @@ websearch_to_tsquery over a USER table, ranked, each user’s rows only', async () => {
  await one(`CREATE USER TABLE pgf.notes (id BIGINT PRIMARY KEY, body TEXT);
    CREATE USER fts_a WITH PASSWORD 'fts-a-pass-1'; CREATE USER fts_b WITH PASSWORD 'fts-b-pass-1'`);
  const a = { auth: basic('fts_a', 'fts-a-pass-1') };
  const b = { auth: basic('fts_b', 'fts-b-pass-1') };
  for (const [who, rows] of [[a, "(1, 'Running late for the meeting'), (2, 'The meetings were cancelled again'), (3, 'Lunch at noon?')"],
    [b, "(1, 'Secret meeting notes of user b')"]]) {
    const r = await sql(server, `INSERT INTO pgf.notes VALUES ${rows}`, who);
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  const search = `SELECT id, ts_rank(to_tsvector('english', body), q) AS rank
    FROM pgf.notes, websearch_to_tsquery('english', $1) q WHERE to_tsvector('english', body) @@ q ORDER BY rank DESC, id`;
  let r = await sql(server, search, { ...a, params: ['meetings -lunch'] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.results[0].rows.map((row) => row[0]), ['1', '2']);
  r = await sql(server, search, { ...b, params: ['meeting'] });
  assert.deepEqual(r.body.results[0].rows.map((row) => row[0]), ['1']);
  r = await sql(server, "SELECT to_tsvector('english', 'The quick brown foxes'), plainto_tsquery('english', 'Fat Rats')", a);
  assert.deepEqual(r.body.results[0].rows, [["'brown':3 'fox':4 'quick':2", "'fat' & 'rat'"]]);
  r = await sql(server, "SELECT to_tsquery('english', 'fat &')", a);
  assert.deepEqual([r.status, r.body.error.code, r.body.error.message], [400, 'SYNTAX_ERROR', 'syntax error in tsquery: "fat &"']);
});

test('a column may be named `at`, as in PostgreSQL', async () => {
  await one(`CREATE SHARED TABLE pgf.pings (id BIGINT PRIMARY KEY, at TIMESTAMP);
    INSERT INTO pgf.pings VALUES (1, '2026-01-01T12:00:00+02:00'), (2, '2026-01-02T12:00:00Z')`);
  let r = await one("SELECT id, at FROM pgf.pings WHERE at > '2026-01-01 11:00:00' ORDER BY at DESC");
  assert.deepEqual(r.rows, [['2', '2026-01-02T12:00:00.000000Z']]);
  r = await one("UPDATE pgf.pings SET at = at + INTERVAL '1 day' WHERE at < '2026-01-02' RETURNING at");
  assert.deepEqual(r.rows, [['2026-01-02T10:00:00.000000Z']]);
});

test('DuckDB-style ? parameters still bind where a JSON ? cannot stand', async () => {
  const r = await sql(server, 'SELECT id FROM pgf.memories WHERE id IN (?, ?) ORDER BY id LIMIT ? OFFSET ?', { params: [1, 2, 1, 1] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.results[0].rows, [['2']]);
});
