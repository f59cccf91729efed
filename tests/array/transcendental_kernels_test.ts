/**
 * The WebAssembly paths of sin, cos, exp and log: that they run at all, and that special values,
 * sizes around the chunk length, input kinds and `out` aliasing behave as the `Math.*` loops did.
 */
import assert from "node:assert/strict";
import { cos, exp, log, sin } from "../../lib/array/unary.ts";
import { kernelsCompiled } from "../../lib/array/_transcendental.ts";
import { assertSameFloats, ulpDistance } from "./_floats.ts";

const FUNCTIONS = [
  ["sin", sin, Math.sin],
  ["cos", cos, Math.cos],
  ["exp", exp, Math.exp],
  ["log", log, Math.log],
] as const;

// Every value here is one Math.* and numpy agree on exactly.
// deno-fmt-ignore
const SPECIALS = [
  0, -0, NaN, Infinity, -Infinity, 5e-324, -5e-324, 2 ** -1022, -(2 ** -1022), 2 ** -1023,
  1, -1, 2 ** 20, -(2 ** 20), 2 ** 20 + 0.5, 1e22, -1e300, Number.MAX_VALUE, -Number.MAX_VALUE,
  708, -708, 708.0000000000001, 709.782712893384, 709.7827128933841, 710, -745.1332191019411,
  -745.1332191019412, -746, 1e-300, -1e-300,
];

Deno.test("the WebAssembly SIMD kernels compile in this Deno", () => {
  assert.ok(kernelsCompiled(), "WebAssembly SIMD kernels failed to compile");
});

Deno.test("sin, cos, exp, log of ±0, NaN, ±Infinity, subnormals, huge and boundary values equal Math.*", () => {
  for (const [name, f, math] of FUNCTIONS) {
    const got = f(new Float64Array(SPECIALS));
    for (let i = 0; i < SPECIALS.length; i++) {
      const x = SPECIALS[i]!, want = math(x);
      // Values the kernels compute may differ from Math.* in the last bit, never more, and
      // never in sign, zero-ness, infinity or NaN.
      assert.ok(ulpDistance(got[i]!, want) <= 1, `${name}(${x}) = ${got[i]}, Math: ${want}`);
      if (!Number.isFinite(want) || want === 0 || Math.abs(want) === 1) {
        assert.ok(Object.is(got[i], want), `${name}(${x}) = ${got[i]}, Math: ${want}`);
      }
    }
  }
  assertSameFloats(sin(new Float64Array([-0, 0])), [-0, 0], "sin(∓0)");
  assertSameFloats(log(new Float64Array([0, -0, -1, 1])), [-Infinity, -Infinity, NaN, 0], "log");
  assertSameFloats(exp(new Float64Array([-0, 710, -746])), [1, Infinity, 0], "exp");
  // e itself: fdlibm's formula was 1 ulp off there; Math.exp and numpy give Math.E.
  assertSameFloats(exp([1, 0]), [Math.E, 1], "exp(1), exp(0)");
  assertSameFloats(log([Math.E, 1]), [1, 0], "log(e), log(1)");
  assertSameFloats(cos([0, -0]), [1, 1], "cos(±0)");
});

Deno.test("each element's value does not depend on the array's length or its place in it", () => {
  // Lengths around the 2048-double chunk, odd ones leaving half a SIMD pair.
  for (const n of [0, 1, 2, 3, 2047, 2048, 2049, 4095, 4097]) {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = (i % 7 === 3 ? -1 : 1) * (i * 0.37 + 0.01);
    if (n > 5) x[n - 2] = NaN; // a flagged lane in the last chunk
    for (const [name, f] of FUNCTIONS) {
      const all = f(x);
      assert.equal(all.length, n);
      for (let i = 0; i < n; i += Math.max(1, n >> 4)) {
        assert.ok(Object.is(all[i], f(new Float64Array([x[i]!]))[0]), `${name} ${n} at ${i}`);
      }
      if (n > 0) assert.ok(Object.is(all[n - 1], f([x[n - 1]!])[0]), `${name} ${n} last`);
    }
  }
});

Deno.test("plain arrays and other typed arrays give the Float64Array's results", () => {
  const values = [0.5, -3, 100, 7, 1e-9];
  for (const [name, f] of FUNCTIONS) {
    const expected = f(new Float64Array(values));
    assertSameFloats(f(values), expected, `${name}(number[])`);
    assertSameFloats(f(new Int32Array([0, -3, 100, 7])), f([0, -3, 100, 7]), `${name}(Int32Array)`);
    assertSameFloats(f(new Float32Array([0.5, -3])), f([0.5, -3]), `${name}(Float32Array)`);
  }
});

