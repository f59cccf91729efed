/**
 * jax's functional PRNG (`jax.random`) with its default `threefry2x32` implementation, bit for
 * bit, in the `jax_threefry_partitionable=True` mode that is jax's default since 0.5.0: element
 * `i` of any draw hashes the 64-bit counter `i` alone, so a block of a large draw can be computed
 * on its own ({@linkcode uniformBlock}) and any split into blocks gives the same numbers.
 * Keys and `[0, 1)` values are checked against jax's published outputs; other bounds follow
 * jax's float32 formula (`u * (maxval - minval) + minval`, each step rounded to float32).
 *
 * @module
 */
import type { NdArray } from "./random_state.ts";
import { threefryBlock } from "./threefry.ts";

const TWO_32 = 4294967296;
/** `2**-23`: turns the 23 high bits of a word into a float32 in `[0, 1)` exactly. */
const ULP_OF_ONE = 1 / 8388608;

function checkKey(fn: string, key: unknown): Uint32Array {
  if (key instanceof Uint32Array && key.length === 2) return key;
  const got = key instanceof Uint32Array
    ? `a Uint32Array of length ${key.length}`
    : key === null || typeof key !== "object"
    ? String(key)
    : (key.constructor?.name ?? "an object");
  throw new TypeError(
    `${fn}: expected a key, a Uint32Array of 2 words from PRNGKey or split, received ${got}`,
  );
}

function checkCount(fn: string, what: string, value: number): number {
  if (Number.isSafeInteger(value) && value >= 0) return value;
  throw new RangeError(`${fn}: expected ${what} to be a non-negative integer, received ${value}`);
}

function checkBound(fn: string, what: string, value: unknown): number {
  if (typeof value === "number") return Math.fround(value); // jax converts the bounds to float32
  throw new TypeError(`${fn}: expected ${what} to be a number, received ${typeof value}`);
}

/**
 * A key from an integer seed, as `jax.random.PRNGKey(seed)`: the seed's 64-bit two's complement
 * split into `[high word, low word]`, so seeds in `[0, 2**32)` give `[0, seed]`.
 *
 * jax does exactly this with `jax_enable_x64`; in its default 32-bit mode it zeroes the high word,
 * which differs only for negative seeds and seeds of `2**32` or more.
 *
 * @param seed A safe integer, or a bigint in `[-(2**63), 2**64)` (int64 or uint64, as jax takes).
 * @throws {TypeError} If `seed` is not a number or bigint.
 * @throws {RangeError} If `seed` is not an integer in range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual([...PRNGKey(42)], [0, 42]);
 * assert.deepEqual([...PRNGKey(-1)], [0xffffffff, 0xffffffff]);
 * assert.deepEqual([...PRNGKey(2n ** 40n + 7n)], [256, 7]);
 * ```
 */
export function PRNGKey(seed: number | bigint): Uint32Array {
  if (typeof seed === "number") {
    if (!Number.isSafeInteger(seed)) {
      throw new RangeError(
        `PRNGKey: expected a safe integer seed (a bigint for larger ones), received ${seed}`,
      );
    }
    seed = BigInt(seed);
  } else if (typeof seed !== "bigint") {
    throw new TypeError(`PRNGKey: expected a number or bigint seed, received ${typeof seed}`);
  }
  if (seed < -(2n ** 63n) || seed >= 2n ** 64n) {
    throw new RangeError(`PRNGKey: expected a seed in [-(2**63), 2**64), received ${seed}`);
  }
  const word = BigInt.asUintN(64, seed);
  return new Uint32Array([Number(word >> 32n), Number(word & 0xffffffffn)]);
}

/**
 * `num` new keys derived from `key`, as `jax.random.split(key, num)`: key `i` is the Threefry
 * hash of counter `i` (the partitionable scheme, where `split(key, n)[i]` equals `fold_in(key, i)`).
 *
 * @throws {TypeError} If `key` is not a 2-word `Uint32Array`.
 * @throws {RangeError} If `num` is not a non-negative integer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const [a, b] = split(PRNGKey(0));
 * assert.deepEqual([...a!], [1797259609, 2579123966]);
 * assert.deepEqual([...b!], [928981903, 3453687069]);
 * ```
 */
