// What jit() and grad() tests assert of a refused construct: a KernelError at the spot, its
// message naming the caller, the line and column, and ending with the line and a caret.
import assert from "node:assert/strict";
import type { JitScalarFunction } from "../../lib/kernel/jit.ts";
import { KernelError } from "../../lib/kernel/kernel_error.ts";

/** The function `source` evaluates to. */
export function functionOf(source: string): JitScalarFunction {
  return new Function(`return (${source});`)() as JitScalarFunction;
}

/** What `f` throws; an AssertionError if it returns. */
export function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  assert.fail("expected an error, none was thrown");
}

/**
 * Asserts `build(fn)` of the function `source` throws a KernelError at the `nth` occurrence of
 * `at`, whose message starts with `caller`, says `reason` and the line and column, and whose
 * last two lines are that source line and a caret under the spot.
 */
export function assertRefusedBy(
  caller: "jit()" | "grad()",
  build: (fn: JitScalarFunction) => unknown,
  source: string,
  at: string,
  reason: RegExp,
  nth = 0,
): KernelError {
  let position = -1;
  for (let k = 0; k <= nth; k++) position = source.indexOf(at, position + 1);
  assert.ok(position >= 0, `'${at}' is not in the source`);
  const error = thrown(() => build(functionOf(source)));
  assert.ok(error instanceof KernelError, String(error));
  assert.equal(error.position, position, error.message);
  assert.equal(error.expression, source);
  assert.ok(error.message.startsWith(`${caller}: `), error.message);
  assert.match(error.message, reason);
  const lineStart = source.lastIndexOf("\n", position - 1) + 1;
  const lineEnd = source.indexOf("\n", position);
  // Tabs are shown as single spaces, so the caret stays under the spot.
  const line = source.slice(lineStart, lineEnd === -1 ? undefined : lineEnd).replace(/\t/g, " ");
  const lineNumber = source.slice(0, lineStart).split("\n").length;
  const column = position - lineStart;
  assert.match(error.message, new RegExp(`at line ${lineNumber}, column ${column + 1}`));
  const shown = error.message.split("\n").slice(-2);
  assert.deepEqual(shown, [`  ${line}`, `  ${" ".repeat(column)}^`]);
  return error;
}
