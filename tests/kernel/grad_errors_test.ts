// What grad() refuses, and where its KernelError points: what has no derivative (comparisons,
// the conditional operator, && and ||, %, piecewise-constant Math functions) and everything
// jit() refuses, each with a caret under the construct. Sources are given as text (through
// new Function) so that positions are known exactly.
import assert from "node:assert/strict";
import { assertRefusedBy, functionOf, thrown } from "./_refused.ts";
import { grad, KernelError } from "../../lib/kernel/mod.ts";
import { MAX_EXPRESSION_LENGTH } from "../../lib/kernel/_grad_translate.ts";

/** grad() of `source` is refused at the `nth` `at` (see assertRefusedBy). */
function assertRefused(source: string, at: string, reason: RegExp, nth = 0): KernelError {
  return assertRefusedBy("grad()", (fn) => grad(fn, { argnums: 0 }), source, at, reason, nth);
}

Deno.test("a comparison is refused at its operator: grad cannot differentiate it", () => {
  const error = assertRefused(
    "(x) => x * (x <= 1)",
    "<=",
    /cannot differentiate the comparison '<=' at line 1, column 15/,
  );
  assert.equal(
    error.message,
    "grad(): cannot differentiate the comparison '<=' at line 1, column 15 (a derivative " +
      "needs a smooth formula)\n  (x) => x * (x <= 1)\n                ^",
  );
  assertRefused("(x, y) => x + (x === y)", "===", /the comparison '==='/);
});

Deno.test("the conditional operator, && , || and ! are refused at their operator", () => {
  assertRefused("(x) => x > 0 ? x : -x", ">", /comparison .>./, 1);
  assertRefused("(x) => (x ? x : -x) * 2", "?", /the conditional operator.*one formula/);
  assertRefused("(x, y) => x && y", "&&", /cannot differentiate '&&'.*chooses an operand/);
  assertRefused("(x, y) => x * (x || y)", "||", /differentiate '\|\|'/);
  assertRefused("(x) => !x + x", "!", /differentiate '!'/);
});

Deno.test("% is refused at its operator, on a later line of a block body", () => {
  const source = "(x) => {\n  const r = x % 2;\n  return r * x;\n}";
  const error = assertRefused(source, "%", /differentiate '%' \(it is not continuous\)/);
  assert.match(error.message, /at line 2, column 15/);
});

Deno.test("piecewise-constant and tie-breaking Math functions are refused at the call", () => {
  assertRefused("(x) => Math.floor(x) * x", "Math", /Math\.floor.*piecewise constant/);
  assertRefused("(x) => x + Math.round(x)", "Math", /Math\.round/);
  assertRefused("(x) => x * Math.sign(x)", "Math", /Math\.sign/);
  assertRefused("(x) => Math.trunc(x) + Math.ceil(x)", "Math", /Math\.trunc/);
  assertRefused("(x, y) => Math.max(x, y)", "Math", /Math\.max.*tie/);
  assertRefused("(x) => Math.fround(x)", "Math", /Math\.fround.*float32/);
});

Deno.test("Math functions mathjs has no derivative of are refused with a formula to write", () => {
  assertRefused("(x) => Math.log1p(x)", "Math", /Math\.log1p.*Math\.log\(1 \+ x\)/);
  assertRefused("(x) => Math.expm1(x)", "Math", /Math\.expm1.*Math\.exp\(x\) - 1/);
  assertRefused("(x, y) => Math.hypot(x, y)", "Math", /Math\.hypot.*Math\.sqrt/);
  assertRefused("(x) => 2 * Math.cbrt(x)", "Math", /Math\.cbrt.*NaN below 0/);
  assertRefused("(y, x) => Math.atan2(y, x)", "Math", /Math\.atan2/);
});

Deno.test("what jit() refuses, grad() refuses with jit()'s message under its own name", () => {
  const error = assertRefused("(x) => x * k", "k", /'k' is not a parameter or a local const/);
  assert.match(error.message, /pass it as a parameter, \(x, k\) => \.\.\./);
  assertRefused("(x) => sin(x)", "sin", /use Math\.sin/);
  assertRefused("(x) => Math.random() * x", "random", /Math\.random\(\) is not allowed/);
  assertRefused("(x) => {\n  let y = x;\n  return y;\n}", "let", /'let' is not supported/);
});

Deno.test("the first refused construct in source order is the one reported", () => {
  assertRefused("(x) => Math.floor(x) + (x < 1)", "Math", /Math\.floor/);
  // jit()'s checks run first: a free variable after a comparison is still reported first.
  assertRefused("(x) => (x < 1) + k", "k", /'k' is not a parameter/);
});

Deno.test("a const used so often that substituting it explodes is refused, not computed", () => {
  // Each const uses the previous twice: the substituted expression doubles at every line.
  const lines = Array.from({ length: 20 }, (_, k) => `  const c${k + 1} = c${k} * c${k};`);
  const source = `(x) => {\n  const c0 = x + 1;\n${lines.join("\n")}\n  return c20;\n}`;
  const error = thrown(() => grad(functionOf(source)));
  assert.ok(error instanceof KernelError, String(error));
  assert.match(error.message, new RegExp(`the limit is ${MAX_EXPRESSION_LENGTH}`));
  assert.match(error.message, /use each const fewer times/);
});
