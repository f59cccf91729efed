/**
 * Section of bench:math: the per-call overhead on tiny arrays, `sin + cos` on 3 elements and
 * `where` on 4 (notebook 000 questions 7 and 8), elementwise and compiled, against numpy's.
 *
 * @module
 */
import { add, compile, cos, greater, sin, where } from "../../../numeric.ts";
import type { Figure, Section } from "../../harness/figure.ts";
import { interleave, type Stat } from "../../harness/stats.ts";
import {
  fasterThan,
  type MathParameters,
  perCallFigure,
  pythonFigure,
  type PythonMath,
} from "./common.ts";
import { budgetSeconds, perCall } from "./measure.ts";

/** `sin + cos` on 3 elements and `where` on 4: per-call overhead, as questions 7 and 8. */
export async function tinySection(
  p: MathParameters,
  py: PythonMath | null,
): Promise<Section> {
  const budget = budgetSeconds(p.quick);
  const three = new Float64Array([0, Math.PI / 2, Math.PI]);
  const four = new Float64Array([1, -1, 0, 1.5]);
  const sinCos = compile("sin(x) + cos(x)");
  const piecewise = compile("x > 0 ? sin(x) : cos(x)");
  const times = await interleave(p, {
    sincos: perCall(() => add(sin(three), cos(three)), budget),
    sincosKernel: perCall(() => sinCos(three), budget),
    where: perCall(() => where(greater(four, 0), sin(four), cos(four)), budget),
    whereKernel: perCall(() => piecewise(four), budget),
  });
  const sincosPython = pythonFigure(py, "sincos", "numpy np.sin(x) + np.cos(x), 3 elements");
  const wherePython = pythonFigure(py, "where", "numpy np.where(x > 0, sin, cos), 4 elements");
  const below = (python: Figure | null) => fasterThan(python, 1, "numpy, this run");
  const pair = (
    python: Figure | null,
    op: string,
    elementwise: Stat,
    kernel: Stat,
    code: string[],
  ) => [
    ...(python === null ? [] : [python]),
    perCallFigure([`${op}.elementwise`, code[0]!], elementwise, python),
    perCallFigure([`${op}.kernel`, code[1]!], kernel, python, below(python)),
  ];
  return {
    title: "Tiny arrays: per-call time (µs per call)",
    figures: [
      ...pair(sincosPython, "sincos", times.sincos, times.sincosKernel, [
        "add(sin(x), cos(x))",
        'compile("sin(x) + cos(x)")(x)',
      ]),
      ...pair(wherePython, "where", times.where, times.whereKernel, [
        "where(greater(x, 0), sin(x), cos(x))",
        'compile("x > 0 ? sin(x) : cos(x)")(x)',
      ]),
    ],
    notes: [
      "each contender allocates its result, as numpy does; a new small Float64Array costs " +
      "several hundred ns in Deno 2.9 (deno task bench:costs), so the fused kernel (one allocation) is the fair counterpart of " +
      "numpy's one call per ufunc",
    ],
  };
}