export function split(key: Uint32Array, num: number = 2): Uint32Array[] {
  const [k0, k1] = checkKey("split", key);
  checkCount("split", "num", num);
  const keys: Uint32Array[] = [];
  for (let i = 0; i < num; i++) {
    const out = new Uint32Array(2); // one buffer per key, so sending a key sends 8 bytes
    threefryBlock(k0!, k1!, Math.floor(i / TWO_32), i >>> 0, out, 0);
    keys.push(out);
  }
  return keys;
}

/**
 * Writes elements `[start, start + out.length)` of `uniform(key, [n], minval, maxval)` (any
 * `n >= start + out.length`) into `out`: workers that each fill one block of a shared array get
 * exactly the numbers of one single-threaded call, whatever the number of workers.
 *
 * @returns `out`.
 * @throws {TypeError} If `key` is not a 2-word `Uint32Array` or a bound is not a number.
 * @throws {RangeError} If `start` is not a non-negative integer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const key = PRNGKey(0);
 * const tail = uniformBlock(key, 2, new Float32Array(3));
 * assert.deepEqual(tail, uniform(key, 5).subarray(2));
 * ```
 */
export function uniformBlock(
  key: Uint32Array,
  start: number,
  out: Float32Array,
  minval: number = 0,
  maxval: number = 1,
): Float32Array {
  const [k0, k1] = checkKey("uniformBlock", key);
  checkCount("uniformBlock", "start", start);
  const low = checkBound("uniform", "minval", minval);
  const span = Math.fround(checkBound("uniform", "maxval", maxval) - low);
  const words = new Uint32Array(2);
  for (let j = 0; j < out.length; j++) {
    const i = start + j;
    threefryBlock(k0!, k1!, Math.floor(i / TWO_32), i >>> 0, words, 0);
    // jax: 32 bits = word0 ^ word1; their top 23 bits become the mantissa of a float in [1, 2),
    // minus 1. Scaling rounds to float32 at each step, and max() keeps rounding above minval.
    const unit = ((words[0]! ^ words[1]!) >>> 9) * ULP_OF_ONE;
    out[j] = Math.max(low, Math.fround(Math.fround(unit * span) + low));
  }
  return out;
}

/**
 * Uniform float32 values in `[minval, maxval)` as `jax.random.uniform(key, shape, float32,
 * minval, maxval)`: one number when `shape` is omitted (jax's default `shape=()`), a
 * `Float32Array` for a length, an {@linkcode NdArray} (row-major) for a shape.
 *
 * @throws {TypeError} If `key` is not a 2-word `Uint32Array` or a bound is not a number.
 * @throws {RangeError} If the length or a dimension is not a non-negative integer.
 *
 * @example jax's documented `uniform(key(0), shape=(3,))`
 * ```ts
 * import assert from "node:assert/strict";
 * const x = uniform(PRNGKey(0), 3);
 * assert.deepEqual(Array.from(x), [0.947667, 0.9785799, 0.33229148].map(Math.fround));
 * assert.equal(uniform(PRNGKey(0)), Math.fround(0.947667));
 * ```
 */
export function uniform(
  key: Uint32Array,
  shape?: undefined,
  minval?: number,
  maxval?: number,
): number;
/** `shape` values in a `Float32Array`. */
export function uniform(
  key: Uint32Array,
  shape: number,
  minval?: number,
  maxval?: number,
): Float32Array;
/** A row-major array of the given shape. */
export function uniform(
  key: Uint32Array,
  shape: readonly number[],
  minval?: number,
  maxval?: number,
): NdArray<Float32Array>;
export function uniform(
  key: Uint32Array,
  shape?: number | readonly number[],
  minval: number = 0,
  maxval: number = 1,
): number | Float32Array | NdArray<Float32Array> {
  checkKey("uniform", key);
  if (shape === undefined) return uniformBlock(key, 0, new Float32Array(1), minval, maxval)[0]!;
  if (typeof shape !== "number" && !Array.isArray(shape)) {
    throw new TypeError(`uniform: expected shape to be a length or an array, received ${shape}`);
  }
  let n = 1;
  if (typeof shape === "number") n = checkCount("uniform", "shape", shape);
  else for (let d = 0; d < shape.length; d++) n *= checkCount("uniform", `shape[${d}]`, shape[d]!);
  const out = uniformBlock(key, 0, new Float32Array(n), minval, maxval);
  return typeof shape === "number" ? out : { shape: [...shape], data: out };
}
