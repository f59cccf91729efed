/**
 * The section of bench:math for `sin`, `cos`, `exp`, `log` and `add(sin(x), cos(x))` on 1e6
 * float64 (WebAssembly SIMD kernels), each with a new result and with `out`, beside numpy's in
 * the same run (`bench/python/transcendental.py`), against the target "within 1.2× numpy". Two
 * floors say what no kernel can go below here: the function on 2048 elements that stay in cache
 * (the kernel's arithmetic and call overhead without the trip to memory), and one copy of x.
 *
 * @module
 */
import * as np from "../../../numeric.ts";
import { type Figure, figure, type Section } from "../../harness/figure.ts";
import { runPython } from "../../harness/python.ts";
import { check } from "../../harness/stats.ts";
import { fasterThan, type MathParameters, pythonFigure, type PythonMath } from "./measure.ts";
import { timeCalls, versus } from "./measure.ts";

type Name = "sin" | "cos" | "exp" | "log";
const NAMES: readonly Name[] = ["sin", "cos", "exp", "log"];

/** transcendental.py's figures, or null with the reason. */
async function numpyTimes(p: MathParameters): Promise<{ py: PythonMath | null; note: string }> {
  if (p.python === null) return { py: null, note: "python3 not found: numpy skipped" };
  const args = ["--elements", p.elements, "--runs", p.runs, "--warmup", p.warmup, "--seed", p.seed]
    .map(String);
  try {
    const py = await runPython<PythonMath>(p.python, "transcendental.py", [
      ...args,
      ...(p.quick ? ["--quick"] : []),
    ]);
    return { py, note: `numpy ${py.numpy} from bench/python/transcendental.py, this run` };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split("\n").at(-1);
    return { py: null, note: `numpy skipped: ${reason}` };
  }
}

/** How many ulps apart two doubles are (NaN only equals NaN). */
function ulps(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const cell = new Float64Array([a, b]), bits = new BigInt64Array(cell.buffer);
  const ordinal = (v: bigint): bigint => v < 0n ? -(v & 0x7fffffffffffffffn) : v;
  const d = ordinal(bits[0]!) - ordinal(bits[1]!);
  return Number(d < 0n ? -d : d);
}

/**
 * The transcendental functions over `elements` float64 in [0.1, 10.1). numpy's times come from
 * this section's own script, not from math_ops.py's `_baselines`.
 */
export async function transcendentalSection(
  p: MathParameters,
  _baselines?: PythonMath | null,
): Promise<Section> {
  const { add } = np;
  const x = new np.random.RandomState(p.seed).rand(p.elements).map((v) => v * 10 + 0.1);
  const cached = x.slice(0, 2048), cachedOut = new Float64Array(2048);
  const out = new Float64Array(p.elements), other = new Float64Array(p.elements);
  const copies = Math.ceil(p.elements / 2048);
  // Each within 1 ulp of Math.* (the tests hold them to 1 ulp of the correctly rounded value).
  for (const name of NAMES) {
    const math = Math[name], got = np[name](x);
    const worst = got.reduce((w, v, i) => Math.max(w, ulps(v, math(x[i]!))), 0);
    check(worst <= 1, `${name} is ${worst} ulps from Math.${name}`);
  }
  const fns: Record<string, () => unknown> = {
    copy: () => out.set(x),
    sincos: () => add(np.sin(x), np.cos(x)),
    sincosOut: () => add(np.sin(x, out), np.cos(x, other), out),
  };
  for (const name of NAMES) {
    const f = np[name], math = Math[name];
    fns[name] = () => f(x);
    fns[`${name}.out`] = () => f(x, out);
    fns[`${name}.math`] = () => {
      for (let i = 0; i < x.length; i++) out[i] = math(x[i]!);
    };
    fns[`${name}.cached`] = () => {
      for (let i = 0; i < copies; i++) f(cached, cachedOut);
    };
  }
  const { py, note } = await numpyTimes(p);
  const times = await timeCalls(p, fns);
  const figures: Figure[] = [];
  const within = (python: Figure | null) => fasterThan(python, 1 / 1.2, "1.2 × numpy, this run");
  const ops: [string, string, string][] = NAMES.map((n) => [n, n, `${n}(x)`]);
  ops.push(["sincos", "sincos", "add(sin(x), cos(x))"]);
  for (const [op, key, label] of ops) {
    const python = pythonFigure(py, op, `numpy np.${label}`);
    const pythonOut = pythonFigure(py, `${op}.out`, `numpy, out=`);
    const vs = versus(python), vsOut = versus(pythonOut);
    if (python !== null) figures.push(python);
    figures.push(vs(`${op}.new`, `${label}, new result`, times[key]!, within(python)));
    if (pythonOut !== null) figures.push(pythonOut);
    const outKey = key === "sincos" ? "sincosOut" : `${key}.out`;
    figures.push(vsOut(`${op}.out`, `${label}, out`, times[outKey]!, within(pythonOut)));
    if (op === "sincos") continue;
    figures.push(
      vsOut(`${op}.math`, `a loop of Math.${op} into out (before)`, times[`${op}.math`]!),
      figure({
        id: `${op}.cached`,
        label: `floor: ${op} on 2048 cached elements × ${copies}`,
        unit: "µs",
        summary: times[`${op}.cached`]!,
        role: "floor",
      }),
    );
  }
  const megabytes = (p.elements * 8 / 1e6).toLocaleString("en-US");
  figures.push(
    figure({
      id: "copy",
      label: `floor: one ${megabytes} MB copy of x`,
      unit: "µs",
      summary: times.copy!,
      role: "floor",
    }),
  );
  return {
    title: `sin, cos, exp, log on ${p.elements.toLocaleString("en-US")} float64 (µs per call)`,
    figures,
    notes: [
      note,
      `x = RandomState(${p.seed}).rand(${p.elements}) * 10 + 0.1; every result checked within ` +
      "1 ulp of Math.* first",
      "ours: WebAssembly SIMD, two doubles per instruction (fdlibm's algorithms for sin and " +
      "cos, 128-row tables for exp and log, relaxed SIMD's multiply-add where V8 has it); " +
      "numpy's exp and log use AVX-512 (eight doubles), its sin and cos libm one at a time",
      "the cached floor is the kernel's arithmetic alone: when it exceeds 1.2 × numpy, so must " +
      "the 1e6 call, whatever the copies and allocation cost",
    ],
  };
}
