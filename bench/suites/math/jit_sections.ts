/**
 * The sections of bench:math that measure `jit()` itself: π by Monte Carlo as a fused mean
 * against numpy's `4 * (x*x + y*y <= 1).mean()` (with the heap the fused call allocates), and
 * how long `jit()` takes to turn the seed polynomial into a kernel once the parser is loaded.
 *
 * @module
 */
import * as np from "../../../numeric.ts";
import { type Figure, figure, type Section } from "../../harness/figure.ts";
import { check, interleave, median, type Stat } from "../../harness/stats.ts";
import { fasterThan, type MathParameters, pythonFigure, type PythonMath } from "./measure.ts";
import { timeCalls, versus } from "./measure.ts";

/** Python's figure, when there is one, to put first in a section. */
const first = (python: Figure | null): Figure[] => python === null ? [] : [python];

/** `gc()` when V8 exposes it (`--v8-flags=--expose-gc`, as `deno task bench:math` runs). */
const { gc } = globalThis as { gc?: () => void };

/** What one call added to the JS heap and to array buffers (where typed arrays' elements live). */
interface Growth {
  readonly heap: number;
  readonly buffers: number;
}

/**
 * What a `call()` allocated, measured after a full GC (when exposed) has released buffers and
 * `warmCalls` calls have run.
 */
async function growth(call: () => number, warmCalls: number): Promise<Growth> {
  gc?.();
  // V8 frees array buffers after a GC, off the main thread: let it finish first.
  await new Promise((resolve) => setTimeout(resolve, 10));
  gc?.();
  // A forced GC can drop the kernel's optimised code: until V8 optimises it again, its loop runs
  // unoptimised and boxes each intermediate number on the heap (80 bytes a point, measured). The
  // warm calls re-optimise it; their garbage stays uncollected, outside the measured difference.
  for (let i = 0; i < warmCalls; i++) call();
  const before = Deno.memoryUsage();
  const estimate = call();
  const after = Deno.memoryUsage();
  // Read, so the call is not optimised away; an estimate of π lies in [0, 4].
  check(estimate >= 0 && estimate <= 4, `an estimate of π of ${estimate}`);
  return { heap: after.heapUsed - before.heapUsed, buffers: after.external - before.external };
}

/**
 * The median growths over `times` calls: an allocation the call makes is there every time,
 * where V8's own (a collection in the middle, a concurrent marker's step) comes and goes.
 */
async function medianGrowth(
  call: () => number,
  times: number,
  warmCalls: number,
): Promise<Growth> {
  const all: Growth[] = [];
  for (let i = 0; i < times; i++) all.push(await growth(call, warmCalls));
  return { heap: median(all.map((g) => g.heap)), buffers: median(all.map((g) => g.buffers)) };
}

const megabytes = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(2)} MB`;

/** π by Monte Carlo on `p.points` points: numpy-style allocating steps vs a fused jit mean. */
export async function monteCarloSection(
  p: MathParameters,
  py: PythonMath | null,
): Promise<Section> {
  const { add, lessEqual, mean, multiply } = np;
  const points = new np.random.RandomState(p.seed);
  const x = points.rand(p.points);
  const y = points.rand(p.points);
  const inside = np.jit((x: number, y: number) => x * x + y * y <= 1, { reduce: "mean" });
  const elementwise = () => 4 * mean(lessEqual(add(multiply(x, x), multiply(y, y)), 1));
  const fused = () => 4 * inside(x, y);
  const estimate = fused();
  check(Object.is(estimate, elementwise()), "the fused estimate differs from the elementwise one");
  const numpyEstimate = py?.values?.pi;
  if (numpyEstimate !== undefined) {
    check(Object.is(estimate, numpyEstimate), `π ${estimate}, numpy's ${numpyEstimate}`);
  }
  const times = await timeCalls(p, { elementwise, fused });
  const fusedBytes = await medianGrowth(fused, 5, 5);
  const elementwiseBytes = await medianGrowth(elementwise, 3, 1);
  // An allocation proportional to N is at least a byte per point (a Uint8Array mask): none in
  // array buffers, less than that in the heap.
  const noGrowth = fusedBytes.buffers <= 0 && fusedBytes.heap < p.points;
  const python = pythonFigure(py, "pi", "numpy 4 * (x*x + y*y <= 1).mean()");
  const vs = versus(python);
  return {
    title: `π by Monte Carlo on ${p.points.toLocaleString("en-US")} points, one thread ` +
      "(µs per call)",
    figures: [
      ...first(python),
      vs("pi.elementwise", "elementwise ops (numpy's temporaries)", times.elementwise),
      vs(
        "pi.jit_mean",
        'jit((x, y) => x*x + y*y <= 1, { reduce: "mean" })',
        times.fused,
        fasterThan(python, 5, "numpy / 5, this run"),
      ),
    ],
    notes: [
      `x, y = RandomState(${p.seed}).rand(${p.points}) twice; estimate ${estimate}, equal to ` +
      (numpyEstimate === undefined ? "the elementwise one" : "the elementwise one and numpy's"),
      `allocated by one fused call (median of 5): ${fusedBytes.buffers} bytes of array ` +
      `buffers, ${fusedBytes.heap} of JS heap (target: no buffer, < 1 byte per point of heap: ` +
      `${noGrowth ? "PASS" : "MISS"}); by one elementwise call: ` +
      `${megabytes(elementwiseBytes.buffers)} of array buffers ` +
      `(${(elementwiseBytes.buffers / p.points).toFixed(1)} bytes per point)` +
      (gc === undefined ? " (no --expose-gc: measured without a full GC first)" : ""),
    ],
  };
}

/** µs for one `jit()` of the seed polynomial, each a new source so none comes from its cache. */
async function compileTimes(p: MathParameters): Promise<Stat> {
  await np.loadJit();
  let serial = 0;
  // A distinct constant per function: jit() caches kernels by source.
  const polynomial = (): (x: number) => number =>
    new Function(`return (x) => -4 * x ** 3 + 9 * x ** 2 + 6 * x - ${3 + serial++ * 1e-9}`)();
  const batch = p.quick ? 20 : 100;
  np.jit(polynomial()); // loads nothing more, but warms the parser's and codegen's code
  const { compile } = await interleave(p, {
    compile: () => {
      const fns = Array.from({ length: batch }, polynomial);
      const start = performance.now();
      for (const fn of fns) np.jit(fn);
      return (performance.now() - start) * 1000 / batch;
    },
  });
  return compile;
}

/** jit()'s parse + codegen of the seed polynomial, after `loadJit()`. */
export async function jitCompileSection(p: MathParameters): Promise<Section> {
  const summary = await compileTimes(p);
  return {
    title: "jit() of the seed polynomial: parse + codegen, parser loaded (µs per jit())",
    figures: [
      figure({
        id: "jit.compile",
        label: "jit((x) => -4 * x ** 3 + 9 * x ** 2 + 6 * x - 3)",
        unit: "µs",
        summary,
        target: { kind: "max", value: 1000, source: "1 ms" },
      }),
    ],
    notes: [
      "each jit() is given a function of a new source (another constant), so none is served " +
      "from jit()'s cache; the parser's own load time is in deno task bench:costs",
    ],
  };
}
