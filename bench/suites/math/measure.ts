/**
 * How bench:math times an operation, as `bench/python/math_ops.py` does so that the two compare
 * like for like, and the figures made of the times.
 *
 * @module
 */
import { type Figure, figure, type Target } from "../../harness/figure.ts";
import { interleave, type Stat, summarize } from "../../harness/stats.ts";
import type { Parameters } from "../../harness/suite.ts";

/** What `bench/python/math_ops.py` prints: seconds per call of each run, per operation. */
export interface PythonMath {
  readonly python: string;
  readonly numpy: string;
  readonly scipy: string;
  readonly blas: string;
  readonly operations: Record<string, { readonly loops: number; readonly samples: number[] }>;
  /** Results the Deno side must reproduce: `pi`, numpy's Monte Carlo estimate on the points. */
  readonly values?: Readonly<Record<string, number>>;
}

/** A math run's parameters: the suite's, and the sizes. */
export type MathParameters = Parameters & {
  readonly elements: number;
  readonly workers: number;
  /** Points of the Monte Carlo estimate of π. */
  readonly points: number;
};

/**
 * µs per call of `fn` (sync or async) in a run of the loop count IPython's `%timeit` picks (the
 * first of 1, 10, 100, … whose run takes 0.2 s, 0.02 s quick), as math_ops.py does. The loop
 * count is picked on the first call, so the warm-up run both warms the JIT and sizes the loop;
 * one `fn()` stands for `callsPerLoop` calls.
 */
function perCall(fn: () => unknown, quick: boolean, callsPerLoop: number): () => Promise<number> {
  let loops = 0;
  const seconds = async (n: number): Promise<number> => {
    const first = fn(); // untimed: tells a sync `fn` from an async one
    await first;
    const start = performance.now();
    if (first instanceof Promise) {
      for (let i = 0; i < n; i++) await fn();
    } else {
      for (let i = 0; i < n; i++) fn();
    }
    return (performance.now() - start) / 1000;
  };
  return async () => {
    if (loops === 0) {
      for (let index = 0; index < 10; index++) {
        loops = 10 ** index;
        if (await seconds(loops) >= (quick ? 0.02 : 0.2)) break;
      }
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
  const summary = summarize(timing.samples.map((s) => s * 1e6));
  return figure({ id: `${op}.python`, label, unit: "µs", summary, extra: { loops: timing.loops } });
}

/** Makes µs-per-call figures compared with `python`, named `against` ("numpy", "scipy"). */
export function versus(
  python: Figure | null,
  against = "numpy",
): (id: string, label: string, summary: Stat, target?: Target | null) => Figure {
  const compare = [{ name: against, figure: python }];
  return (id, label, summary, target = null) =>
    figure({ id, label, unit: "µs", summary, target, compare });
}

/** A time at most `1/factor` of Python's median, or null without Python. */
export function fasterThan(python: Figure | null, factor: number, source: string): Target | null {
  return python === null ? null : { kind: "max", value: python.summary.median / factor, source };
}
