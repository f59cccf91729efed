/**
 * The bisection + extrapolation loop of QUADPACK's QAGS/QAGI (Piessens et al., 1983), fed
 * with the Kronrod estimates of each pair of halves; it never sees f or the nodes.
 *
 * @module
 */

import { BIG, EpsilonTable } from "./epsilon.ts";
import { EPSILON as EPS, UFLOW } from "./gauss_kronrod.ts";
import { Subintervals } from "./subintervals.ts";

/**
 * Loop state after the first estimate over [lo, hi] missed the tolerance. Each `step`
 * records the bisection of `list.order.current` and says whether to go on; when it says no,
 * `value`, `abserr` and `ier` (QUADPACK's published codes 0 … 5) are final. Bisection takes
 * the subinterval with the largest error until the one to bisect next is "small"; then the
 * large ones are bisected until their error no longer dominates, and the sequence of sums is
 * extrapolated with Wynn's epsilon algorithm.
 *
 * @example ∫ x² over [0, 1] with hand-made estimates: bisection at 0.5 meets the tolerance
 * ```ts
 * import assert from "node:assert/strict";
 * const loop = new QagsLoop(50, 1e-10, 0);
 * loop.start(0, 1, 0.34, 1e-3, 0.34);
 * assert.equal(loop.step(0.5, 1 / 24, 1e-12, 7 / 24, 1e-12, 0.02, 0.1), false);
 * assert.equal(loop.ier, 0);
 * assert.ok(Math.abs(loop.value - 1 / 3) < 1e-15);
 * ```
 */
export class QagsLoop {
  /** Result, once `step` returned false. */
  value = 0;
  /** Its error estimate. */
  abserr = 0;
  /** QUADPACK error code. */
  ier = 0;
  /** The subintervals; `list.order.current` is the one to bisect next. */
  readonly list: Subintervals;
  readonly #table = new EpsilonTable();
  readonly #limit: number;
  readonly #epsabs: number;
  readonly #epsrel: number;
  // Named after QUADPACK's variables.
  #defabs = 0; // ∫|f| over the whole range
  #errmax = 0; // error of the interval to bisect next
  #area = 0; // sum of the subinterval estimates
  #errsum = 0; // sum of their errors
  #result = 0; // best extrapolated value so far (its error: this.abserr)
  #ertest = 0; // tolerance for the extrapolated value
  #erlarg = 0; // error sum over the "large" subintervals
  #correc = 0; // erlarg when the best extrapolation was made
  #small = 0; // length below which a subinterval counts as small
  #ktmin = 0; // extrapolations since the last improvement
  #iroff1 = 0; // roundoff counters (see step)
  #iroff2 = 0;
  #iroff3 = 0;
  #ierro = 0; // 3: roundoff in the extrapolation table
  #ksgn = 1; // 1: |∫f| ≈ ∫|f|, f seems to keep one sign
  #extrap = false; // bisecting the small intervals, extrapolation pending
  #noext = false; // extrapolation given up

  /** Allocates storage for `limit` subintervals. */
  constructor(limit: number, epsabs: number, epsrel: number) {
    this.#limit = limit;
    this.#epsabs = epsabs;
    this.#epsrel = epsrel;
    this.list = new Subintervals(limit);
  }

  /** Starts from the first estimate `result ± abserr` over [lo, hi], with ∫|f| = defabs. */
  start(lo: number, hi: number, result: number, abserr: number, defabs: number): void {
    this.list.reset(lo, hi, result, abserr);
    this.#table.reset(result);
    this.#defabs = defabs;
    this.#small = Math.abs(hi - lo) * 0.375;
    this.#errmax = this.#errsum = abserr;
    this.#area = this.#result = this.value = result;
    this.abserr = BIG; // no extrapolated value yet
    this.ier = this.#ktmin = this.#ierro = 0;
    this.#iroff1 = this.#iroff2 = this.#iroff3 = 0;
    this.#extrap = this.#noext = false;
    this.#ksgn = Math.abs(result) >= (1 - 50 * EPS) * defabs ? 1 : -1;
  }

