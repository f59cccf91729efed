/**
 * The 32-bit Mersenne Twister (MT19937), seeded the way numpy's legacy
 * `np.random.RandomState(int_seed)` seeds it.
 *
 * @module
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/**
 * The Mersenne Twister MT19937 pseudo-random generator with a 624-word state.
 *
 * Seeding follows `init_genrand` (multiplier 1812433253), which is exactly what
 * numpy's legacy `RandomState(seed)` does for an integer seed, so the output
 * stream is identical to numpy's.
 *
 * @example Same first output as numpy's `RandomState(0).randint(2**32, dtype=np.uint32)`
 * ```ts
 * import assert from "node:assert/strict";
 * const mt = new MT19937(0);
 * assert.equal(mt.nextUint32(), 2357136044);
 * assert.equal(new MT19937(0).nextDouble(), 0.5488135039273248);
 * ```
 */
export class MT19937 {
  /** The 624 words of generator state. */
  readonly #state: Uint32Array = new Uint32Array(N);
  /** Index of the next state word to temper; `N` means a twist is due. */
  #pos: number = N;

  /**
   * Seeds the generator with `init_genrand(seed)`.
   *
   * @param seed An integer in `[0, 2**32 - 1]`.
   * @throws {RangeError} If `seed` is not an integer in `[0, 2**32 - 1]`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * assert.throws(() => new MT19937(-1), RangeError);
   * assert.equal(new MT19937(42).nextUint32(), new MT19937(42).nextUint32());
   * ```
   */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(
        `MT19937 seed: expected an integer in [0, 2**32 - 1], received ${String(seed)}`,
      );
    }
    const state = this.#state;
    let s = seed >>> 0;
    state[0] = s;
    for (let i = 1; i < N; i++) {
      s = (Math.imul(1812433253, s ^ (s >>> 30)) + i) >>> 0;
      state[i] = s;
    }
    this.#pos = N;
  }

  /** Regenerates all 624 state words (the "twist"). */
  #twist(): void {
    const mt = this.#state;
    let i = 0;
    let y: number;
    for (; i < N - M; i++) {
      y = (mt[i]! & UPPER_MASK) | (mt[i + 1]! & LOWER_MASK);
      mt[i] = mt[i + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; i < N - 1; i++) {
      y = (mt[i]! & UPPER_MASK) | (mt[i + 1]! & LOWER_MASK);
      mt[i] = mt[i + M - N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    y = (mt[N - 1]! & UPPER_MASK) | (mt[0]! & LOWER_MASK);
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.#pos = 0;
  }

  /**
   * Returns the next tempered 32-bit output as an unsigned integer in `[0, 2**32 - 1]`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const x = new MT19937(1).nextUint32();
   * assert.ok(Number.isInteger(x) && x >= 0 && x <= 0xffffffff);
   * ```
   */
  nextUint32(): number {
    if (this.#pos >= N) this.#twist();
    let y = this.#state[this.#pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * Returns a double in `[0, 1)` with 53 random bits, built from two outputs exactly
   * as numpy's legacy `random_sample`: `((a >>> 5) * 2**26 + (b >>> 6)) / 2**53`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const mt = new MT19937(0);
   * assert.equal(mt.nextDouble(), 0.5488135039273248);
   * assert.equal(mt.nextDouble(), 0.7151893663724195);
   * ```
   */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }
}
