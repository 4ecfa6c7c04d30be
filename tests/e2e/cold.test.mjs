// Cold storage (CONTRACT §4, §6): FLUSH TABLE moves rows to Parquet files at the templated paths,
// reads merge hot and cold, writes and key checks see flushed rows, jobs are recorded and
// de-duplicated, a crash at any step loses and duplicates nothing, and S3 storages round-trip.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, sql, login, flushAndWait, waitJob, startS3rver, expectOk, expectError } from './helpers.mjs';

let server;
const auth = {};

async function ok(text, opts) {
  const r = await sql(server, text, opts);
  assert.equal(r.status, 200, `${text}\n${JSON.stringify(r.body)}`);
  return r.body.results;
}
async function rows(text, opts) { return (await ok(text, opts))[0].rows; }
const fails = (text, code, opts) => expectError(server, text, code, opts);
/** Every file below `dir`, relative, sorted. */
function filesBelow(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  const walk = (d, rel) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      // (The server may delete a replaced file between the listing and the stat: skip it.)
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p, rel ? `${rel}/${name}` : name);
      else out.push(rel ? `${rel}/${name}` : name);
    }
  };
  walk(dir, '');
  return out.sort();
}
/** Keys of the objects s3rver holds in bucket `kalam`. */
function s3Objects(s3) {
  return filesBelow(join(s3.dir, 'kalam')).filter((f) => f.endsWith('._S3rver_object'))
    .map((f) => f.slice(0, -'._S3rver_object'.length));
}
function isParquet(path) {
  const b = readFileSync(path);
  return b.length > 8 && b.subarray(0, 4).toString() === 'PAR1' && b.subarray(b.length - 4).toString() === 'PAR1';
}

before(async () => {
  server = await startServer();
  await ok(`CREATE NAMESPACE app;
    CREATE USER alice WITH PASSWORD 'alice-pass-1'; CREATE USER bob WITH PASSWORD 'bob-pass-12';
    CREATE USER TABLE app.notes (id BIGINT PRIMARY KEY, body TEXT, n INT)`);
  auth.alice = { auth: `Bearer ${(await login(server, 'alice', 'alice-pass-1')).body.access_token}` };
  auth.bob = { auth: `Bearer ${(await login(server, 'bob', 'bob-pass-12')).body.access_token}` };
});
after(async () => { await server.stop(); server.cleanup(); });

