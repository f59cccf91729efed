/**
 * The result record of `quad` / `quadAsync` and the words for QUADPACK's error codes.
 *
 * @module
 */

/**
 * What `quad` returns: scipy's `quad(…, full_output=1)` essentials.
 *
 * @example Check `ier` before using `value`
 * ```ts
 * import assert from "node:assert/strict";
 * import { quad } from "./quad.ts";
 * const r: QuadResult = quad(Math.cos, 0, Math.PI / 2);
 * if (r.ier !== 0) throw new Error(r.message);
 * assert.ok(Math.abs(r.value - 1) <= r.abserr);
 * assert.deepEqual([r.neval, r.last], [21, 1]);
 * ```
 */
export interface QuadResult {
  /** The integral's estimate. */
  readonly value: number;
  /** Estimate of |value - integral|. */
  readonly abserr: number;
  /** Number of integrand evaluations. */
  readonly neval: number;
  /** Number of subintervals in the final partition. */
  readonly last: number;
  /**
   * 0 converged; 1 `limit` subintervals used up; 2 roundoff prevents the tolerance; 3 bad
   * integrand behaviour (including f NaN/±Infinity, or f zero at every node and probe point);
   * 4 the extrapolation did not converge; 5 probably divergent; 6 invalid input.
   */
  readonly ier: number;
  /** What `ier` means for this call, in words. */
  readonly message: string;
}

/**
 * The text for a QUADPACK error code (`limit` is quoted in code 1's).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.match(quadMessage(1, 50), /limit = 50/);
 * ```
 */
export function quadMessage(ier: number, limit: number): string {
  switch (ier) {
    case 0:
      return "The integral converged: the error estimate is within the requested tolerance.";
    case 1:
      return `The subdivision limit (limit = ${limit} subintervals) was reached before the ` +
        "error estimate met the tolerance. Increase limit, or split the range at " +
        "singularities, jumps or peaks and integrate the pieces separately.";
    case 2:
      return "Roundoff error keeps the requested tolerance out of reach; the error estimate " +
        "may be too small. Ask for a looser tolerance.";
    case 3:
      return "The integrand behaves badly inside the range (e.g. a non-integrable singularity " +
        "or a jump): subintervals shrank to the resolution of floating point. Split the range " +
        "at the difficult point.";
    case 4:
      return "The extrapolation of the partial sums did not converge (roundoff in the epsilon " +
        "table); the value is the best estimate found but the tolerance is not met.";
    case 5:
      return "The integral is probably divergent, or converges too slowly to be computed.";
    default:
      return "Invalid input: with epsabs <= 0, epsrel must be at least 50 × machine epsilon " +
        "(about 1.11e-14).";
  }
}
