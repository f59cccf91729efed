/**
 * The math-kit suite (`deno task bench:math`): the seed polynomial over 1e6 float64 (elementwise,
 * `jit`, `compile`, over workers), each elementwise function with and without `out`, π by Monte Carlo on 1e7 points as a fused `jit` mean, the time
 * of one `jit()`, a 100×100 `dot`, `quad` of notebook 000's Gaussian and tiny-array calls, in µs
 * per call, against numpy and scipy in the same run (`bench/python/math_ops.py`) when python3
 * has them.
 *
 * @module
 */
import { runPython } from "../../harness/python.ts";
import type { Parameters, Suite } from "../../harness/suite.ts";
import type { MathParameters, PythonMath } from "./measure.ts";
import { dotSection, polynomialSection, quadSection, tinySection } from "./sections.ts";
import { jitCompileSection, monteCarloSection } from "./jit_sections.ts";
import { elementwiseSection } from "./elementwise_sections.ts";
import { transcendentalSection } from "./transcendental_sections.ts";

/** Elements of the polynomial's input, the workers of its parallel figure, π's points. */
function mathSizes(quick: boolean): { elements: number; workers: number; points: number } {
  return { elements: quick ? 100_000 : 1_000_000, workers: 2, points: quick ? 100_000 : 1e7 };
}

/** numpy/scipy's figures from one run of math_ops.py, or null with a note on why not. */
async function pythonBaselines(
  p: MathParameters,
): Promise<{ result: PythonMath | null; note: string }> {
  if (p.python === null) return { result: null, note: "python3 not found: numpy/scipy skipped" };
  const args = [
    "--elements",
    p.elements,
    "--points",
    p.points,
    "--runs",
    p.runs,
    "--warmup",
    p.warmup,
    "--seed",
    p.seed,
  ];
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
    const sections = [
      polynomialSection,
      elementwiseSection,
      monteCarloSection,
      jitCompileSection,
      dotSection,
      transcendentalSection,
      quadSection,
      tinySection,
    ];
    for (const section of sections) {
      yield await section(m, baselines.result);
    }
  },
};