test('flush writes one Parquet file per user at the templated path; queries answer the same', async () => {
  await ok("INSERT INTO app.notes VALUES (1, 'a1', 10), (2, 'a2', 20), (3, 'a3', 30)", auth.alice);
  await ok("INSERT INTO app.notes VALUES (1, 'b1', 1)", auth.bob);
  const queries = ['SELECT id, body, n FROM app.notes ORDER BY id', 'SELECT count(*), sum(n) FROM app.notes',
    'SELECT * FROM app.notes WHERE id = 2', "SELECT id FROM app.notes WHERE body LIKE 'a%' ORDER BY id DESC"];
  const before = [];
  for (const q of queries) before.push(await rows(q, auth.alice));

  const { job } = await flushAndWait(server, 'app.notes');
  assert.equal(job.status, 'completed', job.message);
  assert.equal(job.job_type, 'flush');
  assert.equal(job.namespace_id, 'app');
  assert.equal(job.table_name, 'notes');
  assert.match(job.job_id, /^FL-[0-9a-f]{12}$/);
  // CONTRACT §6: every column, times in order.
  const [jobSchema] = await ok(`SELECT * FROM system.jobs WHERE job_id = '${job.job_id}'`);
  assert.deepEqual(jobSchema.schema.map((c) => c.name), ['job_id', 'job_type', 'status', 'namespace_id', 'table_name',
    'parameters', 'message', 'created_at', 'started_at', 'finished_at']);
  assert.deepEqual(JSON.parse(typeof job.parameters === 'string' ? job.parameters : JSON.stringify(job.parameters)), {});
  assert.ok(job.created_at && job.started_at && job.finished_at, JSON.stringify(job));
  assert.ok(job.created_at <= job.started_at && job.started_at <= job.finished_at, JSON.stringify(job));
  assert.equal(job.message, 'Flushed 4 rows into 2 files (2 partitions)');

  const storage = join(server.root, 'data', 'storage');
  const files = filesBelow(join(storage, 'app', 'users', 'notes'));
  const alice = files.filter((f) => f.includes('/alice/'));
  assert.equal(alice.length, 2, files.join(', '));
  assert.match(alice[0], /^shard-\d+\/alice\/batch-1\.parquet$/);
  assert.match(alice[1], /^shard-\d+\/alice\/manifest\.json$/);
  assert.ok(isParquet(join(storage, 'app', 'users', 'notes', alice[0])));
  const manifest = JSON.parse(readFileSync(join(storage, 'app', 'users', 'notes', alice[1]), 'utf8'));
  assert.equal(manifest.scope, 'alice');
  assert.equal(manifest.segments.length, 1);
  assert.equal(manifest.segments[0].rows, 3);
  assert.equal(manifest.segments[0].min_pk, '1');
  assert.equal(manifest.segments[0].max_pk, '3');
  assert.deepEqual(manifest.segments[0].columns.map((c) => c.name), ['id', 'body', 'n']);

  for (let i = 0; i < queries.length; i++) assert.deepEqual(await rows(queries[i], auth.alice), before[i], queries[i]);
  assert.deepEqual(await rows('SELECT id, body FROM app.notes', auth.bob), [['1', 'b1']]);
});

test('updates, deletes and duplicate keys see flushed rows, also after a second flush', async () => {
  await ok("UPDATE app.notes SET body = 'a2-new' WHERE id = 2", auth.alice);
  await ok('DELETE FROM app.notes WHERE id = 3', auth.alice);
  await fails("INSERT INTO app.notes VALUES (1, 'dup', 0)", 'UNIQUE_VIOLATION', auth.alice);
  const expected = [['1', 'a1'], ['2', 'a2-new']];
  assert.deepEqual(await rows('SELECT id, body FROM app.notes ORDER BY id', auth.alice), expected);
  const { job } = await flushAndWait(server, 'app.notes');
  assert.equal(job.status, 'completed', job.message);
  assert.deepEqual(await rows('SELECT id, body FROM app.notes ORDER BY id', auth.alice), expected);
  assert.deepEqual(await rows('SELECT * FROM app.notes WHERE id = 3', auth.alice), []);
  await fails("INSERT INTO app.notes VALUES (2, 'dup', 0)", 'UNIQUE_VIOLATION', auth.alice);
  await ok("INSERT INTO app.notes VALUES (3, 'a3-again', 33)", auth.alice);
  assert.deepEqual(await rows('SELECT body, n FROM app.notes WHERE id = 3', auth.alice), [['a3-again', 33]]);
  // bob's partition is untouched by alice's changes.
  assert.deepEqual(await rows('SELECT id, body FROM app.notes', auth.bob), [['1', 'b1']]);
});

