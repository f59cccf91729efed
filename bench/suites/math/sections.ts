/**
 * The sections of bench:math: the seed polynomial, a 100×100 `dot`, `quad` of the Gaussian for
 * p = 1…99 and tiny-array calls, each against numpy's or scipy's figure of the same run.
 *
 * @module
 */
import { Pool } from "../../../mod.ts";
import * as np from "../../../numeric.ts";
import { tripleLoop } from "../../../examples/dot.ts";
import { type Figure, figure, type Section } from "../../harness/figure.ts";
import { check } from "../../harness/stats.ts";
import { fasterThan, type MathParameters, pythonFigure, type PythonMath } from "./measure.ts";
import { timeCalls, versus } from "./measure.ts";

/** Python's figure, when there is one, to put first in a section. */
const first = (python: Figure | null): Figure[] => python === null ? [] : [python];

// Sent to workers as source: an integer loop, the plainest CPU-bound work there is.
function spin(n: number): number {
  const start = performance.now();
  let a = 0;
  for (let i = 0; i < n; i++) a = (a + i * 7) | 0;
  return a === 0.5 ? -1 : performance.now() - start;
}

/** The seed polynomial `-4*x^3 + 9*x^2 + 6*x - 3` over `elements` float64. */
export async function polynomialSection(
  p: MathParameters,
  py: PythonMath | null,
): Promise<Section> {
  const { add, multiply, subtract } = np;
  const x = new Float64Array(new SharedArrayBuffer(p.elements * 8));
  x.set(new np.random.RandomState(p.seed).rand(p.elements));
  const kernel = np.compile("-4*x^3 + 9*x^2 + 6*x - 3");
  const jitted = np.jit((x: number) => -4 * x ** 3 + 9 * x ** 2 + 6 * x - 3);
  const out = new Float64Array(p.elements);
  const sharedOut = new Float64Array(new SharedArrayBuffer(p.elements * 8));
  await using pool = new Pool({ processes: p.workers });
  await using single = new Pool({ processes: 1 });
  // This machine's thread scaling: 2 × `spin`'s time alone in one worker / in two at once.
  const n = p.quick ? 2e7 : 1e8;
  await pool.apply(spin, [n / 10]);
  const alone = await pool.apply(spin, [n]);
  const together = await Promise.all([pool.apply(spin, [n]), pool.apply(spin, [n])]);
  const scaling = 2 * alone / Math.max(...together);
  const expected = kernel(x);
  const parallel = await np.runParallel(pool, kernel, x, { out: sharedOut });
  check(parallel.every((v, i) => v === expected[i]), "parallel kernel differs from kernel(x)");
  // The same grouping, -4 * (x*x*x) + 9 * (x*x) + …, so the same bits.
  const viaJit = jitted(x, new Float64Array(p.elements));
  check(viaJit.every((v, i) => Object.is(v, expected[i])), "jit(f)(x, out) differs from kernel(x)");
  const times = await timeCalls(p, {
    // numpy's expression, temporaries and all.
    elementwise: () =>
      subtract(
        add(
          add(multiply(-4, multiply(x, multiply(x, x))), multiply(9, multiply(x, x))),
          multiply(6, x),
        ),
        3,
      ),
    allocating: () => kernel(x),
    out: () => kernel(x, out),
    jitOut: () => jitted(x, out),
    oneWorker: () => np.runParallel(single, kernel, x, { out: sharedOut }),
    parallel: () => np.runParallel(pool, kernel, x, { out: sharedOut }),
  });
  const python = pythonFigure(py, "poly", "numpy -4*x**3 + 9*x**2 + 6*x - 3");
  const vs = versus(python);
  const compiled = vs(
    "poly.kernel",
    "compiled kernel(x, out)",
    times.out,
    fasterThan(python, 6, "numpy / 6, this run"),
  );
  return {
    title: `Seed polynomial over ${p.elements.toLocaleString("en-US")} float64 (µs per call)`,
    figures: [
      ...first(python),
      vs("poly.elementwise", "elementwise ops (numpy's temporaries)", times.elementwise),
      vs("poly.kernel_new", "compiled kernel(x), new output", times.allocating),
      compiled,
      vs(
        "poly.jit",
        "jit(f)(x, out), f a TypeScript arrow",
        times.jitOut,
        fasterThan(python, 6, "numpy / 6, this run"),
      ),
      figure({
        id: "poly.jit_vs_compile",
        label: "same, against compile()'s kernel(x, out)",
        unit: "µs",
        summary: times.jitOut,
        target: { kind: "max", value: times.out.median * 1.05, source: "compile + 5%, this run" },
        compare: [{ name: "compile", figure: compiled }],
      }),
      vs(
        "poly.one_worker",
        "runParallel, 1 worker (this machine's 1-thread rate)",
        times.oneWorker,
      ),
      vs(
        "poly.parallel",
        `runParallel, ${p.workers} workers, shared out`,
        times.parallel,
        fasterThan(python, 10, "numpy / 10, this run"),
      ),
    ],
    notes: [
      `x = RandomState(${p.seed}).rand(${p.elements}); every contender's values checked against kernel(x)`,
      "jit(f): f = (x: number) => -4 * x ** 3 + 9 * x ** 2 + 6 * x - 3, the same loop as " +
      "compile()'s (x ** 3 is x * x * x), so the same bits; the two are timed run by run",
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
  const rs = new np.random.RandomState(p.seed);
  const [a, b] = [new np.Matrix(100, 100, rs.rand(1e4)), new np.Matrix(100, 100, rs.rand(1e4))];
  const out = new np.Matrix(100, 100);
  const reference = tripleLoop(a, b).data;
  const close = np.dot(a, b).data.every((v, i) =>
    Math.abs(v - reference[i]!) <= 1e-12 * Math.abs(reference[i]!)
  );
  check(close, "dot differs from the triple loop by more than 1e-12 relative");
  const times = await timeCalls(p, {
    loops: () => tripleLoop(a, b),
    fresh: () => np.dot(a, b),
    out: () => np.dot(a, b, out),
    alloc: () => new np.Matrix(100, 100),
  });
  const python = pythonFigure(py, "dot", "numpy np.dot(a, b) (OpenBLAS)");
  const loops = versus(python)("dot.js_loops", "plain JS triple loop", times.loops);
  const outFigure = versus(python)("dot.wasm_out", "dot(a, b, out)", times.out);
  return {
    title: "100×100 dot, float64 (µs per call)",
    figures: [
      ...first(python),
      loops,
      figure({
        id: "dot.wasm",
        label: "dot(a, b), WebAssembly SIMD",
        unit: "µs",
        summary: times.fresh,
        target: fasterThan(python, 0.5, "2 × numpy, this run"),
        compare: [{ name: "numpy", figure: python }, { name: "JS loops", figure: loops }],
      }),
      outFigure,
      figure({
        id: "dot.new_vs_out",
        label: "dot(a, b), new result, against dot(a, b, out)",
        unit: "µs",
        summary: times.fresh,
        target: {
          kind: "max",
          value: times.out.median * 1.1,
          source: "dot with out + 10%, this run",
        },
        compare: [{ name: "dot with out", figure: outFigure }],
      }),
      figure({
        id: "dot.alloc",
        label: "floor: new Matrix(100, 100) alone",
        unit: "µs",
        summary: times.alloc,
        role: "floor",
      }),
    ],
    notes: [
      `a, b = RandomState(${p.seed}).rand(100, 100) twice; dot checked against the triple loop (1e-12 relative)`,
      "WebAssembly SIMD is 128-bit (2 float64 per instruction) where OpenBLAS uses 256-bit AVX2: " +
      "at equal efficiency that is 2× numpy's time",
      "a new result differs from out only by its allocation (the kernel writes into wasm memory " +
      "and copies out either way), so dot with a new result costs dot with out + the floor",
    ],
  };
}

/** `quad` of exp(-(x*p)^2) over (-inf, inf), p = 1…99, time per call, against scipy's. */
export async function quadSection(p: MathParameters, py: PythonMath | null): Promise<Section> {
  const ps = Array.from({ length: 99 }, (_, i) => i + 1);
  const integral = (q: number) =>
    np.quad((x: number) => Math.exp(-((x * q) ** 2)), -Infinity, Infinity).value;
  for (const q of ps) {
    const exact = Math.sqrt(Math.PI) / q;
    check(Math.abs(integral(q) - exact) <= 1e-12 * exact, `quad p=${q}`);
  }
  const times = await timeCalls(p, { quad: () => ps.forEach(integral) }, ps.length);
  const python = pythonFigure(py, "quad", "scipy.integrate.quad");
  const target = fasterThan(python, 1, "scipy, this run");
  return {
    title: "quad of exp(-(x*p)^2) over (-inf, inf), p = 1..99 (µs per call)",
    figures: [...first(python), versus(python, "scipy")("quad.quad", "quad()", times.quad, target)],
    notes: ["every value checked against √π/p (1e-12 relative)"],
  };
}

/** `sin + cos` on 3 elements and `where` on 4: per-call overhead, as questions 7 and 8. */
export async function tinySection(p: MathParameters, py: PythonMath | null): Promise<Section> {
  const { add, cos, greater, sin, where } = np;
  const three = new Float64Array([0, Math.PI / 2, Math.PI]);
  const four = new Float64Array([1, -1, 0, 1.5]);
  const sinCos = np.compile("sin(x) + cos(x)");
  const piecewise = np.compile("x > 0 ? sin(x) : cos(x)");
  const times = await timeCalls(p, {
    sincos: () => add(sin(three), cos(three)),
    sincosKernel: () => sinCos(three),
    where: () => where(greater(four, 0), sin(four), cos(four)),
    whereKernel: () => piecewise(four),
  });
  const sincos = pythonFigure(py, "sincos", "numpy np.sin(x) + np.cos(x), 3 elements");
  const piecewisePython = pythonFigure(py, "where", "numpy np.where(x > 0, sin, cos), 4 elements");
  const [vsSincos, vsWhere] = [versus(sincos), versus(piecewisePython)];
  return {
    title: "Tiny arrays: per-call time (µs per call)",
    figures: [
      ...first(sincos),
      vsSincos("sincos.elementwise", "add(sin(x), cos(x))", times.sincos),
      vsSincos(
        "sincos.kernel",
        'compile("sin(x) + cos(x)")(x)',
        times.sincosKernel,
        fasterThan(sincos, 1, "numpy, this run"),
      ),
      ...first(piecewisePython),
      vsWhere("where.elementwise", "where(greater(x, 0), sin(x), cos(x))", times.where),
      vsWhere(
        "where.kernel",
        'compile("x > 0 ? sin(x) : cos(x)")(x)',
        times.whereKernel,
        fasterThan(piecewisePython, 1, "numpy, this run"),
      ),
    ],
    notes: [
      "each contender allocates its result, as numpy does; a new small Float64Array costs " +
      "several hundred ns in Deno 2.9 (deno task bench:costs), so the fused kernel (one " +
      "allocation) is the fair counterpart of numpy's one call per ufunc",
    ],
  };
}
