/**
 * Nodes and weights of the Gauss–Kronrod pairs QUADPACK uses (Piessens et al., 1983): the
 * 21-point rule for finite ranges and the 15-point one for the transformed infinite ranges.
 *
 * They were computed for this file by `tests/integrate/golden/gauss_kronrod_nodes.py` (Stieltjes
 * polynomial solved for in exact rational arithmetic, roots and weights in 60-digit
 * arithmetic, rounded to doubles); `tests/integrate/gauss_kronrod_test.ts` checks them by the
 * degree of polynomial each rule integrates exactly.
 *
 * @module
 */

/**
 * A Kronrod extension of a Gauss rule on [-1, 1]. Abscissae are the nonnegative ones in
 * descending order with the centre (0) last; `wg` is 0 where a node is not a Gauss node.
 *
 * @example The smallest pair: 3-point Gauss (its Kronrod extension) around the 1-point midpoint rule
 * ```ts
 * import assert from "node:assert/strict";
 * const gk3: KronrodPair = {
 *   xgk: Float64Array.of(Math.sqrt(0.6), 0),
 *   wgk: Float64Array.of(5 / 9, 8 / 9),
 *   wg: Float64Array.of(0, 2),
 *   sumOrder: Int32Array.of(0),
 * };
 * import { KronrodRule } from "./gauss_kronrod.ts";
 * const rule = new KronrodRule(gk3, 0, 0);
 * const xs = new Float64Array(3), fx = new Float64Array(3), out = new Float64Array(4);
 * rule.writeNodes(-1, 1, xs, 0);
 * fx.set(xs.map((x) => x ** 4));
 * rule.apply(fx, 0, -1, 1, out);
 * assert.ok(Math.abs(out[0]! - 2 / 5) < 1e-15); // exact to degree 5
 * ```
 */
export interface KronrodPair {
  /** Nonnegative abscissae, descending, centre last. */
  readonly xgk: Float64Array;
  /** Kronrod weights, one per abscissa. */
  readonly wgk: Float64Array;
  /** Gauss weights, 0 where the abscissa is not a Gauss node. */
  readonly wg: Float64Array;
  /**
   * Order in which the abscissae (pairs) enter the sums. It changes only rounding; QUADPACK's
   * QK21 adds the Gauss pairs first and QK15I goes in sequence, and following them keeps
   * results bit-identical to scipy's in the cases the tests compare.
   */
  readonly sumOrder: Int32Array;
}

// deno-fmt-ignore: the table stays a table
/**
 * The 21-point Kronrod rule and its embedded 10-point Gauss rule.
 *
 * @example Integrates polynomials up to degree 31 exactly; here ∫ x^30 over [-1, 1] = 2/31
 * ```ts
 * import assert from "node:assert/strict";
 * const { xgk, wgk } = GK21;
 * let s = wgk[10]! * 0 ** 30;
 * for (let j = 0; j < 10; j++) s += 2 * wgk[j]! * xgk[j]! ** 30;
 * assert.ok(Math.abs(s - 2 / 31) < 1e-15);
 * ```
 */
export const GK21: KronrodPair = {
  xgk: Float64Array.of(
    0.9956571630258081, 0.9739065285171717, 0.9301574913557082, 0.8650633666889845,
    0.7808177265864169, 0.6794095682990244, 0.5627571346686047, 0.4333953941292472,
    0.2943928627014602, 0.14887433898163122, 0,
  ),
  wgk: Float64Array.of(
    0.011694638867371874, 0.032558162307964725, 0.054755896574351995, 0.07503967481091996,
    0.0931254545836976, 0.10938715880229764, 0.12349197626206584, 0.13470921731147334,
    0.14277593857706009, 0.14773910490133849, 0.1494455540029169,
  ),
  wg: Float64Array.of(
    0, 0.06667134430868814, 0, 0.1494513491505806, 0, 0.21908636251598204, 0, 0.26926671930999635,
    0, 0.29552422471475287, 0,
  ),
  sumOrder: Int32Array.of(1, 3, 5, 7, 9, 0, 2, 4, 6, 8),
};

// deno-fmt-ignore: the table stays a table
/**
 * The 15-point Kronrod rule and its embedded 7-point Gauss rule (which includes the centre).
 *
 * @example The Kronrod weights sum to 2, the length of [-1, 1]
 * ```ts
 * import assert from "node:assert/strict";
 * let s = GK15.wgk[7]!;
 * for (let j = 0; j < 7; j++) s += 2 * GK15.wgk[j]!;
 * assert.ok(Math.abs(s - 2) < 1e-15);
 * ```
 */
export const GK15: KronrodPair = {
  xgk: Float64Array.of(
    0.9914553711208126, 0.9491079123427585, 0.8648644233597691, 0.7415311855993945,
    0.5860872354676911, 0.4058451513773972, 0.20778495500789848, 0,
  ),
  wgk: Float64Array.of(
    0.022935322010529224, 0.06309209262997856, 0.10479001032225019, 0.14065325971552592,
    0.1690047266392679, 0.19035057806478542, 0.20443294007529889, 0.20948214108472782,
  ),
  wg: Float64Array.of(
    0, 0.1294849661688697, 0, 0.27970539148927664, 0, 0.3818300505051189, 0, 0.4179591836734694,
  ),
  sumOrder: Int32Array.of(0, 1, 2, 3, 4, 5, 6),
};
