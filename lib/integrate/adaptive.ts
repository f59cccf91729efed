/**
 * Adaptive Gauss–Kronrod integration (QUADPACK's QAGS/QAGI, Piessens et al., 1983) as a state
 * machine that asks for integrand values instead of calling f: the caller evaluates f at
 * `xs[0 .. n)` into `fx[0 .. n)` and calls `advance()`, so one implementation serves both
 * `quad` (f called per node) and `quadAsync` (all nodes of a step in one batch).
 *
 * @module
 */

import { EPSILON as EPS, type KronrodRule } from "./gauss_kronrod.ts";
import { BIG } from "./epsilon.ts";
import { QagsLoop } from "./qags_loop.ts";

/**
 * Integration over one u-interval of a {@linkcode KronrodRule}: a first estimate over the
 * whole interval, then (if that misses the tolerance) the {@linkcode QagsLoop}. Stops at once,
 * with `ier` 3 and `badX` set, if f returns NaN or ±Infinity. Allocates nothing per step.
 *
 * @example ∫ 1/√x over [0, 1] = 2 (needs extrapolation)
 * ```ts
 * import assert from "node:assert/strict";
 * import { KronrodRule } from "./gauss_kronrod.ts";
 * import { GK21 } from "./kronrod_nodes.ts";
 * const q = new AdaptiveQuadrature(50, 1.49e-8, 1.49e-8);
 * for (let n = q.begin(new KronrodRule(GK21, 0, 0), 0, 1); n > 0; n = q.advance()) {
 *   for (let i = 0; i < n; i++) q.fx[i] = 1 / Math.sqrt(q.xs[i]!);
 * }
 * assert.equal(q.ier, 0);
 * assert.ok(Math.abs(q.value - 2) < 1e-10);
 * assert.equal(q.neval, 231);
 * ```
 */
export class AdaptiveQuadrature {
  /** Nodes of the pending request (sized for two intervals of the largest rule). */
  readonly xs: Float64Array = new Float64Array(60);
  /** The caller's integrand values at `xs`. */
  readonly fx: Float64Array = new Float64Array(60);
  /** Result, valid once `advance()` returned 0. */
  value = 0;
  /** Error estimate of `value`. */
  abserr = 0;
  /** QUADPACK error code (0 … 5), or 3 when f returned NaN or ±Infinity. */
  ier = 0;
  /** Subintervals used. */
  last = 0;
  /** Integrand evaluations. */
  neval = 0;
  /** Estimate of ∫|f| from the first rule application over the whole range. */
  defabs = 0;
  /** Largest |f| seen at any node. */
  maxAbs = 0;
  /** Where f was NaN or ±Infinity (NaN when it never was). */
  badX: number = NaN;

  readonly #loop: QagsLoop;
  readonly #out = new Float64Array(4);
  readonly #limit: number;
  readonly #epsabs: number;
  readonly #epsrel: number;
  #rule: KronrodRule | null = null;
  #lo = 0;
  #hi = 0;
  #mid = 0;

  /** Allocates storage for `limit` subintervals. */
  constructor(limit: number, epsabs: number, epsrel: number) {
    this.#limit = limit;
    this.#epsabs = epsabs;
    this.#epsrel = epsrel;
    this.#loop = new QagsLoop(limit, epsabs, epsrel);
  }

  /** Starts integrating over the u-interval [lo, hi]; returns how many values it needs. */
  begin(rule: KronrodRule, lo: number, hi: number): number {
    this.#rule = rule;
    this.#lo = lo;
    this.#hi = hi;
    this.last = this.neval = 0;
    this.maxAbs = this.ier = 0;
    this.badX = NaN;
    rule.writeNodes(lo, hi, this.xs, 0);
    return rule.evals;
  }

  /** Consumes `fx`; returns how many values the next step needs, or 0 when finished. */
  advance(): number {
    const rule = this.#rule!, fx = this.fx, out = this.#out, loop = this.#loop;
    const n = this.last === 0 ? rule.evals : 2 * rule.evals;
    this.neval += n;
    for (let i = 0; i < n; i++) {
      const v = Math.abs(fx[i]!);
      if (!(v <= BIG)) {
        // NaN or ±Infinity poisons every sum after it: stop and say where.
        this.badX = this.xs[i]!;
        this.value = NaN;
        this.abserr = Infinity;
        this.ier = 3;
        this.last = Math.max(this.last, 1);
        return 0;
      }
      if (v > this.maxAbs) this.maxAbs = v;
    }
    let more: boolean;
    if (this.last === 0) {
      more = this.#first();
    } else {
      rule.apply(fx, 0, this.#lo, this.#mid, out);
      const area1 = out[0]!, error1 = out[1]!, defab1 = out[3]!;
      rule.apply(fx, rule.evals, this.#mid, this.#hi, out);
      more = loop.step(this.#mid, area1, error1, out[0]!, out[1]!, defab1, out[3]!);
      this.last = loop.list.count;
      if (!more) {
        this.value = loop.value;
        this.abserr = loop.abserr;
        this.ier = loop.ier;
      }
    }
    if (!more) return 0;
    // Bisect the subinterval the loop chose.
    const list = loop.list, i = list.order.current;
    this.#lo = list.lo[i]!;
    this.#hi = list.hi[i]!;
    this.#mid = 0.5 * (this.#lo + this.#hi);
    rule.writeNodes(this.#lo, this.#mid, this.xs, 0);
    rule.writeNodes(this.#mid, this.#hi, this.xs, rule.evals);
    return 2 * rule.evals;
  }

  /** The estimate over the whole range; true when the loop must refine it. */
  #first(): boolean {
    const out = this.#out, lo = this.#lo, hi = this.#hi;
    this.#rule!.apply(this.fx, 0, lo, hi, out);
    const result = out[0]!, abserr = out[1]!, resasc = out[3]!;
    this.defabs = out[2]!;
    this.last = 1;
    this.value = result;
    this.abserr = abserr;
    const errbnd = Math.max(this.#epsabs, this.#epsrel * Math.abs(result));
    // An error estimate at the rounding level of ∫|f| that still misses the tolerance: the
    // tolerance is out of reach.
    if (abserr <= 100 * EPS * this.defabs && abserr > errbnd) this.ier = 2;
    if (this.#limit === 1) this.ier = 1;
    // abserr === resasc means the estimate is only the crude cap: never accept that at once.
    if (this.ier !== 0 || (abserr <= errbnd && abserr !== resasc) || abserr === 0) return false;
    this.#loop.start(lo, hi, result, abserr, this.defabs);
    return true;
  }
}
