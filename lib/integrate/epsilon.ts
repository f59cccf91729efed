/**
 * Wynn's epsilon algorithm, as QUADPACK uses it (Piessens et al., 1983, routine QELG) to
 * extrapolate the sequence of adaptive-quadrature sums to its limit.
 *
 * @module
 */

/** Longest table kept; older entries are dropped (QUADPACK's `limexp`). */
const LIMEXP = 50;
/**
 * QUADPACK's "no estimate yet" (`oflow`), the largest double. Finite on purpose: it is
 * compared for identity, and in the epsilon table the closeness tests
 * (|e1 - e3| <= max(|e1|, |e3|)·eps) would hold for an Infinity placeholder and cut the table.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(BIG, Number.MAX_VALUE);
 * ```
 */
export const BIG: number = Number.MAX_VALUE;

const EPS = Number.EPSILON;

/**
 * An epsilon table of partial sums S0, S1, …: `push` a new sum, then `extrapolate()` sets
 * `result` to the best limit estimate and `abserr` to its error estimate. Only the even
 * columns are stored (two diagonals, interleaved, in one preallocated array); each new
 * element comes from Wynn's cross rule
 * 1/(E - C) = 1/(N - C) + 1/(S - C) - 1/(W - C).
 *
 * The error estimate compares the result with the last three results, so it is `BIG`
 * (Number.MAX_VALUE) for the first three calls.
 *
 * @example 16 partial sums of 1 - 1/3 + 1/5 - … (→ π/4): extrapolated to 12 digits
 * ```ts
 * import assert from "node:assert/strict";
 * const table = new EpsilonTable();
 * let s = 1;
 * table.reset(s);
 * for (let k = 1; k < 16; k++) {
 *   s += (k % 2 ? -1 : 1) / (2 * k + 1);
 *   table.push(s);
 *   if (table.size >= 3) table.extrapolate();
 * }
 * assert.ok(Math.abs(s - Math.PI / 4) > 1e-2);
 * assert.ok(Math.abs(table.result - Math.PI / 4) < 1e-11); // the sums are off by 1.6e-2
 * ```
 */
export class EpsilonTable {
  /** Best limit estimate from the last `extrapolate()`. */
  result = 0;
  /** Error estimate of `result`; Number.MAX_VALUE until three extrapolations were done. */
  abserr: number = BIG;
  /** Even columns of the newest diagonal and the one before, interleaved (+2 for scratch). */
  readonly #tab = new Float64Array(LIMEXP + 2);
  /** The last three results, oldest first, for the error estimate. */
  readonly #recent = new Float64Array(3);
  #n = 0;
  #calls = 0;

  /** Number of sums the table holds (may shrink when `extrapolate` drops unreliable parts). */
  get size(): number {
    return this.#n;
  }

  /** Starts a new table whose first sum is `first`. */
  reset(first: number): void {
    this.#tab[0] = first;
    this.#n = 1;
    this.#calls = 0;
    this.result = first;
    this.abserr = BIG;
  }

  /** Appends the next partial sum (at most 50 are held: `extrapolate` trims to 49). */
  push(sum: number): void {
    this.#tab[this.#n++] = sum;
  }

  /** Extends the table by the last pushed sum and updates `result` and `abserr`. */
  extrapolate(): void {
    const tab = this.#tab;
    const num = this.#n;
    let n = num;
    this.#calls++;
    let result = tab[n - 1]!;
    let abserr = BIG;
    if (n < 3) {
      this.#finish(result, abserr);
      return;
    }
    // Move the new sum two places up: the new diagonal is built downwards from there while
    // the old one is read, and the slot it leaves is "infinitely far" from everything.
    tab[n + 1] = tab[n - 1]!;
    const newElements = (n - 1) >> 1;
    tab[n - 1] = BIG;
    let k = n - 1;
    let converged = NaN, convergedErr = 0;
    for (let i = 1; i <= newElements; i++) {
      // Rhombus around C = e1: N = e2 (new diagonal), S = e0, W = e3 (old diagonal).
      const e2 = tab[k + 2]!;
      const e1 = tab[k - 1]!;
      const e0 = tab[k - 2]!;
      const err2 = Math.abs(e2 - e1);
      const tol2 = Math.max(Math.abs(e2), Math.abs(e1)) * EPS;
      const err3 = Math.abs(e1 - e0);
      const tol3 = Math.max(Math.abs(e1), Math.abs(e0)) * EPS;
      if (err2 <= tol2 && err3 <= tol3) {
        // e0, e1 and e2 agree to machine precision: converged. (QUADPACK returns here and
        // leaves the table half-updated; it is cut like below instead, so that it stays
        // consistent should more sums be pushed.)
        tab[k] = e1;
        n = 2 * i - 1;
        converged = e2;
        convergedErr = err2 + err3;
        break;
      }
      const e3 = tab[k]!;
      tab[k] = e1;
      const err1 = Math.abs(e1 - e3);
      const tol1 = Math.max(Math.abs(e1), Math.abs(e3)) * EPS;
      // Two neighbours equal to machine precision would divide by ~0: cut the table here.
      if (err1 <= tol1 || err2 <= tol2 || err3 <= tol3) {
        n = 2 * i - 1;
        break;
      }
      const ss = 1 / (e1 - e3) + 1 / (e2 - e1) - 1 / (e1 - e0);
      // A tiny |ss·e1| means the new element would be huge: irregular behaviour, cut too.
      if (!(Math.abs(ss * e1) > 1e-4)) {
        n = 2 * i - 1;
        break;
      }
      const res = e1 + 1 / ss;
      tab[k] = res;
      k -= 2;
      const error = err2 + Math.abs(res - e2) + err3;
      if (!(error > abserr)) {
        abserr = error;
        result = res;
      }
    }
    if (n === LIMEXP) n = 2 * (LIMEXP >> 1) - 1;
    // Shift each stored column down one diagonal (the new diagonal becomes the "old" one).
    let ib = num % 2 === 0 ? 1 : 0;
    for (let i = 0; i <= newElements; i++, ib += 2) tab[ib] = tab[ib + 2]!;
    if (num !== n) {
      // Keep only the newest n entries.
      for (let i = 0, src = num - n; i < n; i++, src++) tab[i] = tab[src]!;
    }
    this.#n = n;
    if (!Number.isNaN(converged)) {
      this.#finish(converged, convergedErr);
      return;
    }
    const recent = this.#recent;
    if (this.#calls < 4) {
      recent[this.#calls - 1] = result;
      abserr = BIG;
    } else {
      abserr = Math.abs(result - recent[2]!) + Math.abs(result - recent[1]!) +
        Math.abs(result - recent[0]!);
      recent[0] = recent[1]!;
      recent[1] = recent[2]!;
      recent[2] = result;
    }
    this.#finish(result, abserr);
  }

  /** Never claim more than about 5 ulps of accuracy. */
  #finish(result: number, abserr: number): void {
    this.result = result;
    this.abserr = Math.max(abserr, 5 * EPS * Math.abs(result));
  }
}
