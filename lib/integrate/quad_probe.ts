/**
 * The probe `quad` runs when the integrand was negligible at every quadrature node: a scan
 * over a fixed grid that looks for a narrow feature (a peak far out, or between the nodes)
 * the 15/21-point rules stepped over, and the bracket around it to integrate separately.
 *
 * @module
 */

/**
 * Probe points per side of the range (a finite range counts as one side).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(probeGrid(0, 1).length, PROBE_SIDE);
 * assert.equal(probeGrid(0, Infinity).length, PROBE_SIDE);
 * ```
 */
export const PROBE_SIDE: number = 8192;
/** Offsets from a finite end (or from 0) span 2^-16 … 2^32 geometrically: step ≈ 0.41 %. */
const LOG2_MIN = -16;
const LOG2_MAX = 32;

/** The geometric offsets 2^-16 … 2^32, ascending. */
function offsets(): Float64Array {
  const d = new Float64Array(PROBE_SIDE);
  const span = (LOG2_MAX - LOG2_MIN) / (PROBE_SIDE - 1);
  for (let k = 0; k < PROBE_SIDE; k++) d[k] = Math.pow(2, LOG2_MIN + span * k);
  return d;
}

/**
 * Ascending probe points inside (a, b), a < b. Finite: the midpoints of `PROBE_SIDE` equal
 * cells. Half-infinite: the finite end plus (or minus) geometric offsets, so a feature whose
 * width is at least ~0.4 % of its distance from that end is hit. (-∞, ∞): 0 and ±offsets.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const grid = probeGrid(-Infinity, Infinity);
 * assert.equal(grid.length, 2 * PROBE_SIDE + 1);
 * assert.equal(grid[PROBE_SIDE], 0);
 * assert.equal(grid.at(-1), 2 ** 32);
 * assert.equal(probeGrid(0, 1)[0], 0.5 / PROBE_SIDE);
 * ```
 */
export function probeGrid(a: number, b: number): Float64Array {
  if (Number.isFinite(a) && Number.isFinite(b)) {
    const grid = new Float64Array(PROBE_SIDE);
    const h = (b - a) / PROBE_SIDE;
    for (let k = 0; k < PROBE_SIDE; k++) grid[k] = a + (k + 0.5) * h;
    return grid;
  }
  const d = offsets();
  if (Number.isFinite(a)) return d.map((v) => a + v);
  if (Number.isFinite(b)) return d.map((_, k) => b - d[PROBE_SIDE - 1 - k]!);
  const grid = new Float64Array(2 * PROBE_SIDE + 1);
  for (let k = 0; k < PROBE_SIDE; k++) {
    grid[PROBE_SIDE + 1 + k] = d[k]!;
    grid[PROBE_SIDE - 1 - k] = -d[k]!;
  }
  return grid;
}

/**
 * The largest |f| the probe found, and how far around it |f| stays significant.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const peak: ProbePeak | null = findPeak(Float64Array.of(0, -2, 0));
 * assert.deepEqual(peak, { best: 1, peak: 2, left: 1, right: 1 });
 * ```
 */
export interface ProbePeak {
  /** Index of the largest |f|. */
  readonly best: number;
  /** That |f|. */
  readonly peak: number;
  /** First index of the run of points around `best` with |f| > peak · 2^-52. */
  readonly left: number;
  /** Last index of that run. */
  readonly right: number;
}

/**
 * Finds the largest |values[k]| and the run of neighbours where |f| > peak · 2^-52 (below
 * that, f cannot change the sum). Null when every value is 0 (or NaN).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const found = findPeak(Float64Array.of(0, 0, 1e-3, 1, 0, 0));
 * assert.deepEqual(found, { best: 3, peak: 1, left: 2, right: 3 });
 * assert.equal(findPeak(new Float64Array(6)), null);
 * ```
 */