Deno.test("out may be x itself, or overlap x shifted, and holds f of the original values", () => {
  for (const [name, f, math] of FUNCTIONS) {
    const n = 5000;
    const original = new Float64Array(n + 1);
    for (let i = 0; i <= n; i++) original[i] = 0.25 + (i % 100) * 0.125;
    original[17] = Infinity; // a flagged lane, recomputed from the input after the kernel ran
    const expected = f(original.subarray(0, n));
    const inPlace = original.slice(0, n);
    assert.equal(f(inPlace, inPlace), inPlace);
    assertSameFloats(inPlace, expected, `${name} in place`);
    // out one element ahead of x and one behind it, in one buffer, as numpy reads all of x first.
    for (const [xAt, outAt] of [[0, 1], [1, 0]] as const) {
      const buffer = original.slice();
      const x = buffer.subarray(xAt, xAt + n), out = buffer.subarray(outAt, outAt + n);
      f(x, out);
      assertSameFloats(
        out,
        f(original.subarray(xAt, xAt + n)),
        `${name} x at ${xAt}, out at ${outAt}`,
      );
    }
    assert.ok(Object.is(expected[17], math(Infinity)));
  }
});

Deno.test("a million random arguments give the same values whether written to out or a new array", () => {
  const n = 1_000_003;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.sin(i * 12.9898) * 43758.5453 % 700;
  for (const [name, f] of FUNCTIONS) {
    const out = new Float64Array(n);
    assert.equal(f(x, out), out);
    assertSameFloats(out, f(x), `${name} out vs new`);
  }
});

Deno.test("an array-like whose getters call sin again still gets its own values", () => {
  // The kernels share one buffer: reading x must not happen while a chunk of it is in use.
  const values = [0.5, 1.5, 2.5, 3.5];
  const reentrant = {
    length: values.length,
    get 0() {
      sin(new Float64Array([100, 200, 300, 400, 500]));
      return values[0]!;
    },
    1: values[1]!,
    get 2() {
      exp([7, 8, 9]);
      return values[2]!;
    },
    3: values[3]!,
  } as ArrayLike<number>;
  assertSameFloats(sin(reentrant), sin(new Float64Array(values)), "sin(reentrant)");
});

Deno.test("the shipped kernel bytes are what the builder makes today", async () => {
  const { bytesSource } = await import("../../lib/array/_wasm_kernels.ts");
  const shipped = await Deno.readTextFile(
    new URL("../../lib/array/_wasm_kernels_bytes.ts", import.meta.url),
  );
  // Compared after deno fmt's only change, the indentation of the string's lines.
  const squash = (text: string): string => text.replace(/\s+/g, " ");
  assert.equal(
    squash(shipped),
    squash(bytesSource()),
    "lib/array/_wasm_kernels_bytes.ts is stale: run " +
      "`deno run --allow-write=lib/array lib/array/_wasm_kernels.ts && deno fmt lib/array`",
  );
});

Deno.test("shared-memory inputs and outputs work as ordinary ones", () => {
  const n = 3000;
  const x = new Float64Array(new SharedArrayBuffer(n * 8));
  for (let i = 0; i < n; i++) x[i] = i * 0.01 - 5;
  const out = new Float64Array(new SharedArrayBuffer(n * 8));
  for (const [name, f] of FUNCTIONS) {
    f(x, out);
    assertSameFloats(out, f(x.slice()), `${name} on shared memory`);
  }
});

Deno.test("without WebAssembly, sin, cos, exp and log are the Math.* loops", async () => {
  const unary = new URL("../../lib/array/unary.ts", import.meta.url).href;
  const script = `
    delete globalThis.WebAssembly;
    const { sin, cos, exp, log } = await import(${JSON.stringify(unary)});
    const x = Float64Array.from({ length: 5000 }, (_, i) => i * 0.37 - 900);
    const same = (f, g) => f(x).every((v, i) => Object.is(v, g(x[i])));
    const ok = same(sin, Math.sin) && same(cos, Math.cos) && same(exp, Math.exp) && same(log, Math.log);
    console.log(ok ? "same" : "different");
  `;
  const { success, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-check", script],
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000),
  }).output();
  assert.ok(success, new TextDecoder().decode(stderr));
  assert.equal(new TextDecoder().decode(stdout).trim(), "same");
});
