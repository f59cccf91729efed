/**
 * The math-kit suite (`deno task bench:math`): the seed polynomial over 1e6 float64, a 100×100
 * `dot`, `quad` of notebook 000's Gaussian and tiny-array calls, in µs per call, against numpy
 * and scipy in the same run (`bench/python/math_ops.py`) when python3 has them.
 *
 * @module
 */
import { type Figure, figure, type Target } from "../../harness/figure.ts";
import { runPython } from "../../harness/python.ts";
import { interleave, type Stat, summarize } from "../../harness/stats.ts";
import type { Parameters, Suite } from "../../harness/suite.ts";
import { dotSection, polynomialSection, quadSection, tinySection } from "./sections.ts";

/** What `bench/python/math_ops.py` prints: seconds per call of each run, per operation. */
export interface PythonMath {
  readonly python: string;
  readonly numpy: string;
  readonly scipy: string;
  readonly blas: string;
  readonly operations: Record<string, { readonly loops: number; readonly samples: number[] }>;
}

/** A math run's parameters: the suite's, and the sizes. */
export type MathParameters = Parameters & ReturnType<typeof mathSizes>;

/** Elements of the polynomial's input, and the workers of its parallel figure. */
function mathSizes(quick: boolean): { elements: number; workers: number } {
  return { elements: quick ? 100_000 : 1_000_000, workers: 2 };
}

/**
 * µs per call of `fn` (sync or async) in a run of the loop count IPython's `%timeit` picks (the
 * first of 1, 10, 100, … whose run takes 0.2 s, 0.02 s quick), as math_ops.py does. The loop
 * count is picked on the first call, so the warm-up run both warms the JIT and sizes the loop;
 * one `fn()` stands for `callsPerLoop` calls.
 */
function perCall(fn: () => unknown, quick: boolean, callsPerLoop: number): () => Promise<number> {
  let loops = 0;
  const seconds = async (n: number): Promise<number> => {
    // An untimed call first, which tells a sync `fn` from an async one.
    const first = fn();
    const sync = !(first instanceof Promise);
    await first;
    const start = performance.now();
    if (sync) { for (let i = 0; i < n; i++) fn(); }
    else for (let i = 0; i < n; i++) await fn();
    return (performance.now() - start) / 1000;
  };
  return async () => {
    for (let index = 0; loops === 0 && index < 10; index++) {
      if (await seconds(10 ** index) >= (quick ? 0.02 : 0.2) || index === 9) loops = 10 ** index;
    }
    return (await seconds(loops)) / loops / callsPerLoop * 1e6;
  };
}

/** µs per call of each of `fns`, their runs interleaved. */
export function timeCalls<K extends string>(
  p: MathParameters,
  fns: Record<K, () => unknown>,
  callsPerLoop = 1,
): Promise<Record<K, Stat>> {
  const entries = Object.entries<() => unknown>(fns);
  const runs = entries.map(([name, fn]) => [name, perCall(fn, p.quick, callsPerLoop)]);
  return interleave(p, Object.fromEntries(runs) as Record<K, () => Promise<number>>);
}

/** Python's figure of operation `op` of math_ops.py, or null when it did not run. */
export function pythonFigure(py: PythonMath | null, op: string, label: string): Figure | null {
  const timing = py?.operations[op];
  if (timing === undefined) return null;
  return figure({
    id: `${op}.python`,
    label,
    unit: "µs",
    summary: summarize(timing.samples.map((s) => s * 1e6)),
    extra: { loops: timing.loops },
  });
}

/** A time at most `1/factor` of Python's median, or null without Python. */
export function fasterThan(python: Figure | null, factor: number, source: string): Target | null {
  return python === null ? null : { kind: "max", value: python.summary.median / factor, source };
}

/** A µs-per-call figure compared with Python's figure of the same operation, `against`. */
export function perCallFigure(
  [id, label]: readonly [string, string],
  summary: Stat,
  python: Figure | null,
  target: Target | null = null,
  against = "numpy",
): Figure {
  return figure({
    id,
    label,
    unit: "µs",
    summary,
    target,
    compare: [{ name: against, figure: python }],
  });
}

/** numpy/scipy's figures from one run of math_ops.py, or null with a note on why not. */
async function pythonBaselines(
  p: MathParameters,
): Promise<{ result: PythonMath | null; note: string }> {
  if (p.python === null) return { result: null, note: "python3 not found: numpy/scipy skipped" };
  const args = ["--elements", p.elements, "--runs", p.runs, "--warmup", p.warmup, "--seed", p.seed];
  try {
    const result = await runPython<PythonMath>(p.python, "math_ops.py", [
      ...args.map(String),
      ...(p.quick ? ["--quick"] : []),
    ]);
    const note = `Python ${result.python} · numpy ${result.numpy} (${result.blas}) · ` +
      `scipy ${result.scipy} · baselines from bench/python/math_ops.py`;
    return { result, note };
  } catch (error) {
    // No numpy or scipy: say so and go on with the Deno figures.
    const reason = (error instanceof Error ? error.message : String(error)).split("\n").at(-1);
    return { result: null, note: `numpy/scipy baselines skipped: ${reason}` };
  }
}

/** The math suite. */
export const mathSuite: Suite = {
  name: "bench:math",
  title: "math-kit benchmark",
  seed: 0,
  python: true,
  intro: (p: Parameters) => [
    `seed ${p.seed} · ${p.warmup} warm-up + ${p.runs} measured runs per figure · ` +
    "loops per run as %timeit picks them · median [min – max] · targets are informational",
  ],
  sizes: mathSizes,
  async *sections(p: Parameters) {
    const m: MathParameters = { ...p, ...mathSizes(p.quick) };
    const baselines = await pythonBaselines(m);
    yield baselines.note;
    for (const section of [polynomialSection, dotSection, quadSection, tinySection]) {
      yield await section(m, baselines.result);
    }
  },
};
