/**
 * Gauss–Kronrod rules on one interval, for the adaptive integrator behind `quad`: the
 * 21-point rule for finite ranges and the 15-point rule applied to the (0, 1] variable that
 * maps an infinite range (Piessens et al., QUADPACK, 1983: QK21 and QK15I).
 *
 * The nodes and weights are in `kronrod_nodes.ts`.
 *
 * @module
 */

import type { KronrodPair } from "./kronrod_nodes.ts";

/**
 * Machine epsilon, 2^-52: QUADPACK's `epmach`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(EPSILON, 2 ** -52);
 * ```
 */
export const EPSILON: number = Number.EPSILON;
/**
 * Smallest normal double, 2^-1022: QUADPACK's `uflow`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(UFLOW, 2 ** -1022);
 * ```
 */
export const UFLOW: number = 2.2250738585072014e-308;

/**
 * How a rule's variable u maps to the integrand's x: `0` finite (x = u); `1` for [bound, ∞)
 * and `-1` for (-∞, bound] with x = bound ± (1 - u)/u; `2` for (-∞, ∞) with f(x) + f(-x),
 * x = (1 - u)/u. The infinite ones integrate over u in (0, 1].
 *
 * @example Two evaluations per node on (-∞, ∞)
 * ```ts
 * import assert from "node:assert/strict";
 * import { GK15 } from "./kronrod_nodes.ts";
 * const kind: RangeKind = 2;
 * assert.equal(new KronrodRule(GK15, kind, 0).evals, 30);
 * ```
 */
export type RangeKind = 0 | 1 | -1 | 2;

/**
 * One Gauss–Kronrod rule bound to a range transformation. `writeNodes` lists the x at which
 * f is needed for an interval of u; `apply` turns those f values into the Kronrod estimate,
 * its error estimate and the integrals of |f| and |f - mean|, without allocating.
 *
 * @example ∫ x^2 over [0, 3] = 9 with the 21-point rule
 * ```ts
 * import assert from "node:assert/strict";
 * import { GK21 } from "./kronrod_nodes.ts";
 * const rule = new KronrodRule(GK21, 0, 0);
 * const xs = new Float64Array(rule.evals), fx = new Float64Array(rule.evals);
 * rule.writeNodes(0, 3, xs, 0);
 * for (let i = 0; i < xs.length; i++) fx[i] = xs[i]! ** 2;
 * const out = new Float64Array(4);
 * rule.apply(fx, 0, 0, 3, out);
 * assert.ok(Math.abs(out[0]! - 9) < 1e-14); // out = [integral, error, ∫|f|, ∫|f - mean|]
 * ```
 */
export class KronrodRule {
  /** Integrand evaluations per interval (twice the node count for the two-sided range). */
  readonly evals: number;
  readonly #pair: KronrodPair;
  readonly #kind: RangeKind;
  readonly #bound: number;
  /** Transformed values g(u) of the current interval: centre, then (u - h·x, u + h·x) pairs. */
  readonly #g: Float64Array;

  /**
   * Binds a rule to a range transformation.
   *
   * @param pair The rule's nodes and weights.
   * @param kind The range transformation (see {@linkcode RangeKind}).
   * @param bound The finite end for kinds 1 and -1 (ignored otherwise).
   */
  constructor(pair: KronrodPair, kind: RangeKind, bound: number) {
    this.#pair = pair;
    this.#kind = kind;
    this.#bound = kind === 2 ? 0 : bound;
    const nodes = 2 * pair.xgk.length - 1;
    this.#g = new Float64Array(nodes);
    this.evals = kind === 2 ? 2 * nodes : nodes;
  }

  /** Writes the `evals` abscissae x for the u-interval [lo, hi] into `xs` from `offset`. */
  writeNodes(lo: number, hi: number, xs: Float64Array, offset: number): void {
    const xgk = this.#pair.xgk;
    const m = xgk.length - 1;
    const centre = 0.5 * (lo + hi);
    const half = 0.5 * (hi - lo);
    const step = this.#kind === 2 ? 2 : 1;
    this.#put(centre, xs, offset);
    for (let j = 0; j < m; j++) {
      const d = half * xgk[j]!;
      this.#put(centre - d, xs, offset + (2 * j + 1) * step);
      this.#put(centre + d, xs, offset + (2 * j + 2) * step);
    }
  }

  /** x for one u (and -x next to it for the two-sided range). */
  #put(u: number, xs: Float64Array, at: number): void {
    const kind = this.#kind;
    if (kind === 0) {
      xs[at] = u;
    } else {
      const x = this.#bound + (kind === -1 ? -1 : 1) * ((1 - u) / u);
      xs[at] = x;
      if (kind === 2) xs[at + 1] = -x;
    }
  }

  /**
   * Applies the rule to the values `fx[offset .. offset + evals)` at the nodes written by
   * `writeNodes(lo, hi, …)`. Writes [estimate, error estimate, ∫|f|, ∫|f - mean|] to `out`.
   */
  apply(fx: Float64Array, offset: number, lo: number, hi: number, out: Float64Array): void {
    const { xgk, wgk, wg, sumOrder } = this.#pair;
    const m = xgk.length - 1;
    const g = this.#g;
    const kind = this.#kind;
    const centre = 0.5 * (lo + hi);
    const half = 0.5 * (hi - lo);
    if (kind === 0) {
      for (let i = 0; i < g.length; i++) g[i] = fx[offset + i]!;
    } else {
      // dx = du / u², so each value is divided by u twice (not by u², which could underflow).
      for (let i = 0; i < g.length; i++) {
        const u = i === 0 ? centre : centre + (i & 1 ? -1 : 1) * (half * xgk[(i - 1) >> 1]!);
        const v = kind === 2 ? fx[offset + 2 * i]! + fx[offset + 2 * i + 1]! : fx[offset + i]!;
        g[i] = v / u / u;
      }
    }
    const fc = g[0]!;
    let resg = wg[m]! * fc;
    let resk = wgk[m]! * fc;
    let resabs = Math.abs(resk);
    for (let t = 0; t < m; t++) {
      const j = sumOrder[t]!;
      const f1 = g[2 * j + 1]!, f2 = g[2 * j + 2]!;
      const sum = f1 + f2;
      if (wg[j] !== 0) resg += wg[j]! * sum;
      resk += wgk[j]! * sum;
      resabs += wgk[j]! * (Math.abs(f1) + Math.abs(f2));
    }
    // ∫|f - mean| measures how much f varies; it caps the error estimate below.
    const mean = resk * 0.5;
    let resasc = wgk[m]! * Math.abs(fc - mean);
    for (let j = 0; j < m; j++) {
      resasc += wgk[j]! * (Math.abs(g[2 * j + 1]! - mean) + Math.abs(g[2 * j + 2]! - mean));
    }
    const width = Math.abs(half);
    resabs *= width;
    resasc *= width;
    let err = Math.abs((resk - resg) * half);
    // QUADPACK's empirical scaling: |Kronrod - Gauss| overestimates the Kronrod error badly,
    // so it is replaced by resasc·min(1, (200·err/resasc)^1.5) ...
    if (resasc !== 0 && err !== 0) err = resasc * Math.min(1, Math.pow((200 * err) / resasc, 1.5));
    // ... but never claimed below what rounding in the sum itself allows.
    if (resabs > UFLOW / (50 * EPSILON)) err = Math.max(50 * EPSILON * resabs, err);
    out[0] = resk * half;
    out[1] = err;
    out[2] = resabs;
    out[3] = resasc;
  }
}
