// Reports the package's size against its budget (issue: wasm ≤ 150 KB, package ≤ 300 KB unpacked)
// and fails when either is exceeded. Sizes in KB = 1000 bytes, as npm reports them.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const WASM_BUDGET = 150_000;
const PACKAGE_BUDGET = 300_000;

const dir = new URL('..', import.meta.url);
const wasm = readFileSync(new URL('dist/kalam_link.wasm', dir));
const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--silent'], { cwd: dir, encoding: 'utf8' }));
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
console.log(`@kalamdb/client ${pack.version}: wasm ${kb(wasm.length)} (${kb(gzipSync(wasm).length)} gzipped, budget ${kb(WASM_BUDGET)}); ` +
  `package ${kb(pack.unpackedSize)} unpacked in ${pack.entryCount} files, ${kb(pack.size)} packed (budget ${kb(PACKAGE_BUDGET)} unpacked)`);
let over = false;
if (wasm.length > WASM_BUDGET) over = console.error(`size: the wasm is over budget`) || true;
if (pack.unpackedSize > PACKAGE_BUDGET) over = console.error(`size: the package is over budget`) || true;
process.exit(over ? 1 : 0);
