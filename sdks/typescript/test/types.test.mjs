// The published declarations (dist/*.d.ts) type-check a TypeScript program using the whole API.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

test('a TypeScript user of the package compiles against dist/*.d.ts', () => {
  const sdk = fileURLToPath(new URL('..', import.meta.url));
  const tsc = `${sdk}node_modules/typescript/bin/tsc`;
  let out = '';
  try {
    out = execFileSync(process.execPath, [tsc, '-p', 'test/types/tsconfig.json'], { cwd: sdk, encoding: 'utf8' });
  } catch (e) {
    assert.fail(`tsc: ${e.stdout}${e.stderr}`);
  }
  assert.equal(out, '');
});
