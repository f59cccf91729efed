/**
 * bench:math's elementwise section: `add`, `subtract`, `multiply`, `divide`, `pow` and the chain
 * `add(multiply(add(multiply(x, 3), 2), x), 1)` on float64 arrays, with a new result and with
 * `out`, each against numpy's same call in the same run, beside the floors V8 sets: a bare
 * `new Float64Array(n)`, and a plain JS loop `r[i] = x[i] + y[i]` into a preallocated array.
 *
 * @module
 */
import * as np from "../../../numeric.ts";
import { type Figure, figure, type Section } from "../../harness/figure.ts";
import { check, type Stat } from "../../harness/stats.ts";
import { type MathParameters, pythonFigure, type PythonMath, timeCalls } from "./measure.ts";

type Operation = "add" | "subtract" | "multiply" | "divide" | "power";
type Binary = (a: np.Operand, b: np.Operand, out?: Float64Array) => Float64Array;

const OPERATIONS: Record<Operation, { fn: Binary; scalar: (x: number, y: number) => number }> = {
  add: { fn: np.add, scalar: (x, y) => x + y },
  subtract: { fn: np.subtract, scalar: (x, y) => x - y },
  multiply: { fn: np.multiply, scalar: (x, y) => x * y },
  divide: { fn: np.divide, scalar: (x, y) => x / y },
  // Both operands are in (0, 1), where C's pow and `**` agree.
  power: { fn: np.pow, scalar: (x, y) => x ** y },
};

/** The chain, numpy's `(x * 3 + 2) * x + 1` one ufunc at a time. */
function chain(x: Float64Array, out?: Float64Array): Float64Array {
  const { add, multiply } = np;
  if (out === undefined) return add(multiply(add(multiply(x, 3), 2), x), 1);
  return add(multiply(add(multiply(x, 3, out), 2, out), x, out), 1, out);
}

/** `r[i] = x[i] + y[i]`: the loop every elementwise function runs, with nothing around it. */
function bareAdd(x: Float64Array, y: Float64Array, r: Float64Array): Float64Array {
  for (let i = 0; i < r.length; i++) r[i] = x[i]! + y[i]!;
  return r;
}

/** Throws unless every function's result, new and into `out`, is the scalar loop's, bit for bit. */
function checkResults(x: Float64Array, y: Float64Array): void {
  const same = (a: Float64Array, b: Float64Array) => a.every((v, i) => Object.is(v, b[i]));
  for (const [name, { fn, scalar }] of Object.entries(OPERATIONS)) {
    const expected = x.map((v, i) => scalar(v, y[i]!));
    check(same(fn(x, y), expected), `${name}(x, y) differs from the scalar loop`);
    check(same(fn(x, y, new Float64Array(x.length)), expected), `${name}(x, y, out) differs`);
  }
  const expected = x.map((v) => (v * 3 + 2) * v + 1);
  check(same(chain(x), expected), "the chain differs from (x * 3 + 2) * x + 1");
  check(same(chain(x, new Float64Array(x.length)), expected), "the chain into out differs");
}

/** A figure against numpy's `op`, whose median it should not exceed. */
function against(python: Figure | null, id: string, label: string, summary: Stat): Figure {
  const target = python === null
    ? null
    : { kind: "max" as const, value: python.summary.median, source: "numpy, this run" };
  return figure({
    id,
    label,
    unit: "µs",
    summary,
    target,
    compare: [{ name: "numpy", figure: python }],
  });
}

/** Each elementwise function on `elements` float64, new and into `out`, against numpy's. */
export async function elementwiseSection(
  p: MathParameters,
  py: PythonMath | null,
): Promise<Section> {
  const rs = new np.random.RandomState(p.seed);
  const x = rs.rand(p.elements), y = rs.rand(p.elements);
  const out = new Float64Array(p.elements);
  checkResults(x, y);
  const calls: Record<string, () => unknown> = {};
  for (const [name, { fn }] of Object.entries(OPERATIONS)) {
    calls[name] = () => fn(x, y);
    calls[`${name}_out`] = () => fn(x, y, out);
  }
  calls.chain = () => chain(x);
  calls.chain_out = () => chain(x, out);
  calls.alloc = () => new Float64Array(p.elements);
  calls.bare_out = () => bareAdd(x, y, out);
  calls.bare_new = () => bareAdd(x, y, new Float64Array(p.elements));
  const times = await timeCalls(p, calls);
  const figures: Figure[] = [];
  const numpy = (op: string, label: string) => pythonFigure(py, op, `numpy ${label}`);
  for (const name of [...Object.keys(OPERATIONS), "chain"]) {
    const call = name === "chain" ? "chain(x)" : `${name === "power" ? "pow" : name}(x, y)`;
    const pyCall = name === "chain" ? "(x * 3 + 2) * x + 1" : `np.${name}(x, y)`;
    const pyOut = name === "chain" ? "chain, each step with out=o" : `np.${name}(x, y, out=o)`;
    const [fresh, into] = [numpy(name, pyCall), numpy(`${name}_out`, pyOut)];
    figures.push(...[fresh, into].filter((f) => f !== null));
    figures.push(against(fresh, `elementwise.${name}`, `${call}, new result`, times[name]!));
    figures.push(against(into, `elementwise.${name}_out`, `${call}, out`, times[`${name}_out`]!));
  }
  const empty = numpy("empty", "np.empty(n)"), addOut = pythonFigure(py, "add_out", "");
  const floor = (id: string, label: string, summary: Stat, base: Figure | null) =>
    figure({
      id,
      label,
      unit: "µs",
      summary,
      role: "floor",
      compare: [{ name: "numpy", figure: base }],
    });
  figures.push(
    ...(empty === null ? [] : [empty]),
    floor("elementwise.alloc", "floor: new Float64Array(n) alone", times.alloc!, empty),
    floor(
      "elementwise.bare_out",
      "floor: bare JS loop x[i] + y[i] into out",
      times.bare_out!,
      addOut,
    ),
    floor("elementwise.bare_new", "floor: the same loop into a new array", times.bare_new!, addOut),
  );
  return {
    title: `Elementwise ops on ${p.elements.toLocaleString("en-US")} float64 (µs per call)`,
    figures,
    notes: [
      `x, y = RandomState(${p.seed}).rand(n) twice, as in math_ops.py; every result checked bit ` +
      "for bit against a scalar loop; numpy's chain uses operators, so it reuses its own temporaries",
      "the floors are what V8 allows: its loops are scalar (no SIMD), so the bare loop is the " +
      "least `out` can cost; a new result adds at least `new Float64Array(n)`, then the page " +
      "faults of writing fresh memory and the GCs that 8 MB of external memory a call sets off " +
      "(V8 frees a result only when a GC finds it dead); numpy frees a temporary at once, so " +
      "malloc hands the same warm pages back, asks for huge pages, and runs AVX2 loops",
    ],
  };
}
