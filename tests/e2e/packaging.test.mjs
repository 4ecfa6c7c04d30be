// Packaging (docs/deploy.md): the release tarball runs on its own, the Dockerfile lints clean and
// keeps its promises (non-root, /data volume, port, health check, built by `make dist`), and the
// compose file and GitHub workflows are valid YAML saying what they should.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { startServer } from './helpers.mjs';

const require = createRequire(resolve('tests/tools/package.json'));
const YAML = require('yaml');
const read = (p) => readFileSync(resolve(p), 'utf8');
const BUILD_DIR = dirname(dirname(resolve(process.env.KALAMDB_SERVER_BIN ?? 'build/bin/kalamdb-server')));

test('make dist: the tarball runs standalone — server and bundled CLI, libduckdb from the bundle', async () => {
  const out = mkdtempSync(join(tmpdir(), 'kalam-dist-'));
  const unpacked = mkdtempSync(join(tmpdir(), 'kalam-unpacked-'));
  let server;
  try {
    execFileSync('bash', ['scripts/dist.sh'], { env: { ...process.env, BUILD_DIR, DIST_DIR: out }, stdio: 'pipe' });
    const tarball = readdirSync(out).find((f) => /^kalamdb-\d+\.\d+\.\d+-linux-x86_64\.tar\.gz$/.test(f));
    assert.ok(tarball, readdirSync(out).join(', '));
    execFileSync('sha256sum', ['-c', `${tarball}.sha256`], { cwd: out, stdio: 'pipe' });
    execFileSync('tar', ['-xzf', join(out, tarball), '-C', unpacked]);
    const root = join(unpacked, tarball.replace(/\.tar\.gz$/, ''));
    for (const f of ['bin/kalamdb-server', 'bin/kalam', 'lib/libduckdb.so', 'config/server.example.toml', 'README.md', 'LICENSE', 'SHA256SUMS']) {
      assert.ok(existsSync(join(root, f)), `missing ${f}`);
    }
    execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: root, stdio: 'pipe' });
    // The binaries find libduckdb.so next to them, not in the build tree.
    const ldd = execFileSync('ldd', [join(root, 'bin/kalamdb-server')], { encoding: 'utf8' });
    assert.match(ldd, new RegExp(`libduckdb\\.so => ${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/bin/\\.\\./lib/libduckdb\\.so`));
    server = await startServer({ bin: join(root, 'bin/kalamdb-server'), cwd: root });
    const r = spawnSync(join(root, 'bin/kalam'), ['--url', server.url, '-c', 'CREATE NAMESPACE d; SELECT 41 + 1 AS answer'],
      { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: unpacked } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, / answer \n-+\n {5}42\n\(1 row\)/);
  } finally {
    if (server) { await server.stop(); server.cleanup(); }
    rmSync(out, { recursive: true, force: true });
    rmSync(unpacked, { recursive: true, force: true });
  }
});

test('the Dockerfile lints clean and keeps its promises', () => {
  const lint = spawnSync(resolve('tests/tools/node_modules/.bin/dockerfile-utils'), ['lint', 'docker/Dockerfile'], { encoding: 'utf8' });
  assert.equal(lint.status, 0, lint.stdout + lint.stderr);
  assert.equal(lint.stdout.trim(), '');
  const text = read('docker/Dockerfile');
  assert.match(text, /^FROM debian:bookworm-slim AS build$/m);
  assert.match(text, /^RUN make dist/m, 'the build stage runs what CI runs');
  assert.match(text, /^FROM debian:bookworm-slim$/m, 'a slim runtime stage');
  assert.match(text, /^USER kalam$/m, 'not root');
  assert.match(text, /^VOLUME \["\/data"\]$/m);
  assert.match(text, /^EXPOSE 8080$/m);
  assert.match(text, /HEALTHCHECK[\s\S]*\/v1\/api\/healthcheck/);
  assert.match(text, /KALAMDB_HOST=0\.0\.0\.0/);
  // Every runtime library the server links (besides libduckdb, bundled) is installed in the image.
  const ldd = execFileSync('ldd', [process.env.KALAMDB_SERVER_BIN ?? resolve('build/bin/kalamdb-server')], { encoding: 'utf8' });
  for (const [lib, pkg] of [['librocksdb', 'librocksdb7.8'], ['libfmt', 'libfmt9'], ['libspdlog', 'libspdlog1.10'],
                           ['libsodium', 'libsodium23'], ['libcurl', 'libcurl4'], ['libjemalloc', 'libjemalloc2'],
                           ['libtomlplusplus', 'libtomlplusplus3']]) {
    if (ldd.includes(lib)) assert.match(text, new RegExp(`\\b${pkg.replace('.', '\\.')}\\b`), `${pkg} for ${lib}`);
  }
});

test('compose file and workflows are valid YAML that say what they should', () => {
  const compose = YAML.parse(read('docker/docker-compose.yml'));
  const svc = compose.services.kalamdb;
  assert.deepEqual(svc.ports, ['8080:8080']);
  assert.ok(svc.volumes.includes('kalamdb-data:/data'));
  assert.ok('kalamdb-data' in compose.volumes);
  assert.match(svc.environment.KALAMDB_ROOT_PASSWORD, /\$\{KALAMDB_ROOT_PASSWORD/);
  assert.match(svc.environment.KALAMDB_JWT_SECRET, /\$\{KALAMDB_JWT_SECRET/);
  assert.ok(svc.healthcheck.test.join(' ').includes('/v1/api/healthcheck'));
  assert.equal(svc.build.dockerfile, 'docker/Dockerfile');

  const ci = YAML.parse(read('.github/workflows/ci.yml'));
  assert.ok('push' in ci.on && 'pull_request' in ci.on);
  assert.equal(ci.jobs.test.container, 'debian:bookworm');
  assert.ok(ci.jobs.test.steps.some((s) => s.run === '.ci/run'));
  const screenshot = ci.jobs.test.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
  assert.equal(screenshot?.with.path, 'sdks/typescript/test-results/');  // the SDK's browser test
  assert.equal(screenshot.if, 'always()');

  const release = YAML.parse(read('.github/workflows/release.yml'));
  assert.deepEqual(release.on.push.tags, ['v*']);
  assert.ok(release.jobs.tarball.steps.some((s) => /make dist/.test(s.run ?? '')));
  assert.ok(release.jobs.tarball.steps.some((s) => String(s.with?.files ?? '').includes('.tar.gz.sha256')));
  assert.equal(release.jobs.image.steps.find((s) => s.uses?.startsWith('docker/build-push-action')).with.file, 'docker/Dockerfile');
});