test('newest rows by key (ORDER BY pk DESC LIMIT n) read from the hot store agree with the planner', async () => {
  await ok('CREATE NAMESPACE talk; CREATE USER TABLE talk.chat (id BIGINT PRIMARY KEY, body TEXT)');
  await ok("INSERT INTO talk.chat SELECT g, 'old ' || g FROM generate_series(1, 30) t(g)", auth.alice);
  await ok("INSERT INTO talk.chat VALUES (5, 'bob 5')", auth.bob);
  const { job } = await flushAndWait(server, 'talk.chat');
  assert.equal(job.status, 'completed', job.message);
  await ok("INSERT INTO talk.chat SELECT g, 'new ' || g FROM generate_series(31, 40) t(g)", auth.alice);
  await ok("UPDATE talk.chat SET body = 'edited' WHERE id = 30; DELETE FROM talk.chat WHERE id = 39", auth.alice);
  const stat = async () => Number((await rows("SELECT value FROM system.stats WHERE metric = 'top_reads'"))[0][0]);
  const before = await stat();
  for (const n of [1, 5, 10, 11, 20]) {
    for (const dir of ['DESC', 'ASC']) {
      const fast = await rows(`SELECT id, body FROM talk.chat ORDER BY id ${dir} LIMIT ${n}`, auth.alice);
      const planned = await rows(`SELECT id, body FROM talk.chat WHERE true ORDER BY id ${dir} LIMIT ${n}`, auth.alice);
      assert.deepEqual(fast, planned, `${dir} LIMIT ${n}`);
    }
  }
  // The 10 newest (40, 38..31 and the edited 30) are hot: answered without the planner; the rest
  // reach flushed rows, which the planner reads.
  assert.deepEqual((await rows('SELECT id, body FROM talk.chat ORDER BY id DESC LIMIT 3', auth.alice)),
    [['40', 'new 40'], ['38', 'new 38'], ['37', 'new 37']]);
  assert.equal(await stat(), before + 3 + 1);  // DESC 1, 5, 10, and the check just above
  assert.deepEqual(await rows('SELECT * FROM talk.chat ORDER BY id DESC LIMIT 5', auth.bob), [['5', 'bob 5']]);
  // Older pages by a cursor, hot and flushed, and IN lists: the same answers as the planner's.
  for (const cursor of [41, 35, 31, 25, 2]) {
    const page = await rows('SELECT id, body FROM talk.chat WHERE id < $1 ORDER BY id DESC LIMIT 5',
      { ...auth.alice, params: [cursor] });
    const planned = await rows('SELECT id, body FROM talk.chat WHERE id < $1 AND true ORDER BY id DESC LIMIT 5',
      { ...auth.alice, params: [cursor] });
    assert.deepEqual(page, planned, `cursor ${cursor}`);
  }
  const keys = await rows('SELECT id, body FROM talk.chat WHERE id IN (40, 39, 31, 30)', auth.alice);
  assert.deepEqual(keys, [['30', 'edited'], ['31', 'new 31'], ['40', 'new 40']]);
});

test('a second FLUSH while one is queued or running creates no job; STREAM tables refuse', async () => {
  await ok('CREATE SHARED TABLE app.big (id BIGINT PRIMARY KEY, v TEXT)');
  for (let b = 0; b < 20; b++) {
    const values = [];
    for (let i = 0; i < 1000; i++) values.push(`(${b * 1000 + i}, 'value-${b * 1000 + i}')`);
    await ok(`INSERT INTO app.big VALUES ${values.join(',')}`);
  }
  const [first, second] = await ok('FLUSH TABLE app.big; FLUSH TABLE app.big');
  const id = first.message.match(/^Flush started for table 'app.big'\. Job ID: (FL-[0-9a-f]{12})$/)[1];
  assert.equal(second.message, `Flush already in progress for table 'app.big': job ${id}`);
  // Queries while the flush runs see every row exactly once.
  let done = false;
  const finished = waitJob(server, id).then((job) => { done = true; return job; });
  let checks = 0;
  while (!done) {
    assert.deepEqual(await rows('SELECT count(*), count(DISTINCT id), sum(id) FROM app.big'), [['20000', '20000', '199990000']]);
    checks++;
  }
  assert.ok(checks > 0);
  assert.equal((await finished).status, 'completed');
  assert.deepEqual(await rows('SELECT count(*), sum(id) FROM app.big'), [['20000', '199990000']]);
  const jobs = await rows(`SELECT count(*) FROM system.jobs WHERE table_name = 'big'`);
  assert.deepEqual(jobs, [['1']]);

  await ok('CREATE STREAM TABLE app.ev (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), v TEXT) WITH (TTL_SECONDS=60)');
  await fails('FLUSH TABLE app.ev', 'FEATURE_NOT_SUPPORTED');
  await fails('FLUSH TABLE app.notes', 'PERMISSION_DENIED', auth.alice);
  await fails('SELECT * FROM system.jobs', 'PERMISSION_DENIED', auth.alice);
  const all = await ok('FLUSH ALL TABLES IN app');
  assert.match(all[0].message, /^Flush started for 2 tables\. Job IDs: FL-[0-9a-f]{12}, FL-[0-9a-f]{12}$/);
  // SHOW JOBS: system.jobs' rows, newest first; KILL JOB of a job that has ended says so.
  const [shown] = await ok('SHOW JOBS');
  assert.deepEqual(shown.schema.slice(0, 3).map((c) => c.name), ['job_id', 'job_type', 'status']);
  assert.ok(shown.rows.some((r) => r[0] === id && r[2] === 'completed'));
  await fails('SHOW JOBS', 'PERMISSION_DENIED', auth.alice);
  // system.advice (dba): this server's root has no password.
  const advice = await ok("SELECT rule, severity, target FROM system.advice WHERE rule = 'root_password_empty'");
  assert.deepEqual(advice[0].rows, [['root_password_empty', 'warning', 'root']]);
  await fails('SELECT * FROM system.advice', 'PERMISSION_DENIED', auth.alice);
  await fails(`KILL JOB '${id}'`, 'PERMISSION_DENIED', auth.alice);
  const ended = await sql(server, `KILL JOB '${id}'`);
  assert.equal(ended.body.error.code, 'INVALID_PARAMETER');
  assert.equal(ended.body.error.message, `job ${id} is not queued or running: it completed`);
});

