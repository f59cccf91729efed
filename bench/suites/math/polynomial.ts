/**
 * Section of bench:math: the seed polynomial `-4*x^3 + 9*x^2 + 6*x - 3` over 1e6 float64,
 * elementwise, compiled, and across workers with `runParallel`, against numpy's.
 *
 * @module
 */
import { Pool } from "../../../mod.ts";
import { add, compile, mul, RandomState, runParallel, sub } from "../../../numeric.ts";
import type { Section } from "../../harness/figure.ts";
import { check, interleave } from "../../harness/stats.ts";
import {
  fasterThan,
  type MathParameters,
  perCallFigure,
  pythonFigure,
  type PythonMath,
} from "./common.ts";
import { budgetSeconds, perCall } from "./measure.ts";

// Sent to workers as source: an integer loop, the plainest CPU-bound work there is.
function spin(n: number): number {
  const start = performance.now();
  let a = 0;
  for (let i = 0; i < n; i++) a = (a + i * 7) | 0;
  return a === 0.5 ? -1 : performance.now() - start;
}

/**
 * How much throughput a second thread adds on this machine: `2 × alone / together` for an
 * integer loop in one worker, then in two at once (2 on a machine with two free cores).
 */
async function threadScaling(pool: Pool, quick: boolean): Promise<number> {
  const n = quick ? 2e7 : 1e8;
  await pool.apply(spin, [n / 10]);
  const alone = await pool.apply(spin, [n]);
  const together = await Promise.all([pool.apply(spin, [n]), pool.apply(spin, [n])]);
  return 2 * alone / Math.max(...together);
}

/** µs per call of each contender, runs interleaved, and the thread scaling measured first. */
async function measure(p: MathParameters) {
  const budget = budgetSeconds(p.quick);
  const x = new Float64Array(new SharedArrayBuffer(p.elements * 8));
  x.set(new RandomState(p.seed).rand(p.elements));
  const kernel = compile("-4*x^3 + 9*x^2 + 6*x - 3");
  const out = new Float64Array(p.elements);
  const sharedOut = new Float64Array(new SharedArrayBuffer(p.elements * 8));
  // numpy's expression, temporaries and all.
  const elementwise = () =>
    sub(add(add(mul(-4, mul(x, mul(x, x))), mul(9, mul(x, x))), mul(6, x)), 3);
  await using pool = new Pool({ processes: p.workers });
  await using single = new Pool({ processes: 1 });
  const scaling = await threadScaling(pool, p.quick);
  const expected = kernel(x);
  const parallel = await runParallel(pool, kernel, x, { out: sharedOut });
  check(parallel.every((v, i) => v === expected[i]), "parallel kernel differs from kernel(x)");
  const times = await interleave(p, {
    elementwise: perCall(elementwise, budget),
    allocating: perCall(() => kernel(x), budget),
    out: perCall(() => kernel(x, out), budget),
    oneWorker: perCall(() => runParallel(single, kernel, x, { out: sharedOut }), budget),
    parallel: perCall(() => runParallel(pool, kernel, x, { out: sharedOut }), budget),
  });
  return { times, scaling };
}

/** The seed polynomial `-4*x^3 + 9*x^2 + 6*x - 3` over `elements` float64. */
export async function polynomialSection(
  p: MathParameters,
  py: PythonMath | null,
): Promise<Section> {
  const { times, scaling } = await measure(p);
  const python = pythonFigure(py, "poly", "numpy -4*x**3 + 9*x**2 + 6*x - 3");
  const label = (id: string, text: string) => [`poly.${id}`, text] as const;
  const figures = [
    perCallFigure(
      label("elementwise", "elementwise ops (numpy's temporaries)"),
      times.elementwise,
      python,
    ),
    perCallFigure(label("kernel_new", "compiled kernel(x), new output"), times.allocating, python),
    perCallFigure(
      label("kernel", "compiled kernel(x, out)"),
      times.out,
      python,
      fasterThan(python, 6, "numpy / 6, this run"),
    ),
    perCallFigure(
      label("one_worker", "runParallel, 1 worker (this machine's 1-thread rate)"),
      times.oneWorker,
      python,
    ),
    perCallFigure(
      label("parallel", `runParallel, ${p.workers} workers, shared out`),
      times.parallel,
      python,
      fasterThan(python, 10, "numpy / 10, this run"),
    ),
  ];
  return {
    title: `Seed polynomial over ${p.elements.toLocaleString("en-US")} float64 (µs per call)`,
    figures: python === null ? figures : [python, ...figures],
    notes: [
      `x = RandomState(${p.seed}).rand(${p.elements}); every contender's values checked against kernel(x)`,
      `this machine's thread scaling, measured now: 2 workers running an integer loop at once ` +
      `do ${scaling.toFixed(2)}× the work of one (2.00 with two free cores); the kernel's ` +
      "2-worker speed-up over 1 worker cannot exceed that",
      "a new 8 MB output costs V8 a fresh zero-filled allocation (page faults); numpy's " +
      "allocator asks for huge pages for big arrays, so its temporaries cost it less",
    ],
  };
}
