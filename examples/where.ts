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
import { compile, cos, greater, sin, where } from "../mod.ts";
import { timingFromArgs } from "./_timing.ts";
import { arrayRepr } from "./_repr.ts";

/** The notebook's printed answer. */
const NOTEBOOK = [0.84147098, 0.54030231, 1, 0.99749499];

function main(): void {
  const timing = timingFromArgs(Deno.args, 1000);

  const x = new Float64Array([1.0, -1.0, 0.0, 1.5]);
  const kernel = compile("x > 0 ? sin(x) : cos(x)");

  const numpyStyle = where(greater(x, 0), sin(x), cos(x));
  const fused = kernel(x);
  console.log("x = " + arrayRepr(x));
  console.log(`where(greater(x, 0), sin(x), cos(x))\n  ${arrayRepr(numpyStyle)}`);
  console.log(`compile("x > 0 ? sin(x) : cos(x)")(x)\n  ${arrayRepr(fused)}`);
  console.log(`all digits: [${Array.from(fused).join(", ")}]`);

  const out = new Float64Array(x.length);
  const [mask, s, c] = [new Uint8Array(x.length), new Float64Array(4), new Float64Array(4)];
  console.log("\n%timeit, this machine:");
  const lines: [string, () => unknown][] = [
    ["where(greater(x, 0), sin(x), cos(x))", () => where(greater(x, 0), sin(x), cos(x))],
    [
      "  the same, every array preallocated",
      () => where(greater(x, 0, mask), sin(x, s), cos(x, c), out),
    ],
    ["kernel(x)", () => kernel(x)],
    ["kernel(x, out)", () => kernel(x, out)],
  ];
  for (const [label, fn] of lines) console.log(`${label.padEnd(38)} ${timing.line(fn)}`);
  console.log("(the notebook did not time this one)");

  const far = NOTEBOOK.findIndex((v, i) => !(Math.abs(numpyStyle[i]! - v) <= 1e-8));
  if (far >= 0) {
    throw new Error(`element ${far} is ${numpyStyle[far]}, the notebook has ${NOTEBOOK[far]}`);
  }
  if (!fused.every((v, i) => Object.is(v, numpyStyle[i])) || !out.every((v, i) => v === fused[i])) {
    throw new Error("the compiled kernel differs from where(greater(x, 0), sin(x), cos(x))");
  }
  const expectedRepr = "array([0.84147098, 0.54030231, 1.        , 0.99749499])";
  if (arrayRepr(fused) !== expectedRepr) throw new Error(`printed ${arrayRepr(fused)}`);
  console.log("ok: both match the notebook's answer (within 1e-8) and each other bit for bit");
}

if (import.meta.main) main();
