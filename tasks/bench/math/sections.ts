/**
 * The sections of bench:math, one per target of the math-kit issue: the seed polynomial over
 * 1e6 float64, a 100×100 dot, quad of the Gaussian for p = 1…99, and `sin + cos` on 3 elements
 * and `where` on 4. Each Deno contender is timed as µs per call, runs interleaved; numpy/scipy
 * come from one run of `bench/python/math_ops.py` at the same sizes and seed.
 *
 * @module
 */
import {
  add,
  compile,
  cos,
  dot,
  greater,
  Matrix,
  mul,
  Pool,
  quad,
  RandomState,
  runParallel,
  sin,
  sub,
  where,
} from "../../../mod.ts";
import { tripleLoop } from "../../../examples/dot.ts";
import { check } from "../check.ts";
import { type Figure, figure, type Target } from "../report.ts";
import { interleave, type RunOptions, summarize } from "../stats.ts";
import { budgetSeconds, perCall } from "./measure.ts";

/** What `bench/python/math_ops.py` prints. */
export interface PythonMath {
  readonly python: string;
  readonly numpy: string;
  readonly scipy: string;
  readonly blas: string;
  readonly operations: Record<string, { readonly loops: number; readonly samples: number[] }>;
}

/** Parameters of a bench:math run. */
export interface MathParameters {
  readonly seed: number;
  readonly elements: number;
  readonly workers: number;
  readonly quick: boolean;
}

/** A section: figures under a title, then notes. */
export interface MathSection {
  readonly title: string;
  readonly figures: Figure[];
  readonly notes: string[];
}

