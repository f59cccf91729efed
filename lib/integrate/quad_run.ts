/**
 * One integration from start to result as a state machine that requests integrand values:
 * the QAGS/QAGI loop over the whole range, then — when the integrand looked negligible at every
 * node — a probe scan, and if that finds a missed feature, the loop again on up to three pieces
 * around it. `quad` and `quadAsync` drive the same machine, so they compute the same numbers.
 *
 * @module
 */

import { AdaptiveQuadrature } from "./adaptive.ts";
import { KronrodRule } from "./gauss_kronrod.ts";
import { GK15, GK21 } from "./kronrod_nodes.ts";
import { findPeak, PeakZoom, probeGrid } from "./quad_probe.ts";
import { quadMessage, type QuadResult } from "./quad_result.ts";

const show = (x: number): string => String(+x.toPrecision(6));

/** Phases of a run. */
const MAIN = 0, PROBE = 1, ZOOM = 2, PIECES = 3, DONE = 4;

/**
 * Integration of f over (a, b), a < b (either may be infinite), as a request/response loop:
 * evaluate f at `xs[0 .. n)` into `fx[0 .. n)` for the n returned by `start()` / `advance()`,
 * until that is 0; then read `result()`. `xs` and `fx` may be different arrays per request.
 *
 * @example ∫ e^-x over [0, ∞) = 1
 * ```ts
 * import assert from "node:assert/strict";
 * const run = new QuadRun(0, Infinity, 1.49e-8, 1.49e-8, 50);
 * for (let n = run.start(); n > 0; n = run.advance()) {
 *   for (let i = 0; i < n; i++) run.fx[i] = Math.exp(-run.xs[i]!);
 * }
 * assert.ok(Math.abs(run.result().value - 1) < 1e-12);
 * ```
 */
export class QuadRun {
  /** Where f is needed for the pending request. */
  xs: Float64Array;
  /** Where the caller puts f's values. */
  fx: Float64Array;
  readonly #engine: AdaptiveQuadrature;
  readonly #a: number;
  readonly #b: number;
  readonly #epsabs: number;
  readonly #limit: number;
  #phase = MAIN;
  #zoom: PeakZoom | null = null;
  #outerLo = 0;
  #outerHi = 0;
  #peakAt = 0;
  #pieces: number[] = [];
  #piece = 0;
  // The result being assembled.
  #value = 0;
  #abserr = 0;
  #neval = 0;
  #last = 0;
  #ier = 0;
  #message = "";
  #mainMaxAbs = 0;
  #probeSize = 0;
  #zoomCount = 0;

  /** Prepares to integrate over (a, b); a < b. */
  constructor(a: number, b: number, epsabs: number, epsrel: number, limit: number) {
    this.#a = a;
    this.#b = b;
    this.#epsabs = epsabs;
    this.#limit = limit;
    this.#engine = new AdaptiveQuadrature(limit, epsabs, epsrel);
    this.xs = this.#engine.xs;
    this.fx = this.#engine.fx;
  }

  /** The first request's size. */
  start(): number {
    return this.#begin(this.#a, this.#b);
  }

