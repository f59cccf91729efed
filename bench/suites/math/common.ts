/**
 * What the math sections share: the parameters, what `bench/python/math_ops.py` prints, and the
 * figures made of it.
 *
 * @module
 */
import { type Figure, figure, type Target } from "../../harness/figure.ts";
import { type Stat, summarize } from "../../harness/stats.ts";
import type { Parameters } from "../../harness/suite.ts";

/** What `bench/python/math_ops.py` prints. */
export interface PythonMath {
  readonly python: string;
  readonly numpy: string;
  readonly scipy: string;
  readonly blas: string;
  readonly operations: Record<string, { readonly loops: number; readonly samples: number[] }>;
}

/** A math run's parameters: the suite's, and the sizes. */
export interface MathParameters extends Parameters {
  readonly elements: number;
  readonly workers: number;
}

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

/** A µs-per-call figure compared with Python's figure of the same operation, when there is one. */
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
