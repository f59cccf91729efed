/**
 * Notebook 000, question 7: a custom function `sin(x) + cos(x)` applied with JAX NumPy to
 * x = [0, π/2, π]. What does the code do, and what is the result?
 *
 * The notebook's code:
 *
 * ```python
 * def custom_function(x):
 *   return jnp.cos(x) + jnp.sin(x)
 * x = jnp.array([0.0, jnp.pi / 2, jnp.pi])
 * %timeit custom_function(x)   # 20 µs ± 2.73 µs   (the notebook's timing)
 * %timeit numpy_function(y)    # 2.01 µs ± 519 ns  (the same with np.cos, np.sin)
 * ```
 *
 * What it does: `jnp.array` makes a jax Array on the default device, in float32 (jax's default
 * unless `jax_enable_x64` is set). `custom_function` is an ordinary Python function; since it is
 * not wrapped in `jax.jit`, each call runs `jnp.cos`, `jnp.sin` and `+` eagerly, one at a time,
 * each dispatched as its own small compiled XLA operation that returns a new array. The result is
 * sin(x) + cos(x) elementwise: about [1, 1, -1]. Not exactly: π/2 and π are not representable,
 * so cos(π/2) and sin(π) come out as tiny nonzero numbers (6.1e-17 and 1.2e-16 in float64,
 * -4.4e-8 and -8.7e-8 in float32), and adding them to ±1 rounds to the nearest representable
 * number. In float64 that gives [1, 1, -0.9999999999999999]; in float32 (jax's default),
 * [1, 0.99999994, -1.0000001]. numpy prints both as about `[ 1.,  1., -1.]` at its 8 digits.
 *
 * Why jax is 10× slower than numpy here: with three elements the arithmetic takes nanoseconds,
 * so both timings are per-call overhead. numpy pays a ufunc dispatch (well under a µs) for each
 * of its three operations; jax pays several µs per operation for its Python dispatch layers
 * (dtype promotion, tracing-ready wrappers, handing the op to XLA). `jax.jit(custom_function)`
 * would make it one dispatch of one fused computation, but still µs of overhead for no work;
 * jax pays off on large arrays, as in question 6.
 *
 * Here, `add(sin(x), cos(x))` makes three arrays, as numpy does, and
 * `jit((x) => Math.sin(x) + Math.cos(x))`, the kit's `jax.jit(custom_function)`, one loop and one
 * array (none with `out`): `jit` reads the function's source once and writes a loop that calls
 * `Math.sin` and `Math.cos` on each element, so the call costs a loop, not a dispatch per
 * operation. Both compute in float64 within 1 ulp of the correctly rounded values (`sin` and `cos`
 * over arrays run as WebAssembly SIMD polynomials, the kernel calls `Math.sin` and `Math.cos`);
 * on these three inputs they agree bit for bit, which the run checks. The float32 values
 * are also shown, emulated by rounding each step with `Math.fround`. Loop counts are picked for
 * runs of about 0.1 s (`--ipython`: IPython's choice; `--quick`: 2 runs of 1,000 calls).
 *
 * Run: `deno task ex:custom_function` (or
 * `deno run -A examples/custom_function.ts [--quick] [--ipython]`).
 *
 * @module
 */
import { add, cos, jit, type JitKernel, sin } from "../numeric.ts";
import type { ExerciseBenchmark } from "./_exercise.ts";
import { perCallBenchmark, timingFromArgs } from "./_timing.ts";
import { arrayRepr } from "./_repr.ts";

/** The notebook's function, numpy style: three elementwise calls, three new arrays. */
export function customFunction(x: Float64Array): Float64Array {
  return add(sin(x), cos(x));
}

/** sin(x) + cos(x) as float32 arithmetic gives it: every input and result rounded to float32. */
export function customFunctionFloat32(x: ArrayLike<number>): Float32Array {
  return Float32Array.from(x, (v) => {
    const v32 = Math.fround(v);
    return Math.fround(Math.fround(Math.sin(v32)) + Math.fround(Math.cos(v32)));
  });
}

