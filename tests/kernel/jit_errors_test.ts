// What jit() refuses, and where its KernelError points: the line of the function's source and a
// caret under the construct, with what to do instead. Sources are given as text (through
// new Function) so that positions are known exactly.
import assert from "node:assert/strict";
import { assertRefusedBy, thrown } from "./_refused.ts";
import { jit } from "../../lib/kernel/jit.ts";
import { parseFunctionSource } from "../../lib/kernel/_js_parser.ts";
import { KernelError } from "../../lib/kernel/kernel_error.ts";
import type { JitScalarFunction } from "../../lib/kernel/jit.ts";

/** jit() of `source` is refused at the `nth` `at` (see assertRefusedBy). */
function assertRefused(source: string, at: string, reason: RegExp, nth = 0): KernelError {
  return assertRefusedBy("jit()", jit, source, at, reason, nth);
}

Deno.test("a free variable is refused at its name, with advice to pass it as a parameter", () => {
  const error = assertRefused("(x) => x * k", "k", /'k' is not a parameter or a local const/);
  assert.match(error.message, /pass it as a parameter, \(x, k\) => \.\.\./);
});

Deno.test("a Math function named without Math. is refused with 'use Math.sin'", () => {
  assertRefused("(x) => sin(x) + 1", "sin", /'sin' cannot be called.*\(use Math\.sin\)/);
  assertRefused("(x) => x * PI", "PI", /'PI' is not a parameter.*\(use Math\.PI\)/);
});

Deno.test("calls to functions other than Math.* are refused at the callee", () => {
  assertRefused("(x) => f(x)", "f", /'f' cannot be called in a kernel.*only Math\.\* functions/);
  assertRefused("(x) => ((y) => y)(x)", "(y)", /only Math\.\* functions can be called/);
  assertRefused("(x) => console.log(x)", "console", /only Math\.\* members can be read/);
  assertRefused("(x) => Math.random() * x", "random", /Math\.random\(\) is not allowed/);
});

Deno.test("Math members are checked: existence, kind and argument count", () => {
  assertRefused("(x) => Math.sine(x)", "sine", /Math has no member 'sine'/);
  assertRefused("(x) => Math.PI(x)", "PI", /Math\.PI is a number, not a function/);
  assertRefused("(x) => Math.sin + x", "sin", /Math\.sin is a function: call it/);
  assertRefused("(x) => Math.sin(x, 1)", "sin", /Math\.sin\(\) takes 1 argument, received 2/);
  assertRefused("(x) => Math.atan2(x)", "atan2", /Math\.atan2\(\) takes 2 arguments, received 1/);
  assertRefused("(x) => Math['sin'](x)", "Math", /only Math\.\* members can be read/);
  assertRefused("(x) => x.length", "x.", /parameters are numbers: they have no members/);
});

