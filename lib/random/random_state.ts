import { MT19937 } from "./mt19937.ts";
import { PolarGauss } from "./_gauss.ts";

/**
 * A row-major (C order) n-dimensional array, as returned when `size` is a shape.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const m: NdArray<Float64Array> = new RandomState(0).rand([2, 3]);
 * assert.equal(m.data[1 * 3 + 0], new RandomState(0).rand(4)[3]); // element [1, 0]
 * ```
 */
export interface NdArray<T> {
  /** The dimensions, outermost first; the product is `data.length`. */
  shape: number[];
  /** The elements in row-major (C) order. */
  data: T;
}

/**
 * What `randint` returns: `Int32Array` if all of `[low, high)` fits int32, else `Float64Array`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const a: IntArray = new RandomState(0).randint(0, 2 ** 40, 2);
 * assert.ok(a instanceof Float64Array);
 * ```
 */
export type IntArray = Int32Array | Float64Array;

const TWO_32 = 4294967296;
/** How many values to draw: a length (gives a typed array) or a shape (gives an NdArray). */
type Size = number | readonly number[];
type Doubles = number | Float64Array | NdArray<Float64Array>;

function fail(method: string, message: string): never {
  throw new RangeError(`RandomState.${method}: ${message}`);
}

function checkDim(method: string, what: string, value: number): number {
  if (Number.isSafeInteger(value) && value >= 0) return value;
  return fail(method, `expected ${what} to be a non-negative integer, received ${String(value)}`);
}

function sizeLength(method: string, size: Size): number {
  if (typeof size === "number") return checkDim(method, "size", size);
  let n = 1;
  for (let i = 0; i < size.length; i++) n *= checkDim(method, `size[${i}]`, size[i]!);
  return n;
}

/**
 * numpy's legacy random generator (`np.random.RandomState`), reproducing its output bit for bit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const rs = new RandomState(0);
 * assert.deepEqual(Array.from(rs.randint(0, 10, 5)), [5, 0, 3, 3, 7]);
 * ```
 */
export class RandomState {
  readonly #mt: MT19937;
  readonly #gauss: PolarGauss;

  /**
   * Seeds exactly like numpy's `RandomState(seed)` (`init_genrand`).
   * @throws {RangeError} If `seed` is not an integer in `[0, 2**32 - 1]`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * assert.equal(new RandomState(7).rand(), new RandomState(7).rand());
   * ```
   */
  constructor(seed: number = 0) {
    this.#mt = new MT19937(seed);
    this.#gauss = new PolarGauss(this.#mt);
  }

  /**
   * Uniform doubles in `[0, 1)` as numpy's `rand`: one number if `size` is omitted, a
   * `Float64Array` for a length, an {@linkcode NdArray} for a shape.
   *
   * @throws {RangeError} If `size` (or a dimension) is not a non-negative integer.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const x = new RandomState(0).rand(3);
   * assert.deepEqual(Array.from(x), [0.5488135039273248, 0.7151893663724195, 0.6027633760716439]);
   * assert.deepEqual(new RandomState(0).rand([2, 3]).shape, [2, 3]);
   * ```
   */
  rand(): number;
  /** `size` values in a `Float64Array`. */
  rand(size: number): Float64Array;
  /** A row-major array of the given shape. */
  rand(size: readonly number[]): NdArray<Float64Array>;
  rand(size?: number | readonly number[]): number | Float64Array | NdArray<Float64Array> {
    return this.#doubles("rand", 0, 1, size);
  }

  /**
   * `low + (high - low) * u` with `u` uniform in `[0, 1)`, like numpy's legacy `uniform`
   * (which also accepts `high < low`, drawing from `(high, low]`).
   *
   * @throws {RangeError} If `high - low` is not finite (numpy: OverflowError), or bad `size`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const x = new RandomState(3).uniform(-2, 5, 3);
   * assert.deepEqual(Array.from(x), [1.8555853180220288, 2.957034758326734, 0.03633317239061018]);
   * ```
   */
  uniform(low?: number, high?: number): number;
  /** `size` values in a `Float64Array`. */
  uniform(low: number, high: number, size: number): Float64Array;
  /** A row-major array of the given shape. */
  uniform(low: number, high: number, size: readonly number[]): NdArray<Float64Array>;
  uniform(
    low = 0,
    high = 1,
    size?: number | readonly number[],
  ): number | Float64Array | NdArray<Float64Array> {
    if (!Number.isFinite(high - low)) {
      fail("uniform", `expected finite high - low, received low=${low}, high=${high}`);
    }
    return this.#doubles("uniform", low, high - low, size);
  }

  /**
   * Standard normal values as numpy's legacy `randn(d0, d1, ...)` (polar Box–Muller; the second
   * value of each pair is kept for the next draw): no dimensions give one number, one gives a
   * `Float64Array`, more give an {@linkcode NdArray} of that shape.
   *
   * @throws {RangeError} If a dimension is not a non-negative integer.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * assert.deepEqual(Array.from(new RandomState(0).randn(2)), [1.764052345967664, 0.4001572083672233]);
   * assert.deepEqual(new RandomState(0).randn(2, 3).shape, [2, 3]);
   * ```
   */
  randn(): number;
  /** `d0` values in a `Float64Array`. */
  randn(d0: number): Float64Array;
  /** A row-major array of shape `[d0, d1, ...more]`. */
  randn(d0: number, d1: number, ...more: number[]): NdArray<Float64Array>;
  randn(...dims: number[]): number | Float64Array | NdArray<Float64Array> {
    const size = dims.length === 0 ? undefined : dims.length === 1 ? dims[0] : dims;
    return this.#draw("randn", size, () => this.#gauss.next());
  }