export function findPeak(values: Float64Array): ProbePeak | null {
  let best = -1;
  let peak = 0;
  for (let k = 0; k < values.length; k++) {
    const v = Math.abs(values[k]!);
    if (v > peak) {
      peak = v;
      best = k;
    }
  }
  if (best < 0) return null;
  const floor = peak * Number.EPSILON;
  let left = best;
  while (left > 0 && Math.abs(values[left - 1]!) > floor) left--;
  let right = best;
  while (right < values.length - 1 && Math.abs(values[right + 1]!) > floor) right++;
  return { best, peak, left, right };
}

/**
 * Narrows the bracket around a peak the probe found: on each side, bisect between the last
 * significant point and the first negligible one (|f| <= `floor`) until the negligible end is
 * within a quarter of the significant half-width of the edge. A peak narrower than the probe
 * spacing thus gets a bracket about as wide as itself, which the Kronrod rule resolves (with
 * the grid's bracket it would again fall between the nodes). Requests 1–2 nodes per step.
 *
 * @example A spike of half-width ~1e-6 at 0, found between grid points ±1
 * ```ts
 * import assert from "node:assert/strict";
 * const f = (x: number) => Math.exp(-((x * 1e6) ** 2));
 * const zoom = new PeakZoom(0, 1e-16, -1, 0, 0, 1);
 * const xs = new Float64Array(2), fx = new Float64Array(2);
 * for (let n = zoom.request(xs); n > 0; n = zoom.request(xs)) {
 *   for (let i = 0; i < n; i++) fx[i] = f(xs[i]!);
 *   zoom.consume(fx);
 * }
 * assert.ok(zoom.hi > 6e-6 && zoom.hi < 1e-5 && zoom.lo === -zoom.hi);
 * ```
 */
export class PeakZoom {
  /** Negligible end on each side (index 0 left, 1 right): the bracket. */
  readonly #neg: Float64Array;
  /** Significant point on each side. */
  readonly #sig: Float64Array;
  readonly #active = [true, true];
  readonly #sides = [0, 0];
  readonly #at: number;
  readonly #floor: number;
  #count = 0;

  /**
   * Starts from the probe's bracket: on each side a significant and a negligible point.
   *
   * @param at Where the peak is.
   * @param floor |f| at or below this is negligible.
   * @param negLo Negligible point left of the peak (NaN: none, the left end stays).
   * @param sigLo Leftmost significant point. `sigHi`, `negHi`: the same on the right.
   */
  constructor(
    at: number,
    floor: number,
    negLo: number,
    sigLo: number,
    sigHi: number,
    negHi: number,
  ) {
    this.#at = at;
    this.#floor = floor;
    this.#neg = Float64Array.of(negLo, negHi);
    this.#sig = Float64Array.of(sigLo, sigHi);
    for (let s = 0; s < 2; s++) this.#active[s] = !Number.isNaN(this.#neg[s]!) && this.#open(s);
  }

  /** Left end of the bracket. */
  get lo(): number {
    return this.#neg[0]!;
  }

  /** Right end of the bracket. */
  get hi(): number {
    return this.#neg[1]!;
  }

  /** Writes the next midpoints into `xs`; returns how many (0: done). */
  request(xs: Float64Array): number {
    let n = 0;
    for (let s = 0; s < 2; s++) {
      if (!this.#active[s]) continue;
      this.#sides[n] = s;
      xs[n++] = 0.5 * (this.#neg[s]! + this.#sig[s]!);
    }
    this.#count = n;
    return n;
  }

  /** Takes f at the points of the last request. */
  consume(fx: Float64Array): void {
    for (let i = 0; i < this.#count; i++) {
      const s = this.#sides[i]!, mid = 0.5 * (this.#neg[s]! + this.#sig[s]!);
      if (Math.abs(fx[i]!) > this.#floor) this.#sig[s] = mid;
      else this.#neg[s] = mid;
      this.#active[s] = this.#open(s);
    }
  }

  /** Side s goes on while its gap is wide against the half-width and can still be halved. */
  #open(s: number): boolean {
    const neg = this.#neg[s]!, sig = this.#sig[s]!, mid = 0.5 * (neg + sig);
    const gap = Math.abs(sig - neg);
    return gap > Math.abs(this.#at - sig) / 4 && mid !== neg && mid !== sig;
  }
}