test('queries during a compaction see every row once; the answer is the same afterwards', async () => {
  // app.big: 20,000 flushed rows. Two more files: 5,000 updates, then 5,000 new rows and deletes.
  await ok("UPDATE app.big SET v = 'updated' WHERE id < 5000");
  assert.equal((await flushAndWait(server, 'app.big')).job.status, 'completed');
  const values = [];
  for (let i = 20000; i < 25000; i++) values.push(`(${i}, 'value-${i}')`);
  await ok(`INSERT INTO app.big VALUES ${values.join(',')}`);
  await ok('DELETE FROM app.big WHERE id >= 24000');
  assert.equal((await flushAndWait(server, 'app.big')).job.status, 'completed');
  const q = "SELECT count(*), count(DISTINCT id), sum(id), count(*) FILTER (WHERE v = 'updated') FROM app.big";
  const expected = [['24000', '24000', String((23999 * 24000) / 2), '5000']];
  assert.deepEqual(await rows(q), expected);
  const [started] = await ok('COMPACT TABLE app.big');
  const id = started.message.match(/Job ID: (CO-[0-9a-f]{12})$/)[1];
  let done = false;
  const finished = waitJob(server, id).then((job) => { done = true; return job; });
  while (!done) assert.deepEqual(await rows(q), expected);
  const job = await finished;
  assert.equal(job.status, 'completed', job.message);
  assert.equal(job.message, 'Compacted 3 files into 1 (1 partitions, 24000 rows)');
  assert.deepEqual(await rows(q), expected);
  // Replaced files go once no query that started before the swap runs (the queries above may have
  // held them): within moments.
  const dir = join(server.root, 'data', 'storage', 'app', 'shared', 'big');
  for (let i = 0; i < 100 && filesBelow(dir).length > 2; i++) await new Promise((done) => setTimeout(done, 50));
  assert.deepEqual(filesBelow(dir), ['batch-4.parquet', 'manifest.json']);
});