  /** Consumes `fx`; returns the next request's size, or 0 when `result()` is ready. */
  advance(): number {
    const engine = this.#engine;
    if (this.#phase === MAIN) {
      const n = engine.advance();
      if (n > 0) return n;
      this.#take(true);
      this.#mainMaxAbs = engine.maxAbs;
      // Convergence granted only by epsabs to an integrand negligible at every node: the
      // rule may have stepped over a narrow feature. Look for one before believing it.
      if (this.#ier === 0 && engine.defabs <= this.#epsabs) {
        this.xs = probeGrid(this.#a, this.#b);
        this.fx = new Float64Array(this.xs.length);
        this.#phase = PROBE;
        return this.xs.length;
      }
      this.#phase = DONE;
      return 0;
    }
    if (this.#phase === PROBE) return this.#afterProbe();
    if (this.#phase === ZOOM) return this.#zoomStep(this.#zoomCount);
    if (this.#phase === PIECES) {
      const n = engine.advance();
      if (n > 0) return n;
      this.#take(this.#piece === 0);
      if (++this.#piece < this.#pieces.length - 1) {
        return this.#begin(this.#pieces[this.#piece]!, this.#pieces[this.#piece + 1]!);
      }
      this.#phase = DONE;
      const cut = this.#pieces.slice(1, -1).map(show).join(" and ");
      const found = `a probe of ${this.#probeSize} points found a narrow feature near ` +
        `x = ${show(this.#peakAt)} that the quadrature nodes had missed; the range was split ` +
        `at ${cut} and the pieces integrated separately`;
      this.#message = this.#ier === 0
        ? `The integrand was negligible at every quadrature node, but ${found}. ${this.#message}`
        : `${this.#message} This happened in one of the pieces after ${found}.`;
    }
    return 0;
  }

  /** The assembled result; `negate` for a > b (∫_b^a = -∫_a^b, without making 0 into -0). */
  result(negate = false): QuadResult {
    return {
      value: negate && this.#value !== 0 ? -this.#value : this.#value,
      abserr: this.#abserr,
      neval: this.#neval,
      last: this.#last,
      ier: this.#ier,
      message: this.#message,
    };
  }

  /** Starts the engine on one range with the rule and transformation that range needs. */
  #begin(lo: number, hi: number): number {
    const engine = this.#engine;
    this.xs = engine.xs;
    this.fx = engine.fx;
    const finiteLo = Number.isFinite(lo), finiteHi = Number.isFinite(hi);
    if (finiteLo && finiteHi) return engine.begin(new KronrodRule(GK21, 0, 0), lo, hi);
    const rule = finiteLo
      ? new KronrodRule(GK15, 1, lo)
      : finiteHi
      ? new KronrodRule(GK15, -1, hi)
      : new KronrodRule(GK15, 2, 0);
    return engine.begin(rule, 0, 1);
  }

  /** Folds the engine's finished range into the result (`fresh`: replace instead of add). */
  #take(fresh: boolean): void {
    const e = this.#engine;
    if (fresh) this.#value = this.#abserr = this.#last = 0;
    this.#value += e.value;
    this.#abserr += e.abserr;
    this.#neval += e.neval;
    this.#last += e.last;
    if (this.#ier !== 0 && !fresh) return; // keep the first failure's code and words
    this.#ier = e.ier;
    this.#message = Number.isNaN(e.badX)
      ? quadMessage(e.ier, this.#limit)
      : `The integrand returned NaN or ±Infinity at x = ${String(e.badX)}; the result is ` +
        "not meaningful. Check f there, or split the range at that point.";
  }

  /** Decides from the probe values whether the first result stands. */
  #afterProbe(): number {
    const grid = this.xs, values = this.fx;
    this.#probeSize = grid.length;
    this.#neval += grid.length;
    const found = findPeak(values);
    // Probe values comparable to the node values mean the nodes sampled f fairly.
    if (found !== null && found.peak > 10 * this.#mainMaxAbs) {
      const { best, left, right } = found, last = grid.length - 1;
      this.#peakAt = grid[best]!;
      this.#zoom = new PeakZoom(
        grid[best]!,
        found.peak * Number.EPSILON,
        left > 0 ? grid[left - 1]! : NaN,
        grid[left]!,
        grid[right]!,
        right < last ? grid[right + 1]! : NaN,
      );
      // A side without a negligible grid point keeps the range's end (the grid's if infinite).
      this.#outerLo = Number.isFinite(this.#a) ? this.#a : grid[0]!;
      this.#outerHi = Number.isFinite(this.#b) ? this.#b : grid[last]!;
      this.#phase = ZOOM;
      this.xs = new Float64Array(2);
      this.fx = new Float64Array(2);
      return this.#zoomStep(0);
    }
    this.#phase = DONE;
    if (found === null && this.#mainMaxAbs === 0) {
      this.#ier = 3;
      this.#message = `The integrand was 0 at every quadrature node and at every one of ` +
        `${this.#probeSize} probe points, so the result 0 is unconfirmed: if f is not zero ` +
        "everywhere, a narrow peak may have been missed. Integrate over a range that contains " +
        "it, or split the range near it.";
    } else {
      this.#message = `${quadMessage(0, this.#limit)} The integrand was negligible at every ` +
        `node; a probe of ${this.#probeSize} points found no larger values.`;
    }
    return 0;
  }

  /** Takes `answered` zoom values, asks for more or, with the bracket final, starts the pieces. */
  #zoomStep(answered: number): number {
    const zoom = this.#zoom!;
    if (answered > 0) {
      zoom.consume(this.fx);
      this.#neval += answered;
    }
    this.#zoomCount = zoom.request(this.xs);
    if (this.#zoomCount > 0) return this.#zoomCount;
    const lo = Number.isNaN(zoom.lo) ? this.#outerLo : zoom.lo;
    const hi = Number.isNaN(zoom.hi) ? this.#outerHi : zoom.hi;
    this.#pieces = [lo, hi];
    if (lo > this.#a) this.#pieces.unshift(this.#a);
    if (hi < this.#b) this.#pieces.push(this.#b);
    this.#piece = 0;
    this.#phase = PIECES;
    return this.#begin(this.#pieces[0]!, this.#pieces[1]!);
  }
}
