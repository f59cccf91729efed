/**
 * numpy's 1-D array creation: `arange`, `linspace`, `zeros`, `ones`, `full`. Each returns a new
 * `Float64Array`; `arange` and `linspace` compute their values with numpy's formulas, so they
 * equal numpy's bit for bit.
 *
 * @module
 */
import { describe } from "./_broadcast.ts";

function checkFinite(fn: string, what: string, value: unknown): void {
  if (typeof value !== "number") {
    throw new TypeError(`${fn}: expected ${what} to be a number, received ${describe(value)}`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`${fn}: expected ${what} to be a finite number, received ${value}`);
  }
}

function checkLength(fn: string, what: string, value: unknown): number {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
  throw new RangeError(
    `${fn}: expected ${what} to be a non-negative integer, received ${String(value)}`,
  );
}

/** A Float64Array of n zeros, or a RangeError naming `fn` when n is too large for one. */
function allocate(fn: string, n: number): Float64Array {
  try {
    return new Float64Array(n);
  } catch (cause) {
    throw new RangeError(`${fn}: ${n} elements are too many for a Float64Array`, { cause });
  }
}

/**
 * Evenly spaced values in `[start, stop)` with spacing `step`, numpy's `np.arange`;
 * `arange(stop)` starts at 0, and `arange(stop, undefined, step)` too.
 *
 * The length follows numpy's rule `ceil((stop - start) / step)` (0 when that is negative), so
 * rounding can add an element: `arange(1, 1.3, 0.1)` has 4 (1.3 - 1 is 0.30000000000000004).
 * The values are numpy's too: element 1 is `start + step`, element i ≥ 2 is `start + i * delta`
 * where `delta = (start + step) - start` (numpy's `fill` works from the first two elements), which
 * can differ from `start + i * step` in the last bit.
 *
 * @throws {RangeError} If `step` is 0, an argument is not finite, or the length is too large.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(arange(5), new Float64Array([0, 1, 2, 3, 4]));
 * assert.equal(arange(1, 1.3, 0.1).length, 4);
 * assert.deepEqual(arange(10, 0, -3), new Float64Array([10, 7, 4, 1]));
 * ```
 */
export function arange(start: number, stop?: number, step: number = 1): Float64Array {
  if (stop === undefined) [start, stop] = [0, start];
  checkFinite("arange", "start", start);
  checkFinite("arange", "stop", stop);
  checkFinite("arange", "step", step);
  if (step === 0) throw new RangeError("arange: expected a nonzero step, received 0");
  const length = Math.max(Math.ceil((stop - start) / step), 0);
  if (!Number.isSafeInteger(length)) {
    throw new RangeError(
      `arange: ${length} elements (from ${start} to ${stop} by ${step}) are too many`,
    );
  }
  const r = allocate("arange", length);
  if (length === 0) return r;
  r[0] = start;
  const next = start + step;
  if (length > 1) r[1] = next;
  const delta = next - start;
  for (let i = 2; i < length; i++) r[i] = start + i * delta;
  return r;
}

/**
 * Options of {@linkcode linspace}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // Four angles around the circle: 2π itself is left out, being the same angle as 0.
 * const halfOpen: LinspaceOptions = { endpoint: false };
 * const angles = linspace(0, 2 * Math.PI, 4, halfOpen);
 * assert.deepEqual(angles, new Float64Array([0, Math.PI / 2, Math.PI, 3 * Math.PI / 2]));
 * ```
 */
export interface LinspaceOptions {
  /** Whether `stop` is the last value (true, the default) or just past it. */
  endpoint?: boolean;
}

/**
 * `num` evenly spaced values from `start` to `stop`, numpy's `np.linspace`. With
 * `endpoint: false`, `stop` is excluded and the spacing is `(stop - start) / num`.
 *
 * The values are numpy's: `i * step + start` with `step = (stop - start) / div` (`div` is
 * `num - 1` with the endpoint, else `num`), and the last value is exactly `stop` when it is
 * included. When `step` underflows to 0 they are `(i / div) * (stop - start) + start`, as numpy.
 *
 * @throws {RangeError} If `num` is not a non-negative integer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(linspace(0, 1, 5), new Float64Array([0, 0.25, 0.5, 0.75, 1]));
 * assert.deepEqual(linspace(0, 1, 4, { endpoint: false }), new Float64Array([0, 0.25, 0.5, 0.75]));
 * assert.equal(linspace(2, 3).length, 50);
 * ```
 */
export function linspace(
  start: number,
  stop: number,
  num: number = 50,
  options: LinspaceOptions = {},
): Float64Array {
  const { endpoint = true } = options;
  checkNumber("linspace", "start", start);
  checkNumber("linspace", "stop", stop);
  const r = allocate("linspace", checkLength("linspace", "num", num));
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  if (div > 0) {
    const step = delta / div;
    if (step === 0) {
      for (let i = 0; i < num; i++) r[i] = (i / div) * delta + start;
    } else {
      for (let i = 0; i < num; i++) r[i] = i * step + start;
    }
  } else {
    // num is 0, or 1 with the endpoint: numpy multiplies by delta, so an infinite range gives NaN.
    for (let i = 0; i < num; i++) r[i] = i * delta + start;
  }
  if (endpoint && num > 1) r[num - 1] = stop;
  return r;
}

function checkNumber(fn: string, what: string, value: unknown): void {
  if (typeof value !== "number") {
    throw new TypeError(`${fn}: expected ${what} to be a number, received ${describe(value)}`);
  }
}

/**
 * `n` zeros, numpy's `np.zeros(n)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(zeros(3), new Float64Array([0, 0, 0]));
 * ```
 */
export function zeros(n: number): Float64Array {
  return allocate("zeros", checkLength("zeros", "n", n));
}

/**
 * `n` ones, numpy's `np.ones(n)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(ones(2), new Float64Array([1, 1]));
 * ```
 */
export function ones(n: number): Float64Array {
  return allocate("ones", checkLength("ones", "n", n)).fill(1);
}

/**
 * `n` copies of `value`, numpy's `np.full(n, value)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(full(3, 2.5), new Float64Array([2.5, 2.5, 2.5]));
 * ```
 */
export function full(n: number, value: number): Float64Array {
  checkNumber("full", "value", value);
  return allocate("full", checkLength("full", "n", n)).fill(value);
}