test('DROP TABLE removes flushed files and manifests; the name starts empty again', async () => {
  await ok('CREATE USER TABLE app.tmp (id BIGINT PRIMARY KEY, v TEXT)');
  await ok("INSERT INTO app.tmp VALUES (1, 'x')", auth.alice);
  assert.equal((await flushAndWait(server, 'app.tmp')).job.status, 'completed');
  const dir = join(server.root, 'data', 'storage', 'app', 'users', 'tmp');
  assert.ok(filesBelow(dir).length > 0);
  await ok('DROP TABLE app.tmp');
  assert.ok(!existsSync(dir));
  await ok('CREATE USER TABLE app.tmp (id BIGINT PRIMARY KEY, v TEXT)');
  assert.deepEqual(await rows('SELECT count(*) FROM app.tmp', auth.alice), [['0']]);
  await ok("INSERT INTO app.tmp VALUES (1, 'y')", auth.alice);
});

test('a crash after the file is written or after the commit loses no row and duplicates none', async () => {
  for (const point of ['flush-after-upload', 'flush-after-commit']) {
    const s = await startServer({ env: { KALAMDB_CRASH_AT: point } });
    const run = async (text) => {
      const r = await sql(s, text);
      assert.equal(r.status, 200, `${text}\n${JSON.stringify(r.body)}`);
      return r.body.results;
    };
    await run("CREATE NAMESPACE app; CREATE SHARED TABLE app.t (id BIGINT PRIMARY KEY, v TEXT); INSERT INTO app.t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    await run('FLUSH TABLE app.t');
    const exit = await s.exited;
    assert.equal(exit.code, 137, `${point}: the server should have crashed`);
    const again = await startServer({ dir: s.root });
    try {
      const q = async (text) => (await sql(again, text)).body.results[0].rows;
      assert.deepEqual(await q('SELECT id, v FROM app.t ORDER BY id'), [['1', 'a'], ['2', 'b'], ['3', 'c']], point);
      const jobs = await q('SELECT status, message FROM system.jobs');
      assert.equal(jobs.length, 1);
      assert.equal(jobs[0][0], 'failed', point);
      assert.match(jobs[0][1], /interrupted/);
      const { job } = await flushAndWait(again, 'app.t');
      assert.equal(job.status, 'completed', job.message);
      assert.deepEqual(await q('SELECT id, v FROM app.t ORDER BY id'), [['1', 'a'], ['2', 'b'], ['3', 'c']], point);
      await q("UPDATE app.t SET v = 'B' WHERE id = 2");
      assert.deepEqual(await q('SELECT count(*), max(v) FROM app.t'), [['3', 'c']]);
    } finally {
      await again.stop();
      again.cleanup();
    }
  }
});

test('flushed rows survive a restart', async () => {
  await server.stop();
  server = await startServer({ dir: server.root });
  auth.alice = { auth: `Bearer ${(await login(server, 'alice', 'alice-pass-1')).body.access_token}` };
  assert.deepEqual(await rows('SELECT id, body FROM app.notes ORDER BY id', auth.alice),
    [['1', 'a1'], ['2', 'a2-new'], ['3', 'a3-again']]);
  assert.deepEqual(await rows('SELECT count(*) FROM app.big'), [['24000']]);
});

test('an S3 storage (s3rver) round-trips flushed files', async () => {
  const s3 = await startS3rver();
  try {
    const creds = JSON.stringify({ access_key_id: 'S3RVER', secret_access_key: 'S3RVER', region: 'us-east-1', endpoint: s3.endpoint });
    await ok(`CREATE STORAGE s3 TYPE 's3' URI 's3://kalam/cold/' CREDENTIALS '${creds}'`);
    await ok("CREATE USER TABLE app.remote (id BIGINT PRIMARY KEY, v TEXT) WITH (STORAGE_ID='s3')");
    await ok("INSERT INTO app.remote VALUES (1, 'one'), (2, 'two')", auth.alice);
    const { job } = await flushAndWait(server, 'app.remote');
    assert.equal(job.status, 'completed', job.message);
    const objects = s3Objects(s3);
    assert.ok(objects.some((f) => /cold\/app\/users\/remote\/shard-\d+\/alice\/batch-1\.parquet/.test(f)), objects.join(', '));
    assert.deepEqual(await rows('SELECT id, v FROM app.remote ORDER BY id', auth.alice), [['1', 'one'], ['2', 'two']]);
    await ok("UPDATE app.remote SET v = 'TWO' WHERE id = 2", auth.alice);
    assert.equal((await flushAndWait(server, 'app.remote')).job.status, 'completed');
    assert.deepEqual(await rows('SELECT id, v FROM app.remote ORDER BY id', auth.alice), [['1', 'one'], ['2', 'TWO']]);
    await ok('DROP TABLE app.remote');
    const left = s3Objects(s3).filter((f) => f.includes('remote'));
    assert.deepEqual(left, []);
  } finally {
    await s3.stop();
  }
});

test('FLUSH_POLICY flushes by itself; a partition with too many files is compacted by itself', async () => {
  const s = await startServer({ env: { KALAMDB_FLUSH_CHECK_INTERVAL_SECONDS: '1', KALAMDB_MAX_FILES_PER_USER: '2' } });
  try {
    const run = (text) => expectOk(s, text);
    const fails = (text, code) => expectError(s, text, code);
    await run('CREATE NAMESPACE app');
    await fails("CREATE SHARED TABLE app.bad (id BIGINT PRIMARY KEY) WITH (FLUSH_POLICY='rows:0')", 'INVALID_PARAMETER');
    await run(`CREATE SHARED TABLE app.auto (id BIGINT PRIMARY KEY, v TEXT)
      WITH (FLUSH_POLICY='rows:1000000,interval:1')`);
    const jobsOf = async (type) => (await run(`SELECT status, message FROM system.jobs WHERE job_type = '${type}' AND table_name = 'auto' ORDER BY created_at`))[0].rows;
    const waitFor = async (check, what) => {
      for (let i = 0; i < 200; i++) {
        if (await check()) return;
        await new Promise((done) => setTimeout(done, 50));
      }
      assert.fail(`timed out waiting for ${what}`);
    };
    for (let round = 0; round < 3; round++) {
      await run(`INSERT INTO app.auto VALUES (${round * 2}, 'r${round}'), (${round * 2 + 1}, 'r${round}')`);
      await waitFor(async () => (await jobsOf('flush')).filter((j) => j[0] === 'completed' && j[1].startsWith('Flushed')).length > round, `flush ${round}`);
    }
    // The third file exceeded max_files_per_user = 2: a compaction followed on its own.
    await waitFor(async () => (await jobsOf('compact')).some((j) => j[0] === 'completed'), 'compaction');
    const [compaction] = await jobsOf('compact');
    assert.match(compaction[1], /^Compacted 3 files into 1 \(1 partitions, 6 rows\)$/);
    const manifest = JSON.parse(readFileSync(join(s.root, 'data', 'storage', 'app', 'shared', 'auto', 'manifest.json'), 'utf8'));
    assert.equal(manifest.segments.length, 1);
    // Replaced files go at the next scheduler check once no query that might read them runs (the
    // polling above may have been one).
    const dir = join(s.root, 'data', 'storage', 'app', 'shared', 'auto');
    await waitFor(async () => filesBelow(dir).length === 2, 'the replaced files to be deleted');
    assert.deepEqual(filesBelow(dir), ['batch-4.parquet', 'manifest.json']);
    assert.deepEqual((await run('SELECT count(*), min(v), max(v) FROM app.auto'))[0].rows, [['6', 'r0', 'r2']]);
    assert.deepEqual((await run("SELECT parameters FROM system.jobs WHERE job_type = 'compact'"))[0].rows.length, 1);
    const [[parameters]] = (await run("SELECT parameters FROM system.jobs WHERE job_type = 'compact'"))[0].rows;
    assert.deepEqual(typeof parameters === 'string' ? JSON.parse(parameters) : parameters, { min_files: 3 });
    const compact = await run('COMPACT TABLE app.auto');
    assert.match(compact[0].message, /^Compaction started for table 'app.auto'\. Job ID: CO-[0-9a-f]{12}$/);
  } finally {
    await s.stop();
    s.cleanup();
  }

});
