/**
 * `allclose(a, b, options)`: numpy's `np.allclose`, whether two arrays agree within tolerances.
 *
 * @module
 */
import { broadcastLength, describe, type Operand, stretch } from "./_broadcast.ts";

/**
 * Tolerances of {@linkcode allclose}, numpy's keyword arguments.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // Close when within 0.001, whatever the magnitude.
 * const absolute: AllcloseOptions = { rtol: 0, atol: 1e-3 };
 * assert.ok(allclose([1, 2], [1.0005, 2], absolute));
 * assert.ok(!allclose([1, 2], [1.0005, 2]));
 * assert.ok(allclose([NaN], [NaN], { equalNan: true }));
 * ```
 */
export interface AllcloseOptions {
  /** Relative tolerance, as a fraction of `|b|`. Default 1e-5. */
  rtol?: number;
  /** Absolute tolerance. Default 1e-8. */
  atol?: number;
  /** Whether NaN in `a` and NaN at the same place in `b` count as close. Default false. */
  equalNan?: boolean;
}

/**
 * Whether every element of `a` is close to `b`, numpy's `np.allclose`: elementwise
 * `|a - b| <= atol + rtol * |b|` with `b` finite, or `a === b` (so an infinity is close only to
 * the same infinity), or both NaN when `equalNan`. Not symmetric: the tolerance scales with
 * `|b|`. Numbers and length-1 arrays broadcast; empty arrays are all close.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(allclose(new Float64Array([1, 2]), new Float64Array([1 + 1e-9, 2])));
 * assert.ok(!allclose(new Float64Array([1, 2]), 1));
 * assert.ok(allclose(new Float64Array([Infinity, NaN]), new Float64Array([Infinity, NaN]), {
 *   equalNan: true,
 * }));
 * ```
 */
export function allclose(a: Operand, b: Operand, options: AllcloseOptions = {}): boolean {
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = options;
  checkTolerance("rtol", rtol);
  checkTolerance("atol", atol);
  const n = broadcastLength("allclose", a, b, undefined, undefined);
  const x = stretch(a), y = stretch(b);
  if (typeof x === "number") {
    if (typeof y === "number") return isClose(x, y, rtol, atol, equalNan);
    for (let i = 0; i < n; i++) if (!isClose(x, y[i]!, rtol, atol, equalNan)) return false;
  } else if (typeof y === "number") {
    for (let i = 0; i < n; i++) if (!isClose(x[i]!, y, rtol, atol, equalNan)) return false;
  } else {
    for (let i = 0; i < n; i++) if (!isClose(x[i]!, y[i]!, rtol, atol, equalNan)) return false;
  }
  return true;
}

/** numpy's `isclose` for one pair: `(|x - y| <= atol + rtol·|y| & isfinite(y)) | (x == y)`. */
function isClose(x: number, y: number, rtol: number, atol: number, equalNan: boolean): boolean {
  return (Math.abs(x - y) <= atol + rtol * Math.abs(y) && Number.isFinite(y)) || x === y ||
    (equalNan && x !== x && y !== y);
}

function checkTolerance(name: string, value: unknown): void {
  if (typeof value !== "number") {
    throw new TypeError(`allclose: expected ${name} to be a number, received ${describe(value)}`);
  }
}