  /**
   * `loc + scale * z` with `z` standard normal, as numpy's legacy `normal(loc, scale, size)`;
   * it shares `randn`'s stream and cached value.
   *
   * @throws {RangeError} If `scale` is negative or -0 (numpy: ValueError "scale < 0"), or bad `size`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const x = new RandomState(1).normal(10, 2, 2);
   * assert.deepEqual(Array.from(x), [13.248690727326483, 8.776487172699849]);
   * ```
   */
  normal(loc?: number, scale?: number): number;
  /** `size` values in a `Float64Array`. */
  normal(loc: number, scale: number, size: number): Float64Array;
  /** A row-major array of the given shape. */
  normal(loc: number, scale: number, size: readonly number[]): NdArray<Float64Array>;
  normal(
    loc = 0,
    scale = 1,
    size?: number | readonly number[],
  ): number | Float64Array | NdArray<Float64Array> {
    const shown = Object.is(scale, -0) ? "-0" : String(scale); // numpy tests the sign bit
    if (scale < 0 || shown === "-0") fail("normal", `scale < 0 (expected >= 0, received ${shown})`);
    return this.#draw("normal", size, () => loc + scale * this.#gauss.next());
  }

  /**
   * Integers in `[low, high)` (`[0, low)` if `high` is omitted), as numpy's legacy `randint`
   * (int64 dtype, masked rejection sampling). Arrays are {@linkcode IntArray}: `Int32Array` when
   * `low >= -2**31` and `high <= 2**31`, otherwise `Float64Array` of exact integers.
   *
   * @throws {RangeError} If `low`/`high` are not safe integers, `low >= high`,
   * `high - low > 2**53 - 1`, or `size` is invalid.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const rs = new RandomState(100);
   * const a = rs.randint(0, 10, [200000, 5]);
   * assert.deepEqual(Array.from(a.data.subarray(0, 10)), [8, 8, 3, 7, 7, 0, 4, 2, 5, 2]);
   * ```
   */
  randint(low: number, high?: number): number;
  /** `size` values in an {@linkcode IntArray}. */
  randint(low: number, high: number | undefined, size: number): IntArray;
  /** A row-major array of the given shape. */
  randint(low: number, high: number | undefined, size: readonly number[]): NdArray<IntArray>;
  randint(
    low: number,
    high?: number,
    size?: number | readonly number[],
  ): number | IntArray | NdArray<IntArray> {
    if (high === undefined) [low, high] = [0, low];
    const bounds = `low=${low}, high=${high}`;
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) {
      fail("randint", `expected low and high to be safe integers, received ${bounds}`);
    }
    if (low >= high) fail("randint", `low >= high (expected low < high, received ${bounds})`);
    if (high - low > Number.MAX_SAFE_INTEGER) {
      fail("randint", `expected high - low <= 2**53 - 1, received ${bounds}`);
    }
    const rng = high - low - 1;
    if (size === undefined) return low + this.#fillInts(null, rng);
    const n = sizeLength("randint", size);
    const out = low >= -2147483648 && high <= 2147483648 ? new Int32Array(n) : new Float64Array(n);
    this.#fillInts(out, rng, low);
    return typeof size === "number" ? out : { shape: [...size], data: out };
  }

  #doubles(method: string, low: number, scale: number, size: Size | undefined): Doubles {
    return this.#draw(method, size, () => low + scale * this.#mt.nextDouble());
  }

  /** One `draw()` if `size` is omitted, else a typed array (length) or an NdArray (shape). */
  #draw(method: string, size: Size | undefined, draw: () => number): Doubles {
    if (size === undefined) return draw();
    const out = new Float64Array(sizeLength(method, size));
    for (let i = 0; i < out.length; i++) out[i] = draw();
    return typeof size === "number" ? out : { shape: [...size], data: out };
  }

  /** numpy's masked rejection sampling: fills `out` with `low + v`, or returns one `v` (null). */
  #fillInts(out: IntArray | null, rng: number, low = 0): number {
    const mt = this.#mt;
    const wide = rng > 0xffffffff; // numpy then draws 64 bits: high word first, then low word
    let mask = 1;
    while (mask < rng) mask = mask * 2 + 1; // smallest 2**k - 1 >= rng
    const maskHi = Math.floor(mask / TWO_32), maskLo = wide ? 0xffffffff : mask;
    let v = 0;
    for (let i = 0, n = out === null ? 1 : out.length; i < n; i++) {
      while (rng !== 0) { // rng === 0: numpy draws nothing and returns low
        const hi = wide ? (mt.nextUint32() & maskHi) >>> 0 : 0;
        v = hi * TWO_32 + ((mt.nextUint32() & maskLo) >>> 0);
        if (v <= rng) break;
      }
      if (out !== null) out[i] = low + v;
    }
    return v;
  }
}
