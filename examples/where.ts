/**
 * Notebook 000, question 8: for x = [1.0, -1.0, 0.0, 1.5], take sin(x) where x > 0 and cos(x)
 * elsewhere. The notebook's answer:
 *
 * ```
 * np.where(x > 0, np.sin(x), np.cos(x))
 * array([0.84147098, 0.54030231, 1.        , 0.99749499])
 * ```
 *
 * numpy's way makes four arrays: the mask `x > 0`, all of `sin(x)`, all of `cos(x)`, and the
 * result, picking each element from one of the two. That is
 * `where(greater(x, 0), sin(x), cos(x))` here. Computing both branches everywhere is also why
 * `np.where(x > 0, np.log(x), 0)` warns about log(0): the discarded branch is still evaluated.
 *
 * `compile("x > 0 ? sin(x) : cos(x)")` is the fused version (what `jax.jit` of the numpy code
 * would give): one loop that evaluates only the branch it needs, into one array. The two agree
 * bit for bit, since each element comes from the same `Math.sin` or `Math.cos` call.
 *
 * With four elements, the timings measure per-call overhead (argument checks, allocations), not
 * arithmetic. Loop counts are picked for runs of about 0.1 s (`--ipython`: IPython's choice,
 * 0.2 to 2 s per run; `--quick`: 2 runs of 1,000 calls).
 *
 * Run: `deno task ex:where` (or `deno run -A examples/where.ts [--quick] [--ipython]`).
 *
 * @module
 */
import { compile, cos, greater, type Kernel, sin, where } from "../numeric.ts";
import type { ExerciseBenchmark } from "./_exercise.ts";
import { perCallBenchmark, timingFromArgs } from "./_timing.ts";
import { arrayRepr } from "./_repr.ts";

/** The notebook's printed answer. */
const NOTEBOOK = [0.84147098, 0.54030231, 1, 0.99749499];

/** x = [1, -1, 0, 1.5], the fused kernel, and preallocated arrays for every step. */
interface Setup {
  readonly x: Float64Array;
  readonly kernel: Kernel;
  readonly out: Float64Array;
  readonly mask: Uint8Array;
  readonly sines: Float64Array;
  readonly cosines: Float64Array;
}

function setUp(): Setup {
  const x = new Float64Array([1.0, -1.0, 0.0, 1.5]);
  const n = x.length;
  return {
    x,
    kernel: compile("x > 0 ? sin(x) : cos(x)"),
    out: new Float64Array(n),
    mask: new Uint8Array(n),
    sines: new Float64Array(n),
    cosines: new Float64Array(n),
  };
}

/** numpy's way: the mask, both branches everywhere, then the pick; four new arrays. */
export function whereNumpyStyle(x: Float64Array): Float64Array {
  return where(greater(x, 0), sin(x), cos(x));
}

/** The timed ways of computing the answer: benchmark figure, label, and one call. */
function versions(s: Setup): [figure: string, label: string, call: () => unknown][] {
  const { x, kernel, out } = s;
  return [
    ["elementwise", "where(greater(x, 0), sin(x), cos(x))", () => whereNumpyStyle(x)],
    [
      "elementwiseOut",
      "  the same, every array preallocated",
      () => where(greater(x, 0, s.mask), sin(x, s.sines), cos(x, s.cosines), out),
    ],
    ["kernel", "kernel(x)", () => kernel(x)],
    ["kernelOut", "kernel(x, out)", () => kernel(x, out)],
  ];
}

/** Throws unless every version gives the notebook's answer, and all agree bit for bit. */
function checkResults(s: Setup): void {
  const numpyStyle = whereNumpyStyle(s.x);
  const fused = s.kernel(s.x);
  const preallocated = new Float64Array(s.x.length);
  where(greater(s.x, 0, s.mask), sin(s.x, s.sines), cos(s.x, s.cosines), preallocated);
  s.kernel(s.x, s.out);
  const far = NOTEBOOK.findIndex((v, i) => !(Math.abs(numpyStyle[i]! - v) <= 1e-8));
  if (far >= 0) {
    throw new Error(`element ${far} is ${numpyStyle[far]}, the notebook has ${NOTEBOOK[far]}`);
  }
  const same = (a: Float64Array) => a.every((v, i) => Object.is(v, numpyStyle[i]));
  if (!same(fused) || !same(s.out) || !same(preallocated)) {
    throw new Error(
      `expected the kernel and the preallocated where to equal [${numpyStyle}] bit for bit, ` +
        `got [${fused}], [${s.out}] and [${preallocated}]`,
    );
  }
  const expectedRepr = "array([0.84147098, 0.54030231, 1.        , 0.99749499])";
  if (arrayRepr(fused) !== expectedRepr) {
    throw new Error(`expected numpy's ${expectedRepr}, printed ${arrayRepr(fused)}`);
  }
}

/** Seconds per call of each version, over a loop of 1,000 calls (quick) or 100,000. */
export const benchmark: ExerciseBenchmark = perCallBenchmark(
  "Notebook 000 q8: where(x > 0, sin(x), cos(x)) on 4 elements vs a compiled kernel, per call",
  setUp,
  versions,
  checkResults,
);

function main(): void {
  const timing = timingFromArgs(Deno.args, 1000);
  const setup = setUp();
  const { x, kernel } = setup;

  const fused = kernel(x);
  console.log("x = " + arrayRepr(x));
  console.log(`where(greater(x, 0), sin(x), cos(x))\n  ${arrayRepr(whereNumpyStyle(x))}`);
  console.log(`compile("x > 0 ? sin(x) : cos(x)")(x)\n  ${arrayRepr(fused)}`);
  console.log(`all digits: [${Array.from(fused).join(", ")}]`);

  console.log("\n%timeit, this machine:");
  for (const [, label, call] of versions(setup)) {
    console.log(`${label.padEnd(38)} ${timing.line(call)}`);
  }
  console.log("(the notebook did not time this one)");

  checkResults(setup);
  console.log("ok: both match the notebook's answer (within 1e-8) and each other bit for bit");
}

if (import.meta.main) main();
