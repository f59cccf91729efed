import assert from "node:assert/strict";
import { compile, KernelError } from "../../lib/kernel/mod.ts";

/** The KernelError `compile(expression)` throws. */
function compileError(expression: string, options = {}): KernelError {
  try {
    compile(expression, options);
  } catch (error) {
    assert.ok(error instanceof KernelError, `expected a KernelError, got ${error}`);
    return error;
  }
  assert.fail(`compile(${JSON.stringify(expression)}) did not throw`);
}

/** The message's last two lines: the quoted expression and the caret under `position`. */
function caretLines(expression: string, position: number): string {
  return `\n  ${expression}\n  ${" ".repeat(position)}^`;
}

Deno.test("an unknown name is reported with the allowed names and a caret under it", () => {
  const error = compileError("-4*x^3 + y", { params: ["p"] });
  assert.equal(error.position, 9);
  assert.equal(error.expression, "-4*x^3 + y");
  assert.equal(
    error.message,
    "compile(): unknown name 'y' at position 9 (allowed: x, p, pi, e, sin, cos, tan, asin, acos, " +
      "atan, sinh, cosh, tanh, exp, log, log10, log2, sqrt, abs, floor, ceil, round, min, max, pow)" +
      caretLines("-4*x^3 + y", 9),
  );
});

Deno.test("the caret points at the right occurrence when the name or its letters appear earlier", () => {
  assert.equal(compileError("x*pi + pie").position, 7);
  assert.equal(compileError("sin(x) + sin + x").position, 9);
  assert.match(compileError("sin(x) + sin + x").message, /'sin' is a function at position 9/);
  assert.equal(compileError("1e-3*x + e2").position, 9);
  assert.equal(compileError("0x1F + x + foo(x)").position, 11);
  assert.equal(compileError("t + x", { variable: "t" }).position, 4);
  assert.equal(compileError("x(2)").position, 0);
  assert.match(compileError("sin(x, 2)").message, /sin\(\) takes 1 argument, received 2/);
});

Deno.test("an unsupported operator or matrix is reported at its position", () => {
  const factorial = compileError("x + x!");
  assert.equal(factorial.position, 5);
  assert.ok(factorial.message.startsWith("compile(): unsupported operator '!' (factorial)"));
  assert.ok(factorial.message.endsWith(caretLines("x + x!", 5)));
  const matrix = compileError("2 * [1, 2]");
  assert.equal(
    matrix.message,
    "compile(): matrices are not supported at position 4" + caretLines("2 * [1, 2]", 4),
  );
  assert.equal(compileError("x - x mod 2").position, 6);
  assert.equal(compileError("x == 1 ? x : x != 2 ?? 1").position, 20);
  assert.equal(compileError("0 < x < 1").position, 6);
  assert.equal(compileError("x; x").position, 1);
  assert.equal(compileError("x + 'a'").position, 4);
  assert.equal(compileError("x.y").position, 1);
  assert.equal(compileError("x = 1").position, 2);
});

Deno.test("JavaScript's ** is reported at its position with ^ or jit() as the way", () => {
  const error = compileError("x**2 + 1");
  assert.equal(error.position, 1);
  assert.equal(
    error.message,
    "compile(): unsupported operator '**' at position 1 (use ^ or jit() for JavaScript syntax)" +
      caretLines("x**2 + 1", 1),
  );
  assert.ok(error.cause instanceof SyntaxError);
  assert.equal(compileError("-4*x**3 + 9*x^2").position, 4);
  assert.equal(compileError("2 * (x * y) ** 2", { params: ["y"] }).position, 12);
  // An earlier parse error is reported as mathjs reports it; a ** in a string is no operator.
  assert.match(compileError("x +* 2 ** 3").message, /Value expected at position 3/);
  assert.match(compileError("x + 'a**b' +").message, /cannot parse the expression: Unexpected end/);
  assert.match(compileError("x * *2").message, /Value expected/);
});

Deno.test("a parse error keeps mathjs's error as cause and points where parsing stopped", () => {
  const error = compileError("x +* 2");
  assert.equal(error.position, 3);
  assert.ok(error.cause instanceof SyntaxError);
  assert.equal(
    error.message,
    "compile(): cannot parse the expression: Value expected at position 3" +
      caretLines("x +* 2", 3),
  );
  assert.equal(compileError("sin(x").position, 5);
  assert.match(compileError("").message, /empty expression \(received ""\)/);
  assert.throws(() => compile(42 as never), TypeError);
});
