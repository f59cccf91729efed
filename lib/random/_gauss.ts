/**
 * numpy's legacy normal sampler (`legacy_gauss`), kept apart from `RandomState` so that file
 * stays about its public methods.
 *
 * @module
 */
import type { MT19937 } from "./mt19937.ts";

/**
 * Standard normal draws by the polar Box–Muller method, exactly as numpy's legacy `RandomState`:
 * each accepted pair gives two values; the second is cached and returned by the next call, so
 * uniform draws made in between do not disturb it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MT19937 } from "./mt19937.ts";
 * const gauss = new PolarGauss(new MT19937(0));
 * assert.equal(gauss.next(), 1.764052345967664); // numpy: RandomState(0).randn()
 * assert.equal(gauss.next(), 0.4001572083672233); // the cached half of the same pair
 * ```
 */
export class PolarGauss {
  readonly #mt: MT19937;
  /** numpy's `has_gauss`/`gauss`: the unused half of the last pair, or null. */
  #cached: number | null = null;

  /**
   * Draws from `mt`, which the owner may also use for other (uniform) draws.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { MT19937 } from "./mt19937.ts";
   * assert.ok(Number.isFinite(new PolarGauss(new MT19937(3)).next()));
   * ```
   */
  constructor(mt: MT19937) {
    this.#mt = mt;
  }

  /**
   * The next standard normal value.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { MT19937 } from "./mt19937.ts";
   * const a = new PolarGauss(new MT19937(5)), b = new PolarGauss(new MT19937(5));
   * assert.equal(a.next(), b.next());
   * ```
   */
  next(): number {
    const cached = this.#cached;
    if (cached !== null) {
      this.#cached = null;
      return cached;
    }
    const mt = this.#mt;
    let x1: number, x2: number, r2: number;
    do { // a point uniform in the unit disc, origin excluded (log(0) would be -Infinity)
      x1 = 2 * mt.nextDouble() - 1;
      x2 = 2 * mt.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt(-2 * Math.log(r2) / r2);
    this.#cached = f * x1; // numpy keeps the x1 half and returns the x2 half first
    return f * x2;
  }
}
