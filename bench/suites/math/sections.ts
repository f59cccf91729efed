/**
 * The sections of bench:math: the seed polynomial, a 100×100 `dot`, `quad` of the Gaussian for
 * p = 1…99, and tiny-array calls, each against numpy's or scipy's figure of the same run.
 *
 * @module
 */
import { Pool } from "../../../mod.ts";
import {
  add,
  compile,
  cos,
  dot,
  greater,
  Matrix,
  mul,
  quad,
  RandomState,
  runParallel,
  sin,
  sub,
  where,
} from "../../../numeric.ts";
import { tripleLoop } from "../../../examples/dot.ts";
import { type Figure, figure, type Section, type Target } from "../../harness/figure.ts";
import { check, type Stat } from "../../harness/stats.ts";
import {
  fasterThan,
  type MathParameters,
  perCallFigure,
  pythonFigure,
  type PythonMath,
  timeCalls,
} from "./index.ts";

// Sent to workers as source: an integer loop, the plainest CPU-bound work there is.
function spin(n: number): number {
  const start = performance.now();
  let a = 0;
  for (let i = 0; i < n; i++) a = (a + i * 7) | 0;
  return a === 0.5 ? -1 : performance.now() - start;
}

/** µs per call of each polynomial contender, after this machine's thread scaling: `2 × alone / together` for `spin` in one worker, then in two at once. */
async function polynomialTimes(p: MathParameters) {
  const x = new Float64Array(new SharedArrayBuffer(p.elements * 8));
  x.set(new RandomState(p.seed).rand(p.elements));
  const kernel = compile("-4*x^3 + 9*x^2 + 6*x - 3");
  const out = new Float64Array(p.elements);
  const sharedOut = new Float64Array(new SharedArrayBuffer(p.elements * 8));
  await using pool = new Pool({ processes: p.workers });
  await using single = new Pool({ processes: 1 });
  const n = p.quick ? 2e7 : 1e8;
  await pool.apply(spin, [n / 10]);
  const alone = await pool.apply(spin, [n]);
  const together = await Promise.all([pool.apply(spin, [n]), pool.apply(spin, [n])]);
  const expected = kernel(x);
  const parallel = await runParallel(pool, kernel, x, { out: sharedOut });
  check(parallel.every((v, i) => v === expected[i]), "parallel kernel differs from kernel(x)");
  const times = await timeCalls(p, {
    // numpy's expression, temporaries and all.
    elementwise: () => sub(add(add(mul(-4, mul(x, mul(x, x))), mul(9, mul(x, x))), mul(6, x)), 3),
    allocating: () => kernel(x),
    out: () => kernel(x, out),
    oneWorker: () => runParallel(single, kernel, x, { out: sharedOut }),
    parallel: () => runParallel(pool, kernel, x, { out: sharedOut }),
  });
  return { times, scaling: 2 * alone / Math.max(...together) };
}

/** The seed polynomial `-4*x^3 + 9*x^2 + 6*x - 3` over `elements` float64. */
export async function polynomialSection(
  p: MathParameters,
  py: PythonMath | null,
): Promise<Section> {
  const { times, scaling } = await polynomialTimes(p);
  const python = pythonFigure(py, "poly", "numpy -4*x**3 + 9*x**2 + 6*x - 3");
  const poly = (id: string, label: string, summary: Stat, target: Target | null = null) =>
    perCallFigure([`poly.${id}`, label], summary, python, target);
  return {
    title: `Seed polynomial over ${p.elements.toLocaleString("en-US")} float64 (µs per call)`,
    figures: [
      ...(python === null ? [] : [python]),
      poly("elementwise", "elementwise ops (numpy's temporaries)", times.elementwise),
      poly("kernel_new", "compiled kernel(x), new output", times.allocating),
      poly(
        "kernel",
        "compiled kernel(x, out)",
        times.out,
        fasterThan(python, 6, "numpy / 6, this run"),
      ),
      poly("one_worker", "runParallel, 1 worker (this machine's 1-thread rate)", times.oneWorker),
      poly(
        "parallel",
        `runParallel, ${p.workers} workers, shared out`,
        times.parallel,
        fasterThan(python, 10, "numpy / 10, this run"),
      ),
    ],
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

/** A 100×100 `dot`, as notebook 000 question 10: WebAssembly SIMD against JS loops and numpy. */
export async function dotSection(p: MathParameters, py: PythonMath | null): Promise<Section> {
  const rs = new RandomState(p.seed);
  const [a, b] = [new Matrix(100, 100, rs.rand(1e4)), new Matrix(100, 100, rs.rand(1e4))];
  const out = new Matrix(100, 100);
  const reference = tripleLoop(a, b);
  check(
    dot(a, b).data.every((v, i) =>
      Math.abs(v - reference.data[i]!) <= 1e-12 * Math.abs(reference.data[i]!)
    ),
    "dot differs from the triple loop by more than 1e-12 relative",
  );
  const times = await timeCalls(p, {
    loops: () => tripleLoop(a, b),
    fresh: () => dot(a, b),
    out: () => dot(a, b, out),
  });
  const python = pythonFigure(py, "dot", "numpy np.dot(a, b) (OpenBLAS)");
  const loops = perCallFigure(["dot.js_loops", "plain JS triple loop"], times.loops, python);
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
        target: fasterThan(python, 0.5, "2 × numpy, this run"),
        compare: [{ name: "numpy", figure: python }, { name: "JS loops", figure: loops }],
      }),
      perCallFigure(["dot.wasm_out", "dot(a, b, out)"], times.out, python),
    ],
    notes: [
      `a, b = RandomState(${p.seed}).rand(100, 100) twice; dot checked against the triple loop (1e-12 relative)`,
      "WebAssembly SIMD is 128-bit (2 float64 per instruction) where OpenBLAS uses 256-bit AVX2: " +
      "at equal efficiency that is 2× numpy's time",
    ],
  };
}

