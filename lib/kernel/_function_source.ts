/**
 * The source text of a function handed to `jit()` or `grad()`, which read it with a parser.
 *
 * @module
 */
import { describe } from "./_arguments.ts";

/**
 * `fn.toString()` if `fn` is a function written in JavaScript or TypeScript; a TypeError naming
 * `caller` if it is not a function, or a built-in or bound one (whose source cannot be read).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const increment = (x: number) => x + 1;
 * assert.equal(functionSource(increment, "jit()"), increment.toString());
 * assert.throws(() => functionSource(Math.sin, "jit()"), /wrap it/);
 * ```
 */
export function functionSource(fn: unknown, caller: string): string {
  if (typeof fn !== "function") {
    throw new TypeError(`${caller}: expected a function, received ${describe(fn)}`);
  }
  const source = Function.prototype.toString.call(fn);
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) {
    throw new TypeError(
      `${caller}: expected a function written in JavaScript or TypeScript, received a built-in ` +
        `or bound function (${fn.name || "anonymous"}), whose source cannot be read: wrap it, ` +
        "as (x) => Math.sin(x)",
    );
  }
  return source;
}
