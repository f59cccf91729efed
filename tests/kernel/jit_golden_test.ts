// jit() against numpy: every supported construct on NaN, ±Infinity, -0, tiny and huge inputs.
// The expected values come from tests/kernel/golden/jit_golden.py (numpy 2.4.6), committed as
// jit_golden.json so the test runs without Python; where python3 with numpy is present, the
// script is also run and its output must still be the committed file.
import assert from "node:assert/strict";
import { jit } from "../../lib/kernel/jit.ts";
import type { JitScalarFunction } from "../../lib/kernel/jit.ts";

const GOLDEN_DIR = new URL("./golden/", import.meta.url);

interface GoldenCase {
  source: string;
  compare: "exact" | "ulps";
  expected: string;
}

interface Golden {
  numpy: string;
  values: string;
  few: string;
  cases: GoldenCase[];
}

const golden: Golden = JSON.parse(
  await Deno.readTextFile(new URL("jit_golden.json", GOLDEN_DIR)),
);

/** Last-place units a function of the math library may differ by between V8 and numpy. */
const MAX_ULPS = 2;

function numbers(text: string): Float64Array {
  return Float64Array.from(text.split(" "), Number);
}

/** The script's inputs: VALUES for one parameter, pairs of VALUES for two, triples of FEW. */
function inputs(arity: number): Float64Array[] {
  const pool = numbers(arity <= 2 ? golden.values : golden.few);
  const size = pool.length ** arity;
  return Array.from({ length: arity }, (_, axis) => {
    const stride = pool.length ** (arity - 1 - axis);
    return Float64Array.from(
      { length: size },
      (_, i) => pool[Math.floor(i / stride) % pool.length]!,
    );
  });
}

/** The function a case's source text stands for, as a module would define it. */
function functionOf(source: string): JitScalarFunction {
  return new Function(`return (${source});`)() as JitScalarFunction;
}

function ulpDistance(a: number, b: number): number {
  const bits = new BigInt64Array(new Float64Array([a, b]).buffer);
  const ordered = (v: bigint) => (v < 0n ? -(v & 0x7fffffffffffffffn) : v);
  const d = ordered(bits[0]!) - ordered(bits[1]!);
  return Number(d < 0n ? -d : d);
}

function agrees(actual: number, expected: number, compare: GoldenCase["compare"]): boolean {
  if (Object.is(actual, expected)) return true;
  if (compare === "exact" || !Number.isFinite(expected) || expected === 0) return false;
  return ulpDistance(actual, expected) <= MAX_ULPS;
}

for (const { source, compare, expected } of golden.cases) {
  Deno.test(`jit(${source.replace(/\s+/g, " ")}) equals numpy (${compare})`, () => {
    const fn = functionOf(source);
    const args = inputs(fn.length);
    const result = jit(fn)(...args);
    const want = numbers(expected);
    assert.equal(result.length, want.length);
    const wrong: string[] = [];
    for (let i = 0; i < want.length; i++) {
      if (!agrees(result[i]!, want[i]!, compare)) {
        const at = args.map((a) => a[i]).join(", ");
        wrong.push(
          `f(${at}) = ${Object.is(result[i], -0) ? "-0" : result[i]}, numpy ${
            Object.is(want[i], -0) ? "-0" : want[i]
          }`,
        );
      }
    }
    assert.deepEqual(wrong, [], `${wrong.length} of ${want.length} elements differ`);
  });

  Deno.test(`jit(${source.replace(/\s+/g, " ")}) equals the function called per element`, () => {
    const fn = functionOf(source);
    const args = inputs(fn.length);
    const result = jit(fn)(...args);
    for (let i = 0; i < result.length; i++) {
      const direct = Number(fn(...args.map((a) => a[i]!)));
      assert.ok(Object.is(result[i], direct), `element ${i}: ${result[i]} vs ${direct}`);
    }
  });
}

Deno.test("the golden file covers every construct of jit()'s documentation", () => {
  const sources = golden.cases.map((c) => c.source).join("\n");
  const constructs = ["+", "-", "*", "/", "%", "**", "<", "<=", ">", ">=", "===", "!==", "==", "!="]
    .map((op) => ` ${op} `)
    .concat(["&&", "||", "!x", "-x", "+x", "?", "Math.", "Math.PI", "const ", "return ", "NaN"]);
  assert.deepEqual(constructs.filter((c) => !sources.includes(c)), []);
  assert.ok(golden.cases.length >= 60);
});

function numpyAvailable(): boolean {
  try {
    const probe = new Deno.Command("python3", {
      args: ["-c", "import numpy"],
      stdout: "null",
      stderr: "null",
    }).outputSync();
    return probe.success;
  } catch {
    return false;
  }
}

Deno.test({
  name: "jit_golden.py still prints the committed jit_golden.json (run where numpy is)",
  ignore: !numpyAvailable(),
  async fn() {
    const script = new URL("jit_golden.py", GOLDEN_DIR);
    const child = new Deno.Command("python3", {
      args: [decodeURIComponent(script.pathname)],
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(60_000),
    });
    const { success, stdout, stderr } = await child.output();
    assert.ok(success, new TextDecoder().decode(stderr));
    const live = JSON.parse(new TextDecoder().decode(stdout)) as Golden;
    // numpy's own version may differ from the one that made the file; the values may not.
    assert.deepEqual({ ...live, numpy: golden.numpy }, golden);
  },
});