/** `quad` of exp(-(x*p)^2) over (-inf, inf), p = 1…99, time per call, against scipy's. */
export async function quadSection(p: MathParameters, py: PythonMath | null): Promise<Section> {
  const ps = Array.from({ length: 99 }, (_, i) => i + 1);
  const integral = (q: number) =>
    quad((x: number) => Math.exp(-((x * q) ** 2)), -Infinity, Infinity);
  for (const q of ps) {
    const exact = Math.sqrt(Math.PI) / q;
    check(Math.abs(integral(q).value - exact) <= 1e-12 * exact, `quad p=${q}`);
  }
  const times = await timeCalls(p, { quad: () => ps.forEach(integral) }, ps.length);
  const python = pythonFigure(py, "quad", "scipy.integrate.quad");
  return {
    title: "quad of exp(-(x*p)^2) over (-inf, inf), p = 1..99 (µs per call)",
    figures: [
      ...(python === null ? [] : [python]),
      perCallFigure(
        ["quad.quad", "quad()"],
        times.quad,
        python,
        fasterThan(python, 1, "scipy, this run"),
        "scipy",
      ),
    ],
    notes: ["every value checked against √π/p (1e-12 relative)"],
  };
}

/** `sin + cos` on 3 elements and `where` on 4: per-call overhead, as questions 7 and 8. */
export async function tinySection(p: MathParameters, py: PythonMath | null): Promise<Section> {
  const three = new Float64Array([0, Math.PI / 2, Math.PI]);
  const four = new Float64Array([1, -1, 0, 1.5]);
  const sinCos = compile("sin(x) + cos(x)");
  const piecewise = compile("x > 0 ? sin(x) : cos(x)");
  const times = await timeCalls(p, {
    sincos: () => add(sin(three), cos(three)),
    sincosKernel: () => sinCos(three),
    where: () => where(greater(four, 0), sin(four), cos(four)),
    whereKernel: () => piecewise(four),
  });
  // Python's figure, then the elementwise call and the kernel against it.
  const pair = (
    python: Figure | null,
    op: string,
    elementwise: Stat,
    kernel: Stat,
    code: [string, string],
  ) => [
    ...(python === null ? [] : [python]),
    perCallFigure([`${op}.elementwise`, code[0]], elementwise, python),
    perCallFigure(
      [`${op}.kernel`, code[1]],
      kernel,
      python,
      fasterThan(python, 1, "numpy, this run"),
    ),
  ];
  return {
    title: "Tiny arrays: per-call time (µs per call)",
    figures: [
      ...pair(
        pythonFigure(py, "sincos", "numpy np.sin(x) + np.cos(x), 3 elements"),
        "sincos",
        times.sincos,
        times.sincosKernel,
        ["add(sin(x), cos(x))", 'compile("sin(x) + cos(x)")(x)'],
      ),
      ...pair(
        pythonFigure(py, "where", "numpy np.where(x > 0, sin, cos), 4 elements"),
        "where",
        times.where,
        times.whereKernel,
        ["where(greater(x, 0), sin(x), cos(x))", 'compile("x > 0 ? sin(x) : cos(x)")(x)'],
      ),
    ],
    notes: [
      "each contender allocates its result, as numpy does; a new small Float64Array costs " +
      "several hundred ns in Deno 2.9 (deno task bench:costs), so the fused kernel (one " +
      "allocation) is the fair counterpart of numpy's one call per ufunc",
    ],
  };
}
