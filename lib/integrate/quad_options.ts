/**
 * Argument checking and the small helpers shared by `quad` and `quadAsync`.
 *
 * @module
 */

import { quadMessage, type QuadResult } from "./quad_result.ts";

/**
 * Options of {@linkcode quad} and {@linkcode quadAsync}, with scipy's names and defaults.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { quad } from "./quad.ts";
 * const options: QuadOptions<[number]> = { args: [3], epsabs: 0, epsrel: 1e-12, limit: 100 };
 * assert.equal(quad((x, k) => x ** k, 0, 1, options).value, 0.25);
 * ```
 */
export interface QuadOptions<A extends readonly unknown[] = readonly unknown[]> {
  /** Extra arguments passed to f after x. Default []. */
  args?: A;
  /** Absolute error tolerance. Default 1.49e-8. */
  epsabs?: number;
  /** Relative error tolerance. Default 1.49e-8. */
  epsrel?: number;
  /** Most subintervals to use. Default 50. */
  limit?: number;
}

/**
 * Checked arguments of one call: tolerances, `limit`, `args`, the range as lo < hi with
 * `negate` when the caller's a > b, and `early`, the whole answer when nothing needs computing
 * (a === b, or an unreachable tolerance: ier 6).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const s: QuadSettings = checkQuadArgs("quad", Math.sin, 1, 0, {});
 * assert.deepEqual([s.lo, s.hi, s.negate, s.early], [0, 1, true, null]);
 * ```
 */
export interface QuadSettings {
  /** Extra arguments for f. */
  readonly args: readonly unknown[];
  /** Absolute tolerance. */
  readonly epsabs: number;
  /** Relative tolerance. */
  readonly epsrel: number;
  /** Most subintervals. */
  readonly limit: number;
  /** Lower end of the range (min(a, b)). */
  readonly lo: number;
  /** Upper end (max(a, b)). */
  readonly hi: number;
  /** a > b: the result is -∫ over [lo, hi]. */
  readonly negate: boolean;
  /** The result without computing anything, or null. */
  readonly early: QuadResult | null;
}

const describe = (v: unknown): string =>
  typeof v === "string"
    ? JSON.stringify(v)
    : v === null
    ? "null"
    : typeof v === "object"
    ? (v.constructor?.name ?? "object")
    : String(v);

function checkNumber(name: string, what: string, v: unknown): number {
  if (typeof v !== "number") {
    throw new TypeError(`${name}: ${what} must be a number, received ${describe(v)}`);
  }
  if (Number.isNaN(v)) throw new RangeError(`${name}: ${what} must not be NaN, received NaN`);
  return v;
}

/**
 * Validates `quad`'s (or `quadAsync`'s, per `name`) arguments and applies the defaults.
 *
 * @throws {TypeError} f not a function; a, b, epsabs, epsrel not numbers; options not an
 *   object; args not an array.
 * @throws {RangeError} a, b, epsabs or epsrel NaN; epsabs and epsrel both <= 0; limit not an
 *   integer >= 1. The message names the option and the value received.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.throws(() => checkQuadArgs("quad", Math.sin, 0, 1, { limit: 0 }), /limit .* received 0/);
 * assert.equal(checkQuadArgs("quad", Math.sin, 2, 2, {}).early?.value, 0);
 * ```
 */
export function checkQuadArgs(
  name: string,
  f: unknown,
  a: unknown,
  b: unknown,
  options: unknown,
): QuadSettings {
  if (typeof f !== "function") {
    throw new TypeError(`${name}: f must be a function, received ${describe(f)}`);
  }
  const lo = checkNumber(name, "a", a), hi = checkNumber(name, "b", b);
  if (options === undefined) options = {};
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${name}: options must be an object, received ${describe(options)}`);
  }
  const o = options as QuadOptions;
  const args = o.args ?? [];
  if (!Array.isArray(args)) {
    throw new TypeError(`${name}: args must be an array, received ${describe(args)}`);
  }
  const epsabs = checkNumber(name, "epsabs", o.epsabs ?? 1.49e-8);
  const epsrel = checkNumber(name, "epsrel", o.epsrel ?? 1.49e-8);
  if (epsabs <= 0 && epsrel <= 0) {
    throw new RangeError(
      `${name}: epsabs and epsrel are both <= 0 (epsabs = ${epsabs}, epsrel = ${epsrel}); ` +
        "at least one must be positive",
    );
  }
  const limit = o.limit ?? 50;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`${name}: limit must be an integer >= 1, received ${describe(limit)}`);
  }
  let early: QuadResult | null = null;
  if (epsabs <= 0 && epsrel < Math.max(50 * Number.EPSILON, 5e-29)) {
    // QUADPACK's ier 6: no absolute tolerance and a relative one below rounding level.
    early = { value: 0, abserr: 0, neval: 0, last: 0, ier: 6, message: quadMessage(6, limit) };
  } else if (lo === hi) {
    const message = "a == b: the range is empty and the integral is 0.";
    early = { value: 0, abserr: 0, neval: 0, last: 0, ier: 0, message };
  }
  const negate = lo > hi;
  return {
    args,
    epsabs,
    epsrel,
    limit,
    lo: negate ? hi : lo,
    hi: negate ? lo : hi,
    negate,
    early,
  };
}

/**
 * f with `args` bound, as x => number; checks that f returns a number. Binds up to two extra
 * arguments directly and more through one reused argument array, so no call allocates.
 *
 * @throws {TypeError} (from the returned function) When f returns something else.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const g = bindIntegrand("quad", (x, a, b) => (x as number) * (a as number) + (b as number), [2, 1]);
 * assert.equal(g(3), 7);
 * ```
 */
export function bindIntegrand(
  name: string,
  f: (x: number, ...rest: unknown[]) => unknown,
  args: readonly unknown[],
): (x: number) => number {
  const check = (y: unknown, x: number): number => {
    if (typeof y === "number") return y;
    throw new TypeError(`${name}: f must return a number, received ${describe(y)} at x = ${x}`);
  };
  const [p, q] = args;
  switch (args.length) {
    case 0:
      return (x) => check(f(x), x);
    case 1:
      return (x) => check(f(x, p), x);
    case 2:
      return (x) => check(f(x, p, q), x);
    default: {
      const argv: unknown[] = [0, ...args];
      return (x) => {
        argv[0] = x;
        return check(f.apply(undefined, argv as [number, ...unknown[]]), x);
      };
    }
  }
}

/**
 * Copies `quadAsync`'s batch answer into `fx`, checking it holds n numbers.
 *
 * @throws {TypeError} When it is not an array-like of n numbers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const fx = new Float64Array(2);
 * storeBatch([1, 2], fx, 2);
 * assert.deepEqual(Array.from(fx), [1, 2]);
 * assert.throws(() => storeBatch([1], fx, 2), TypeError);
 * ```
 */
export function storeBatch(values: unknown, fx: Float64Array, n: number): void {
  const arr = values as ArrayLike<unknown> | null;
  if (arr === null || typeof arr !== "object" || arr.length !== n) {
    const got = arr !== null && typeof arr === "object" ? `length ${arr.length}` : describe(arr);
    throw new TypeError(`quadAsync: f must return ${n} numbers (one per node), received ${got}`);
  }
  if (arr instanceof Float64Array) {
    fx.set(arr);
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = arr[i];
    if (typeof v !== "number") {
      throw new TypeError(`quadAsync: f must return numbers, received ${describe(v)} at ${i}`);
    }
    fx[i] = v;
  }
}
