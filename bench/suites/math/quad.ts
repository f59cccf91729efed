/**
 * Section of bench:math: `quad` of notebook 000's Gaussian exp(-(x*p)^2) over (-inf, inf) for
 * p = 1…99, µs per call, against scipy's.
 *
 * @module
 */
import { quad } from "../../../numeric.ts";
import { figure, type Section } from "../../harness/figure.ts";
import { check, interleave } from "../../harness/stats.ts";
import { fasterThan, type MathParameters, pythonFigure, type PythonMath } from "./common.ts";
import { budgetSeconds, perCall } from "./measure.ts";

/** `quad` of exp(-(x*p)^2) over (-inf, inf), p = 1…99, time per call. */
export async function quadSection(
  p: MathParameters,
  py: PythonMath | null,
): Promise<Section> {
  const budget = budgetSeconds(p.quick);
  const ps = Array.from({ length: 99 }, (_, i) => i + 1);
  for (const q of ps) {
    const { value } = quad((x: number) => Math.exp(-((x * q) ** 2)), -Infinity, Infinity);
    check(
      Math.abs(value - Math.sqrt(Math.PI) / q) <= 1e-12 * Math.sqrt(Math.PI) / q,
      `quad p=${q}`,
    );
  }
  const times = await interleave(p, {
    quad: perCall(
      () => {
        for (const q of ps) quad((x: number) => Math.exp(-((x * q) ** 2)), -Infinity, Infinity);
      },
      budget,
      ps.length,
    ),
  });
  const python = pythonFigure(py, "quad", "scipy.integrate.quad");
  return {
    title: "quad of exp(-(x*p)^2) over (-inf, inf), p = 1..99 (µs per call)",
    figures: [
      ...(python === null ? [] : [python]),
      figure({
        id: "quad.quad",
        label: "quad()",
        unit: "µs",
        summary: times.quad,
        target: fasterThan(python, 1, "scipy, this run"),
        compare: [{ name: "scipy", figure: python }],
      }),
    ],
    notes: ["every value checked against √π/p (1e-12 relative)"],
  };
}
