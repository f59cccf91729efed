/**
 * The subinterval list of the adaptive integrator: ends, estimates and error estimates in
 * preallocated arrays, and the ordering by error estimate that it bisects from (QUADPACK's
 * QPSRT, Piessens et al., 1983).
 *
 * @module
 */

/**
 * Indices of subintervals in descending order of error estimate, maintained by insertion
 * after each bisection. `cursor` is the position of the interval to bisect next: 0 normally;
 * during extrapolation larger intervals are skipped by moving it down the list.
 *
 * Only as many leading positions as there are bisections left (`limit + 2 - count`) are
 * kept sorted: the rest can never be picked, so sorting them would be wasted work.
 *
 * @example Splitting interval 0 (error 1) into 0 (0.4) and 2 (0.3) puts interval 1 (0.5) first
 * ```ts
 * import assert from "node:assert/strict";
 * const errors = Float64Array.of(1, 0.5, 0);
 * const order = new ErrorOrder(10);
 * order.update(errors, 2); // intervals 0 and 1, the larger error at index 0 as bisection leaves it
 * assert.equal(order.current, 0);
 * errors[0] = 0.4;
 * errors[2] = 0.3;
 * order.update(errors, 3);
 * assert.deepEqual([order.at(0), order.at(1), order.at(2)], [1, 0, 2]);
 * assert.equal(order.current, 1);
 * ```
 */
export class ErrorOrder {
  /** Position (in the order) of the interval to bisect next. */
  cursor = 0;
  /** Interval at `cursor`, valid after `update`. */
  current = 0;
  readonly #order: Int32Array;
  readonly #limit: number;

  /** An empty order for up to `limit` subintervals. */
  constructor(limit: number) {
    this.#limit = limit;
    this.#order = new Int32Array(Math.max(limit, 2));
  }

  /** Interval index at position `i` of the order. */
  at(i: number): number {
    return this.#order[i]!;
  }

  /** Starts over with the single interval 0. */
  reset(): void {
    this.#order[0] = 0;
    this.cursor = 0;
    this.current = 0;
  }

  /**
   * Re-sorts after interval `current` was bisected: its error changed (the larger half stayed
   * at its index) and the other half was appended as interval `count - 1`. Sets `current` to
   * the interval at `cursor`.
   */
  update(errors: Float64Array, count: number): void {
    const order = this.#order;
    if (count <= 2) {
      // Bisection keeps the larger-error half at index 0, so this is already descending.
      order[0] = 0;
      order[1] = 1;
    } else {
      const moved = this.current;
      const errMoved = errors[moved]!;
      // The bisected interval sits at `cursor`; while it beats its predecessor (possible only
      // when cursor > 0, during extrapolation) let it climb: the cursor follows it.
      let pos = this.cursor;
      while (pos > 0) {
        const above = order[pos - 1]!;
        if (errMoved <= errors[above]!) break;
        order[pos] = above;
        pos--;
      }
      this.cursor = pos;
      const top = count > (this.#limit >> 1) + 2 ? this.#limit + 2 - count : count - 1;
      const added = count - 1;
      const errAdded = errors[added]!;
      // Sink the bisected interval from just below the cursor ...
      let i = pos + 1;
      while (i < top && errMoved < errors[order[i]!]!) {
        order[i - 1] = order[i]!;
        i++;
      }
      if (i >= top) {
        order[top - 1] = moved;
        order[top] = added;
      } else {
        order[i - 1] = moved;
        // ... then insert the new half below it, scanning up from the bottom of the sorted part.
        let k = top - 1;
        while (k >= i && !(errAdded < errors[order[k]!]!)) {
          order[k + 1] = order[k]!;
          k--;
        }
        order[k + 1] = added;
      }
    }
    this.current = order[this.cursor]!;
  }
}

/**
 * Up to `limit` subintervals in parallel Float64Arrays (allocated once), with their
 * {@linkcode ErrorOrder}. Bisection replaces an interval by its halves: the half with the
 * larger error keeps the index (the ordering relies on it), the other is appended.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const list = new Subintervals(10);
 * list.reset(0, 1, 0.5, 1e-3);
 * list.bisect(0.5, 0.2, 1e-4, 0.3, 1e-5);
 * assert.equal(list.count, 2);
 * assert.deepEqual([list.lo[0], list.hi[0], list.lo[1], list.hi[1]], [0, 0.5, 0.5, 1]);
 * assert.equal(list.sum(), 0.5);
 * assert.equal(list.order.current, 0);
 * ```
 */
export class Subintervals {
  /** Left ends. */
  readonly lo: Float64Array;
  /** Right ends. */
  readonly hi: Float64Array;
  /** Integral estimates. */
  readonly area: Float64Array;
  /** Error estimates. */
  readonly err: Float64Array;
  /** Order by error; `order.current` is the interval to bisect next. */
  readonly order: ErrorOrder;
  /** Number of subintervals. */
  count = 0;

  /** Allocates storage for up to `limit` subintervals. */
  constructor(limit: number) {
    this.lo = new Float64Array(limit);
    this.hi = new Float64Array(limit);
    this.area = new Float64Array(limit);
    this.err = new Float64Array(limit);
    this.order = new ErrorOrder(limit);
  }

  /** Starts over with the single interval [lo, hi]. */
  reset(lo: number, hi: number, area: number, err: number): void {
    this.lo[0] = lo;
    this.hi[0] = hi;
    this.area[0] = area;
    this.err[0] = err;
    this.count = 1;
    this.order.reset();
  }

  /** Width of interval i. */
  width(i: number): number {
    return Math.abs(this.hi[i]! - this.lo[i]!);
  }

  /** Splits `order.current` at `mid` into halves with these estimates and re-sorts. */
  bisect(mid: number, area1: number, error1: number, area2: number, error2: number): void {
    const split = this.order.current, added = this.count++;
    const { lo, hi, area, err } = this;
    if (error2 > error1) {
      lo[added] = lo[split]!;
      hi[added] = mid;
      lo[split] = mid;
      area[split] = area2;
      area[added] = area1;
      err[split] = error2;
      err[added] = error1;
    } else {
      lo[added] = mid;
      hi[added] = hi[split]!;
      hi[split] = mid;
      area[split] = area1;
      area[added] = area2;
      err[split] = error1;
      err[added] = error2;
    }
    this.order.update(err, this.count);
  }

  /** Sum of the estimates, in index order. */
  sum(): number {
    let s = 0;
    for (let k = 0; k < this.count; k++) s += this.area[k]!;
    return s;
  }
}