function pythonFigure(py: PythonMath | null, op: string, label: string): Figure | null {
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
function fasterThan(python: Figure | null, factor: number, source: string): Target | null {
  return python === null ? null : { kind: "max", value: python.summary.median / factor, source };
}

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

/** The seed polynomial `-4*x^3 + 9*x^2 + 6*x - 3` over `elements` float64. */
export async function polynomialSection(
  p: MathParameters,
  py: PythonMath | null,
  opts: RunOptions,
): Promise<MathSection> {
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
  const times = await interleave(opts, {
    elementwise: perCall(elementwise, budget),
    allocating: perCall(() => kernel(x), budget),
    out: perCall(() => kernel(x, out), budget),
    oneWorker: perCall(() => runParallel(single, kernel, x, { out: sharedOut }), budget),
    parallel: perCall(() => runParallel(pool, kernel, x, { out: sharedOut }), budget),
  });
  const python = pythonFigure(py, "poly", "numpy -4*x**3 + 9*x**2 + 6*x - 3");
  const vs = [{ name: "numpy", figure: python }];
  const figures = [
    ...(python === null ? [] : [python]),
    figure({
      id: "poly.elementwise",
      label: "elementwise ops (numpy's temporaries)",
      unit: "µs",
      summary: times.elementwise,
      compare: vs,
    }),
    figure({
      id: "poly.kernel_new",
      label: "compiled kernel(x), new output",
      unit: "µs",
      summary: times.allocating,
      compare: vs,
    }),
    figure({
      id: "poly.kernel",
      label: "compiled kernel(x, out)",
      unit: "µs",
      summary: times.out,
      target: fasterThan(python, 6, "numpy / 6, this run"),
      compare: vs,
    }),
    figure({
      id: "poly.one_worker",
      label: "runParallel, 1 worker (this machine's 1-thread rate)",
      unit: "µs",
      summary: times.oneWorker,
      compare: vs,
    }),
    figure({
      id: "poly.parallel",
      label: `runParallel, ${p.workers} workers, shared out`,
      unit: "µs",
      summary: times.parallel,
      target: fasterThan(python, 10, "numpy / 10, this run"),
      compare: vs,
    }),
  ];
  return {
    title: `Seed polynomial over ${p.elements.toLocaleString("en-US")} float64 (µs per call)`,
    figures,
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

function seededMatrix(rs: RandomState, n: number): Matrix {
  return new Matrix(n, n, rs.rand(n * n));
}

/** A 100×100 `dot`, as notebook 000 question 10. */
export async function dotSection(
  p: MathParameters,
  py: PythonMath | null,
  opts: RunOptions,
): Promise<MathSection> {
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
  const times = await interleave(opts, {
    loops: perCall(() => tripleLoop(a, b), budget),
    fresh: perCall(() => dot(a, b), budget),
    out: perCall(() => dot(a, b, out), budget),
  });
  const python = pythonFigure(py, "dot", "numpy np.dot(a, b) (OpenBLAS)");
  const vs = [{ name: "numpy", figure: python }];
  const loops = figure({
    id: "dot.js_loops",
    label: "plain JS triple loop",
    unit: "µs",
    summary: times.loops,
    compare: vs,
  });
  return {
    title: "100×100 dot, float64 (µs per call)",
    figures: [
      ...(python === null ? [] : [python]),
      loops,
      figure({
        id: "dot.wasm",
        label: "dot(a, b), WebAssembly SIMD",
        unit: "µs",
        summary: times.fresh,
        target: python === null
          ? null
          : { kind: "max", value: 2 * python.summary.median, source: "2 × numpy, this run" },
        compare: [...vs, { name: "JS loops", figure: loops }],
      }),
      figure({
        id: "dot.wasm_out",
        label: "dot(a, b, out)",
        unit: "µs",
        summary: times.out,
        compare: vs,
      }),
    ],
    notes: [
      `a, b = RandomState(${p.seed}).rand(100, 100) twice; dot checked against the triple loop (1e-12 relative)`,
      "WebAssembly SIMD is 128-bit (2 float64 per instruction) where OpenBLAS uses 256-bit AVX2: " +
      "at equal efficiency that is 2× numpy's time",
    ],
  };
}

/** `quad` of exp(-(x*p)^2) over (-inf, inf), p = 1…99, time per call. */
export async function quadSection(
  p: MathParameters,
  py: PythonMath | null,
  opts: RunOptions,
): Promise<MathSection> {
  const budget = budgetSeconds(p.quick);
  const ps = Array.from({ length: 99 }, (_, i) => i + 1);
  for (const q of ps) {
    const { value } = quad((x: number) => Math.exp(-((x * q) ** 2)), -Infinity, Infinity);
    check(
      Math.abs(value - Math.sqrt(Math.PI) / q) <= 1e-12 * Math.sqrt(Math.PI) / q,
      `quad p=${q}`,
    );
  }
  const times = await interleave(opts, {
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

/** `sin + cos` on 3 elements and `where` on 4: per-call overhead, as questions 7 and 8. */
export async function tinySection(
  p: MathParameters,
  py: PythonMath | null,
  opts: RunOptions,
): Promise<MathSection> {
  const budget = budgetSeconds(p.quick);
  const three = new Float64Array([0, Math.PI / 2, Math.PI]);
  const four = new Float64Array([1, -1, 0, 1.5]);
  const sinCos = compile("sin(x) + cos(x)");
  const piecewise = compile("x > 0 ? sin(x) : cos(x)");
  const times = await interleave(opts, {
    sincos: perCall(() => add(sin(three), cos(three)), budget),
    sincosKernel: perCall(() => sinCos(three), budget),
    where: perCall(() => where(greater(four, 0), sin(four), cos(four)), budget),
    whereKernel: perCall(() => piecewise(four), budget),
  });
  const sincosPython = pythonFigure(py, "sincos", "numpy np.sin(x) + np.cos(x), 3 elements");
  const wherePython = pythonFigure(py, "where", "numpy np.where(x > 0, sin, cos), 4 elements");
  const below = (python: Figure | null) => fasterThan(python, 1, "numpy, this run");
  return {
    title: "Tiny arrays: per-call time (µs per call)",
    figures: [
      ...(sincosPython === null ? [] : [sincosPython]),
      figure({
        id: "sincos.elementwise",
        label: "add(sin(x), cos(x))",
        unit: "µs",
        summary: times.sincos,
        compare: [{ name: "numpy", figure: sincosPython }],
      }),
      figure({
        id: "sincos.kernel",
        label: 'compile("sin(x) + cos(x)")(x)',
        unit: "µs",
        summary: times.sincosKernel,
        target: below(sincosPython),
        compare: [{ name: "numpy", figure: sincosPython }],
      }),
      ...(wherePython === null ? [] : [wherePython]),
      figure({
        id: "where.elementwise",
        label: "where(greater(x, 0), sin(x), cos(x))",
        unit: "µs",
        summary: times.where,
        compare: [{ name: "numpy", figure: wherePython }],
      }),
      figure({
        id: "where.kernel",
        label: 'compile("x > 0 ? sin(x) : cos(x)")(x)',
        unit: "µs",
        summary: times.whereKernel,
        target: below(wherePython),
        compare: [{ name: "numpy", figure: wherePython }],
      }),
    ],
    notes: [
      "each contender allocates its result, as numpy does; a new small Float64Array costs " +
      "several hundred ns in Deno 2.9 (deno task bench:costs), so the fused kernel (one allocation) is the fair counterpart of " +
      "numpy's one call per ufunc",
    ],
  };
}
