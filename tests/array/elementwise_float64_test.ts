/**
 * The elementwise functions' Float64Array loops (taken when every array operand is a
 * Float64Array) against their loops for any other array: the same bits for every operand kind,
 * length, special value and aliasing of `out`, whichever loop ran first.
 *
 * @module
 */
import assert from "node:assert/strict";
import { add, divide, multiply, pow, subtract } from "../../lib/array/elementwise.ts";

type Binary = (
  a: number | ArrayLike<number>,
  b: number | ArrayLike<number>,
  out?: Float64Array,
) => Float64Array;

const FUNCTIONS: [string, Binary, (x: number, y: number) => number][] = [
  ["add", add, (x, y) => x + y],
  ["subtract", subtract, (x, y) => x - y],
  ["multiply", multiply, (x, y) => x * y],
  ["divide", divide, (x, y) => x / y],
  ["pow", pow, (x, y) => x === 1 || (x === -1 && Math.abs(y) === Infinity) ? 1 : x ** y],
];

const SPECIAL = [0, -0, 1, -1, 0.5, -2.5, 3, 1e308, -1e-308, 5e-324, Infinity, -Infinity, NaN];

/** The 64 bits of each element, so that -0, 0 and NaN payloads all count. */
function bits(x: Float64Array): bigint[] {
  return Array.from(new BigUint64Array(x.buffer, x.byteOffset, x.length));
}

/** `length` doubles cycling through the special values, then seeded uniform ones in (-4, 4). */
function operand(length: number, shift: number): Float64Array {
  let seed = 12345 + shift;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Float64Array.from(
    { length },
    (_, i) => i < 3 * SPECIAL.length ? SPECIAL[(i + shift) % SPECIAL.length]! : 8 * next() - 4,
  );
}

Deno.test("Float64Array operands give the bits of the same values as number[] operands", () => {
  for (const length of [0, 1, 2, 3, 7, 64, 1001]) {
    const x = operand(length, 0), y = operand(length, 5);
    const [xs, ys] = [Array.from(x), Array.from(y)];
    for (const [name, fn] of FUNCTIONS) {
      const label = `${name}, length ${length}`;
      assert.deepEqual(bits(fn(x, y)), bits(fn(xs, ys)), `${label}, array/array`);
      for (const s of SPECIAL) {
        assert.deepEqual(bits(fn(x, s)), bits(fn(xs, s)), `${label}, array/${s}`);
        assert.deepEqual(bits(fn(s, y)), bits(fn(s, ys)), `${label}, ${s}/array`);
        const one = new Float64Array([s]);
        assert.deepEqual(bits(fn(x, one)), bits(fn(xs, [s])), `${label}, array/[${s}]`);
        assert.deepEqual(bits(fn(one, y)), bits(fn([s], ys)), `${label}, [${s}]/array`);
      }
    }
  }
});

Deno.test("every element is the scalar operation's, in both loops and with out", () => {
  const x = operand(1001, 2), y = operand(1001, 9);
  for (const [name, fn, scalar] of FUNCTIONS) {
    const expected = bits(x.map((v, i) => scalar(v, y[i]!)));
    assert.deepEqual(bits(fn(x, y)), expected, name);
    assert.deepEqual(bits(fn(x, y, new Float64Array(1001))), expected, `${name} into out`);
    assert.deepEqual(bits(fn(Array.from(x), y)), expected, `${name}, number[] first`);
    assert.deepEqual(bits(fn(x, Array.from(y))), expected, `${name}, number[] second`);
  }
});

Deno.test("the Float64Array loops stay right after the other loops saw other array types", () => {
  const x = operand(257, 1), y = operand(257, 4);
  const before = FUNCTIONS.map(([, fn]) => bits(fn(x, y)));
  for (let round = 0; round < 50; round++) {
    for (const [, fn] of FUNCTIONS) {
      fn(new Int32Array([1, 2, 3]), [4, 5, 6]);
      fn(new Float32Array(4), 2);
      fn(3, new Uint8Array([1, 2]));
      fn(new Float64Array([1, 2]), new Float32Array([3, 4]));
    }
  }
  FUNCTIONS.forEach(([name, fn], k) => assert.deepEqual(bits(fn(x, y)), before[k], name));
});

Deno.test("out aliasing an input, or both, gives the bits of a separate out", () => {
  for (const length of [1, 2, 5, 1000]) {
    const x = operand(length, 3), y = operand(length, 7);
    for (const [name, fn] of FUNCTIONS) {
      const expected = bits(fn(x, y));
      const first = x.slice(), second = y.slice(), both = x.slice();
      assert.equal(fn(first, y, first), first, `${name} returns out`);
      assert.deepEqual(bits(first), expected, `${name}, out = a`);
      assert.deepEqual(bits(fn(x, second, second)), expected, `${name}, out = b`);
      assert.deepEqual(bits(fn(both, both, both)), bits(fn(x, x)), `${name}, out = a = b`);
      const scaled = x.slice();
      assert.deepEqual(
        bits(fn(scaled, 2.5, scaled)),
        bits(fn(x, 2.5)),
        `${name}, out = a, b = 2.5`,
      );
      const one = new Float64Array([y[0]!]);
      assert.deepEqual(bits(fn(one, one, one)), bits(fn(y[0]!, y[0]!)), `${name}, length 1`);
    }
  }
});

Deno.test("an out overlapping an input at an offset is read and written front to back", () => {
  // Not numpy's rule (it copies overlapping inputs), but the loops' own, the same in both.
  const n = 100;
  for (const [name, fn, scalar] of FUNCTIONS) {
    const buffer = operand(n + 1, 6);
    const shadow = Array.from(buffer);
    for (let i = 0; i < n; i++) shadow[i + 1] = scalar(shadow[i]!, 1.5);
    fn(buffer.subarray(0, n), 1.5, buffer.subarray(1));
    assert.deepEqual(bits(buffer), bits(Float64Array.from(shadow)), name);
    const pair = operand(n + 1, 8), y = operand(n, 2);
    const pairShadow = Array.from(pair);
    for (let i = 0; i < n; i++) pairShadow[i] = scalar(y[i]!, pairShadow[i + 1]!);
    fn(y, pair.subarray(1), pair.subarray(0, n));
    assert.deepEqual(bits(pair), bits(Float64Array.from(pairShadow)), `${name}, array/array`);
  }
});

Deno.test("wrong lengths and types are still errors with a Float64Array on each side", () => {
  const x = new Float64Array(3), y = new Float64Array(4);
  for (const [name, fn] of FUNCTIONS) {
    assert.throws(() => fn(x, y), RangeError, name);
    assert.throws(() => fn(x, x, new Float64Array(2)), RangeError, `${name}, out`);
    assert.throws(() => fn(x, 1, new Float32Array(3) as unknown as Float64Array), TypeError);
    assert.throws(() => fn(x, "2" as unknown as number), TypeError, `${name}, a string`);
  }
});

Deno.test("a million elements: the Float64Array loop gives the other loop's bits", () => {
  const n = 1_000_003;
  const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 1e3);
  const y = Float64Array.from({ length: n }, (_, i) => Math.cos(i) + 1);
  const ys = Array.from(y);
  const words = (a: Float64Array) => new Uint32Array(a.buffer, a.byteOffset, 2 * a.length);
  for (const [name, fn] of FUNCTIONS) {
    const fast = words(fn(x, y)), other = words(fn(x, ys));
    assert.equal(fast.length, 2 * n);
    assert.ok(fast.every((w, i) => w === other[i]), name);
  }
});