Deno.test("statements other than const and a final return are refused where they start", () => {
  const loop = "(x) => {\n  for (let i = 0; i < 3; i++) {}\n  return x;\n}";
  assertRefused(loop, "for", /a loop \(the kernel is already the loop over elements/);
  assertRefused("(x) => { while (x) {} return x; }", "while", /a loop/);
  assertRefused("(x) => { if (x > 0) return x; return -x; }", "if", /use the conditional operator/);
  assertRefused("(x) => { let y = x; return y; }", "let", /'let' is not supported.*use const/);
  assertRefused("(x) => { var y = x; return y; }", "var", /'var' is not supported/);
  assertRefused("(x) => { return x; const y = 1; }", "const", /code after return/);
  assertRefused("(x) => { const y = x; }", "}", /the body has no return/);
  assertRefused("(x) => { Math.sin(x); return x; }", "Math", /a statement other than const/);
  assertRefused("(x) => { function g() {} return x; }", "function", /a nested function/);
});

Deno.test("assignments, updates and reassignments of parameters are refused", () => {
  assertRefused("(x) => { x = 2 * x; return x; }", "x =", /assignment \(kernels compute one value/);
  assertRefused("(x) => (x += 1)", "x +=", /assignment/);
  assertRefused("(x) => { x++; return x; }", "x++", /\+\+\/--/);
});

Deno.test("locals are checked: declared once, before use, never named Math", () => {
  const early = "(x) => {\n  const a = b * 2;\n  const b = x;\n  return a;\n}";
  assertRefused(early, "b", /'b' is used before its const/);
  assertRefused("(x) => { const { y } = x; return y; }", "{ y }", /destructuring is not supported/);
  assertRefused("(x) => { const Math = 1; return x; }", "Math", /would hide Math/);
  assertRefused("(Math) => Math.sin(1)", "Math", /a parameter named Math would hide Math/);
});

Deno.test("this, strings, templates, optional chaining, spreads and other values are refused", () => {
  assertRefused("function (x) { return this.k * x; }", "this", /'this' \(pass what it holds/);
  assertRefused("(x) => x + 'a'", "'a'", /unsupported literal 'a'.*only number literals/);
  assertRefused("(x) => x + true", "true", /unsupported literal true/);
  assertRefused("(x) => x + 1n", "1n", /unsupported literal 1n/);
  assertRefused("(x) => `${x}`", "`", /a template literal/);
  assertRefused("(x) => Math?.sin(x)", "Math", /optional chaining/);
  assertRefused("(x) => Math.max(...[x])", "...", /a spread/);
  assertRefused("(x) => [x][0]", "[x]", /only Math\.\* members|an array literal/);
  assertRefused("(x) => (x, 1)", "x,", /the comma operator/);
  assertRefused("(x) => new Number(x)", "new", /'new'/);
  assertRefused("(x) => x * undefined", "undefined", /'undefined' is not a parameter/);
});

Deno.test("operators outside the kernel language are refused at the operator", () => {
  assertRefused("(x) => x & 1", "&", /unsupported operator '&'.*bitwise operators work on 32-bit/);
  assertRefused("(x) => x << 1", "<<", /unsupported operator '<<'/);
  assertRefused("(x) => x ?? 1", "??", /unsupported operator '\?\?'.*never null or undefined/);
  assertRefused("(x) => typeof x", "typeof", /unsupported operator 'typeof'/);
  assertRefused("(x) => ~x", "~", /unsupported operator '~'/);
  assertRefused("(x, y) => x in y", "in", /unsupported operator 'in'/, 0);
});

Deno.test("a multi-line function's error shows only the offending line, with line and column", () => {
  const source = "(x, y) => {\n\tconst a = x * 2;\n\treturn a + k;\n}";
  const error = assertRefused(source, "k", /at line 3, column 13/);
  // A tab is shown as one space, so the caret stays under the name.
  assert.deepEqual(error.message.split("\n").slice(-2), ["   return a + k;", "              ^"]);
});

Deno.test("functions jit() cannot make a kernel of: async, generators, odd parameters", () => {
  assertRefused("async (x) => x", "async", /an async function cannot be a kernel/);
  assertRefused("async function (x) { return x; }", "async", /an async function/);
  assertRefused("function* (x) { yield x; }", "*", /a generator function cannot be a kernel/);
  assertRefused("(x = 1) => x", "x =", /a default value is not supported/);
  assertRefused("(...xs) => xs", "...", /a rest parameter is not supported/);
  assertRefused("({ a }) => a", "{", /a destructuring parameter is not supported/);
  assertRefused("([a, b]) => a + b", "[", /a destructuring parameter/);
  assertRefused("() => 1", "(", /the function takes no parameters/);
  assertRefused("function (x, x) { return x; }", "x", /parameter 'x' is given twice/, 1);
});

Deno.test("a class is refused as not a function", () => {
  const error = thrown(() => jit(class {} as unknown as JitScalarFunction));
  assert.ok(error instanceof KernelError);
  assert.match(error.message, /expected a function, found a class expression/);
});

Deno.test("source still holding TypeScript types is refused with what went wrong", () => {
  // Deno erases types before running, so fn.toString() never has them; if a runtime kept them,
  // the parser stops at the first annotation and says so.
  const error = thrown(() => parseFunctionSource("(x: number) => x * 2"));
  assert.ok(error instanceof KernelError);
  assert.equal(error.position, 2);
  assert.match(error.message, /still has TypeScript types/);
});

Deno.test("a KernelError from jit() keeps compile()'s fields and class", () => {
  const error = assertRefused("(x) => y", "y", /'y'/);
  assert.equal(error.name, "KernelError");
  assert.ok(error instanceof Error);
});