  /**
   * Records that `list.order.current`, [a1, b2], was split at b1 into halves with estimates
   * (area1 ± error1) and (area2 ± error2), ∫|f - mean| = defab1, defab2. True: bisect
   * `list.order.current` next; false: finished.
   */
  step(
    b1: number,
    area1: number,
    error1: number,
    area2: number,
    error2: number,
    defab1: number,
    defab2: number,
  ): boolean {
    const list = this.list, order = list.order, split = order.current;
    const a1 = list.lo[split]!, a2 = b1, b2 = list.hi[split]!;
    const old = list.area[split]!, erlast = this.#errmax;
    const area12 = area1 + area2, erro12 = error1 + error2;
    // Left to right, as QUADPACK: (sum + new) - old rounds differently from sum + (new - old).
    this.#errsum = this.#errsum + erro12 - erlast;
    this.#area = this.#area + area12 - old;
    // (Not when an error estimate is only the crude cap ∫|f - mean|: it says nothing then.)
    if (defab1 !== error1 && defab2 !== error2) {
      // Bisection hardly changed the estimate, yet the error did not drop: roundoff.
      if (Math.abs(old - area12) <= 1e-5 * Math.abs(area12) && erro12 >= 0.99 * erlast) {
        if (this.#extrap) this.#iroff2++;
        else this.#iroff1++;
      }
      if (list.count >= 10 && erro12 > erlast) this.#iroff3++;
    }
    list.bisect(b1, area1, error1, area2, error2);
    const last = list.count;
    const errbnd = Math.max(this.#epsabs, this.#epsrel * Math.abs(this.#area));
    if (this.#iroff1 + this.#iroff2 >= 10 || this.#iroff3 >= 20) this.ier = 2;
    if (this.#iroff2 >= 5) this.#ierro = 3;
    if (last === this.#limit) this.ier = 1;
    // Subintervals as short as floating point allows around this point: bad integrand.
    if (Math.max(Math.abs(a1), Math.abs(b2)) <= (1 + 100 * EPS) * (Math.abs(a2) + 1000 * UFLOW)) {
      this.ier = 4;
    }
    this.#errmax = list.err[order.current]!;
    if (this.#errsum <= errbnd) return this.#sumUp();
    if (this.ier !== 0) return this.#conclude();
    if (last === 2) {
      this.#erlarg = this.#errsum;
      this.#ertest = errbnd;
      this.#table.push(this.#area);
      return true;
    }
    if (this.#noext) return true;
    this.#erlarg -= erlast;
    if (Math.abs(b1 - a1) > this.#small) this.#erlarg += erro12;
    if (!this.#extrap) {
      // Keep bisecting large intervals until the one to bisect next is a small one.
      if (list.width(order.current) > this.#small) return true;
      this.#extrap = true;
      order.cursor = 1;
    }
    if (this.#ierro !== 3 && this.#erlarg > this.#ertest) {
      // The error over the large intervals still dominates: bisect those first, skipping
      // the small ones at the head of the order (within its sorted part).
      const jupbnd = last > 2 + (this.#limit >> 1) ? this.#limit + 3 - last : last;
      for (let k = order.cursor; k < jupbnd; k++) {
        order.current = order.at(order.cursor);
        this.#errmax = list.err[order.current]!;
        if (list.width(order.current) > this.#small) return true;
        order.cursor++;
      }
    }
    return this.#extrapolate();
  }

  /** Extrapolates the sums; true to go on bisecting (from the largest error again). */
  #extrapolate(): boolean {
    const table = this.#table, order = this.list.order;
    table.push(this.#area);
    table.extrapolate();
    this.#ktmin++;
    if (this.#ktmin > 5 && this.abserr < 1e-3 * this.#errsum) this.ier = 5;
    if (table.abserr < this.abserr) {
      this.#ktmin = 0;
      this.abserr = table.abserr;
      this.#result = table.result;
      this.#correc = this.#erlarg;
      this.#ertest = Math.max(this.#epsabs, this.#epsrel * Math.abs(table.result));
      if (this.abserr <= this.#ertest) return this.#conclude();
    }
    if (table.size === 1) this.#noext = true;
    if (this.ier === 5) return this.#conclude();
    order.cursor = 0;
    order.current = order.at(0);
    this.#errmax = this.list.err[order.current]!;
    this.#extrap = false;
    this.#small *= 0.5;
    this.#erlarg = this.#errsum;
    return true;
  }

  /** Chooses between the extrapolated value and the plain sum; tests for divergence. */
  #conclude(): false {
    const result = this.#result, area = this.#area, errsum = this.#errsum;
    if (this.abserr === BIG) return this.#sumUp();
    let divergenceTest = true;
    if (this.ier + this.#ierro !== 0) {
      if (this.#ierro === 3) this.abserr += this.#correc;
      if (this.ier === 0) this.ier = 3;
      if (result !== 0 && area !== 0) {
        if (this.abserr / Math.abs(result) > errsum / Math.abs(area)) return this.#sumUp();
      } else if (this.abserr > errsum) {
        return this.#sumUp();
      } else if (area === 0) {
        divergenceTest = false;
      }
    }
    this.value = result;
    // Extrapolated value and plain sum far apart (for an f that is not mostly cancelling
    // itself): the sums grow without bound.
    const cancels = this.#ksgn === -1 &&
      Math.max(Math.abs(result), Math.abs(area)) <= 0.01 * this.#defabs;
    if (divergenceTest && !cancels) {
      const ratio = result / area;
      if (0.01 > ratio || ratio > 100 || errsum > Math.abs(area)) this.ier = 6;
    }
    return this.#done();
  }

  /** Takes the plain sum over the subintervals as the result. */
  #sumUp(): false {
    this.value = this.list.sum();
    this.abserr = this.#errsum;
    return this.#done();
  }

  /** Internal codes 3 … 6 become the published 2 … 5 (3 = roundoff in the extrapolation). */
  #done(): false {
    if (this.ier > 2) this.ier--;
    return false;
  }
}
