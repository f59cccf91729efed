/**
 * The Threefry-2x32 counter-based block function with 20 rounds (Salmon, Moraes, Dror and Shaw,
 * "Parallel random numbers: as easy as 1, 2, 3", SC'11): the hash under jax's default PRNG.
 *
 * @module
 */

/** Skein's key-schedule parity constant, folded into the third key word. */
const KEY_PARITY = 0x1bd11bda;

/** `x` rotated left by `r` bits, as a uint32. */
function rotl(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}

function checkWord(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(
      `threefry2x32: expected ${what} to be an integer in [0, 2**32 - 1], received ${
        String(value)
      }`,
    );
  }
}

function checkPair(what: string, pair: ArrayLike<number>): void {
  if (pair === null || typeof pair !== "object" || pair.length !== 2) {
    const got = pair === null || typeof pair !== "object"
      ? String(pair)
      : `length ${String(pair.length)}`;
    throw new TypeError(`threefry2x32: expected ${what} to be 2 uint32 words, received ${got}`);
  }
  checkWord(`${what}[0]`, pair[0]!);
  checkWord(`${what}[1]`, pair[1]!);
}

/**
 * Encrypts one 64-bit counter `(c0, c1)` under the key `(k0, k1)`, writing the two output words
 * to `out[at]` and `out[at + 1]`. Unchecked: callers pass uint32 values, which is what lets the
 * loops in `jax.ts` run without allocating.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const out = new Uint32Array(2);
 * threefryBlock(0, 0, 0, 0, out, 0);
 * assert.deepEqual([...out], [0x6b200159, 0x99ba4efe]);
 * ```
 */
export function threefryBlock(
  k0: number,
  k1: number,
  c0: number,
  c1: number,
  out: Uint32Array,
  at: number,
): void {
  const k2 = (k0 ^ k1 ^ KEY_PARITY) >>> 0;
  // Twenty rounds in five groups of four; a key injection (with its counter s) follows each
  // group. Rotations alternate between [13, 15, 26, 6] and [17, 29, 16, 24].
  let x0 = (c0 + k0) >>> 0;
  let x1 = (c1 + k1) >>> 0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 13) ^ x0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 15) ^ x0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 26) ^ x0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 6) ^ x0;
  x0 = (x0 + k1) >>> 0, x1 = (x1 + k2 + 1) >>> 0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 17) ^ x0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 29) ^ x0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 16) ^ x0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 24) ^ x0;
  x0 = (x0 + k2) >>> 0, x1 = (x1 + k0 + 2) >>> 0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 13) ^ x0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 15) ^ x0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 26) ^ x0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 6) ^ x0;
  x0 = (x0 + k0) >>> 0, x1 = (x1 + k1 + 3) >>> 0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 17) ^ x0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 29) ^ x0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 16) ^ x0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 24) ^ x0;
  x0 = (x0 + k1) >>> 0, x1 = (x1 + k2 + 4) >>> 0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 13) ^ x0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 15) ^ x0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 26) ^ x0;
  x0 = (x0 + x1) >>> 0, x1 = rotl(x1, 6) ^ x0;
  out[at] = x0 + k2;
  out[at + 1] = x1 + k0 + 5; // Uint32Array stores reduce mod 2**32
}

/**
 * Threefry-2x32-20 of one counter block: the two 32-bit words of `counter` encrypted under the
 * two words of `key`, as in the Random123 reference and jax's `threefry_2x32`.
 *
 * @param key Two uint32 words.
 * @param counter Two uint32 words.
 * @returns A new `Uint32Array` of the two output words.
 * @throws {TypeError} If `key` or `counter` is not two words long.
 * @throws {RangeError} If a word is not an integer in `[0, 2**32 - 1]`.
 *
 * @example Random123's known-answer vector for key 0, counter 0
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual([...threefry2x32([0, 0], [0, 0])], [0x6b200159, 0x99ba4efe]);
 * ```
 */
export function threefry2x32(key: ArrayLike<number>, counter: ArrayLike<number>): Uint32Array {
  checkPair("key", key);
  checkPair("counter", counter);
  const out = new Uint32Array(2);
  threefryBlock(key[0]!, key[1]!, counter[0]!, counter[1]!, out, 0);
  return out;
}
