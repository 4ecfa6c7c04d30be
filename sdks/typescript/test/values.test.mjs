// Row decoding without a server: the TIMESTAMP fast path against Date's own parser, and the compiled
// row builder against the plain loop.
import assert from 'node:assert/strict';
import { test } from 'node:test';

const { loadCore } = await import('../dist/core.js');
const { RowDecoder, parseTimestamp, encodeParams } = await import('../dist/values.js');

test('parseTimestamp agrees with new Date() over eras, leap days and odd shapes', () => {
  const samples = [
    '2026-11-27T05:10:47.123456Z', '1970-01-01T00:00:00.000000Z', '1969-12-31T23:59:59.999999Z',
    '2000-02-29T12:00:00.500000Z', '1900-03-01T00:00:00.000000Z', '2400-02-29T23:59:59.001000Z',
    '0001-01-01T00:00:00.000000Z', '9999-12-31T23:59:59.999999Z', '2024-02-29T00:00:00.000001Z',
  ];
  for (let t = -2e12; t < 4e12; t += 7.77e9) samples.push(new Date(t).toISOString().replace('Z', '123Z'));
  for (const s of samples) assert.equal(parseTimestamp(s).getTime(), new Date(s).getTime(), s);
  // Shapes the fast path does not take still parse (or are Invalid Date, like new Date).
  assert.equal(parseTimestamp('2026-11-27T05:10:47Z').toISOString(), '2026-11-27T05:10:47.000Z');
  assert.ok(Number.isNaN(parseTimestamp('not a time at all, 27 chars').getTime()));
});

test('compiled and plain row building give the same objects, in column order', async () => {
  const core = await loadCore();
  const schema = [
    { name: 'id', data_type: 'BIGINT', flags: ['pk', 'nn'] }, { name: 'at', data_type: 'TIMESTAMP' },
    { name: 'b', data_type: 'BYTES' }, { name: 'j', data_type: 'JSON' }, { name: 'q"uote', data_type: 'TEXT' },
    { name: '2', data_type: 'INT' },
  ];
  const rows = [
    ['9007199254740993', '2026-11-27T05:10:47.123456Z', 'AAEC', { a: 1 }, 'x', 2],
    [null, null, null, null, null, null],
  ];
  const compiled = new RowDecoder(core, schema, 'bigint').decode(rows);
  const plain = new RowDecoder(core, schema, 'bigint', false).decode(rows);
  assert.deepEqual(compiled, plain);
  assert.equal(compiled[0].id, 9007199254740993n);
  assert.deepEqual([...compiled[0].b], [0, 1, 2]);
  assert.deepEqual(compiled[1], { id: null, at: null, b: null, j: null, 'q"uote': null, 2: null });
  assert.deepEqual(new RowDecoder(core, schema, 'bigint').columns[0], { name: 'id', dataType: 'BIGINT', primaryKey: true });

  // A column named __proto__ is an own property, never the prototype.
  const proto = new RowDecoder(core, [{ name: '__proto__', data_type: 'TEXT' }], 'bigint').decode([['x']]);
  assert.equal(Object.getPrototypeOf(proto[0]), Object.prototype);
  assert.deepEqual(Object.keys(proto[0]), ['__proto__']);
});

test('parameters: bigint, Date, bytes (Node Buffer too) and undefined', () => {
  assert.equal(encodeParams([1n, new Date(0), new Uint8Array([0, 255]), Buffer.from([16]), undefined, 'x']),
    '["1","1970-01-01T00:00:00.000Z","\\\\x00ff","\\\\x10",null,"x"]');
});