/** The notebook's function as `jit()` takes it: a scalar TypeScript function. */
const sinPlusCos = (x: number): number => Math.sin(x) + Math.cos(x);

/** x = [0, π/2, π], the fused kernel, and a preallocated output. */
interface Setup {
  readonly x: Float64Array;
  readonly kernel: JitKernel<typeof sinPlusCos>;
  readonly out: Float64Array;
}

function setUp(): Setup {
  const x = new Float64Array([0.0, Math.PI / 2, Math.PI]);
  return { x, kernel: jit(sinPlusCos), out: new Float64Array(x.length) };
}

/** The timed ways of computing sin(x) + cos(x): benchmark figure, label, and one call. */
function versions(
  { x, kernel, out }: Setup,
): [figure: string, label: string, call: () => unknown][] {
  return [
    ["elementwise", "add(sin(x), cos(x))", () => customFunction(x)],
    ["jit", "jit(f)(x)", () => kernel(x)],
    ["jitOut", "jit(f)(x, out)", () => kernel(x, out)],
  ];
}

/**
 * Throws unless every version gives numpy's float64 values (`np.cos(y) + np.sin(y)`, `.tolist()`)
 * and the float32 emulation numpy's values for a float32 array, the dtype jax uses by default.
 */
function checkResults({ x, kernel, out }: Setup): void {
  kernel(x, out);
  const numpyStyle = customFunction(x);
  const fused = kernel(x);
  const float32 = customFunctionFloat32(x);
  const expected = [1, 1, -0.9999999999999999];
  const expected32 = [1, 0.9999999403953552, -1.0000001192092896];
  if (!expected.every((v, i) => numpyStyle[i] === v && fused[i] === v && out[i] === v)) {
    throw new Error(`expected [${expected}], computed [${numpyStyle}], [${fused}] and [${out}]`);
  }
  if (!expected32.every((v, i) => float32[i] === v)) {
    throw new Error(`expected [${expected32}] in float32, computed [${float32}]`);
  }
  if (arrayRepr(numpyStyle) !== "array([ 1.,  1., -1.])") {
    throw new Error(`numpy would print array([ 1.,  1., -1.]), not ${arrayRepr(numpyStyle)}`);
  }
}

/** Seconds per call of each version, over a loop of 1,000 calls (quick) or 100,000. */
export const benchmark: ExerciseBenchmark = perCallBenchmark(
  "Notebook 000 q7: sin(x) + cos(x) on 3 elements, elementwise vs jit kernel, per call",
  setUp,
  versions,
  checkResults,
);

function main(): void {
  const timing = timingFromArgs(Deno.args, 1000);
  const setup = setUp();
  const { x, kernel } = setup;

  const numpyStyle = customFunction(x);
  console.log(`x = [${Array.from(x).join(", ")}]`);
  console.log(`sin(x) = [${Array.from(sin(x)).join(", ")}]`);
  console.log(`cos(x) = [${Array.from(cos(x)).join(", ")}]`);
  console.log(`add(sin(x), cos(x))        ${arrayRepr(numpyStyle)}`);
  console.log(`  every digit              [${Array.from(numpyStyle).join(", ")}]`);
  console.log(`jit(${kernel.source}) [${Array.from(kernel(x)).join(", ")}]`);
  console.log(`float32, as jax by default ${arrayRepr(customFunctionFloat32(x))}`);

  console.log("\n%timeit, this machine:");
  for (const [, label, call] of versions(setup)) {
    console.log(`${label.padEnd(20)} ${timing.line(call)}`);
  }
  console.log("(the notebook's own: jax 20 µs, numpy 2.01 µs)");

  checkResults(setup);
  console.log("ok: float64 and float32 results are numpy's, and the kernel agrees bit for bit");
}

if (import.meta.main) main();
