import assert from "node:assert/strict";
import { threefry2x32, threefryBlock } from "../../lib/random/threefry.ts";

const hex = (words: Uint32Array): string[] => Array.from(words, (w) => w.toString(16));

Deno.test("threefry2x32 reproduces the Random123 known-answer vectors for Threefry-2x32-20", () => {
  // Random123's kat_vectors (threefry2x32_20), also asserted by jax's testThreefry2x32.
  assert.deepEqual(hex(threefry2x32([0, 0], [0, 0])), ["6b200159", "99ba4efe"]);
  const ones = [0xffffffff, 0xffffffff];
  assert.deepEqual(hex(threefry2x32(ones, ones)), ["1cb996fc", "bb002be7"]);
  assert.deepEqual(
    hex(threefry2x32([0x13198a2e, 0x03707344], [0x243f6a88, 0x85a308d3])), // digits of pi
    ["c4923a9c", "483df7a0"],
  );
});

Deno.test("threefry2x32 gives jax's pre-0.5 (non-partitionable) uniform(key(0), (3,))", () => {
  // jax's docs/jep/9263-typed-keys.md before 0.5 printed [0.9653214, 0.31468165, 0.63302994].
  // That mode hashed iota(3) padded to [0, 1 | 2, 0] as two halves: counters (0, 2) and (1, 0).
  const a = threefry2x32([0, 0], [0, 2]), b = threefry2x32([0, 0], [1, 0]);
  const toUnit = (w: number) => (w >>> 9) / 2 ** 23;
  assert.deepEqual(
    [a[0]!, b[0]!, a[1]!].map(toUnit),
    [0.9653214, 0.31468165, 0.63302994].map(Math.fround),
  );
});

Deno.test("threefryBlock writes the same words as threefry2x32 at the given offset", () => {
  const out = new Uint32Array(4);
  threefryBlock(0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3, out, 2);
  assert.deepEqual(hex(out), ["0", "0", "c4923a9c", "483df7a0"]);
});

Deno.test("threefry2x32 rejects keys and counters that are not two uint32 words", () => {
  assert.throws(() => threefry2x32([0], [0, 0]), {
    name: "TypeError",
    message: "threefry2x32: expected key to be 2 uint32 words, received length 1",
  });
  assert.throws(() => threefry2x32(null as unknown as number[], [0, 0]), {
    name: "TypeError",
    message: /received null/,
  });
  assert.throws(() => threefry2x32([0, 0], [0, 2 ** 32]), {
    name: "RangeError",
    message: /expected counter\[1\] to be an integer in \[0, 2\*\*32 - 1\], received 4294967296/,
  });
  assert.throws(() => threefry2x32([-1, 0], [0, 0]), { name: "RangeError", message: /key\[0\]/ });
  assert.throws(() => threefry2x32([0.5, 0], [0, 0]), RangeError);
});
