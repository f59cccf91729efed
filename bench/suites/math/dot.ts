/**
 * Section of bench:math: a 100×100 `dot` (notebook 000 question 10), WebAssembly SIMD against a
 * plain JS triple loop and numpy's.
 *
 * @module
 */
import { dot, Matrix, RandomState } from "../../../numeric.ts";
import { tripleLoop } from "../../../examples/dot.ts";
import { figure, type Section } from "../../harness/figure.ts";
import { check, interleave } from "../../harness/stats.ts";
import { type MathParameters, perCallFigure, pythonFigure, type PythonMath } from "./common.ts";
import { budgetSeconds, perCall } from "./measure.ts";

function seededMatrix(rs: RandomState, n: number): Matrix {
  return new Matrix(n, n, rs.rand(n * n));
}

/** A 100×100 `dot`, as notebook 000 question 10. */
export async function dotSection(
  p: MathParameters,
  py: PythonMath | null,
): Promise<Section> {
  const budget = budgetSeconds(p.quick);
  const rs = new RandomState(p.seed);
  const a = seededMatrix(rs, 100);
  const b = seededMatrix(rs, 100);
  const out = new Matrix(100, 100);
  const reference = tripleLoop(a, b);
  const result = dot(a, b);
  check(
    result.data.every((v, i) =>
      Math.abs(v - reference.data[i]!) <= 1e-12 * Math.abs(reference.data[i]!)
    ),
    "dot differs from the triple loop by more than 1e-12 relative",
  );
  const times = await interleave(p, {
    loops: perCall(() => tripleLoop(a, b), budget),
    fresh: perCall(() => dot(a, b), budget),
    out: perCall(() => dot(a, b, out), budget),
  });
  const python = pythonFigure(py, "dot", "numpy np.dot(a, b) (OpenBLAS)");
  const loops = perCallFigure(["dot.js_loops", "plain JS triple loop"], times.loops, python);
  const twiceNumpy = python === null
    ? null
    : { kind: "max" as const, value: 2 * python.summary.median, source: "2 × numpy, this run" };
  const wasm = figure({
    id: "dot.wasm",
    label: "dot(a, b), WebAssembly SIMD",
    unit: "µs",
    summary: times.fresh,
    target: twiceNumpy,
    compare: [{ name: "numpy", figure: python }, { name: "JS loops", figure: loops }],
  });
  const wasmOut = perCallFigure(["dot.wasm_out", "dot(a, b, out)"], times.out, python);
  return {
    title: "100×100 dot, float64 (µs per call)",
    figures: [...(python === null ? [] : [python]), loops, wasm, wasmOut],
    notes: [
      `a, b = RandomState(${p.seed}).rand(100, 100) twice; dot checked against the triple loop (1e-12 relative)`,
      "WebAssembly SIMD is 128-bit (2 float64 per instruction) where OpenBLAS uses 256-bit AVX2: " +
      "at equal efficiency that is 2× numpy's time",
    ],
  };
}
