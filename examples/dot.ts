/**
 * Notebook 000, question 10: the dot product of two 100 × 100 numpy arrays (`a`, `b` from
 * `np.random.randn`) and of two jax arrays (`c`, `d` from `jax.random.uniform` with keys 758493
 * and 758494), timed. The notebook's answer, on its machine: `np.dot(a, b)` 104 µs ± 29.1 µs,
 * `jax.numpy.dot(c, d)` 48.5 µs ± 787 ns. Those are its numbers; this script prints its own.
 *
 * What ran there: `np.dot` of two float64 matrices calls BLAS `dgemm` (OpenBLAS in numpy's
 * wheels), hand-written assembly using the CPU's widest vectors: AVX2 (4 doubles per fused
 * multiply-add) or AVX-512 (8). `jax.numpy.dot` hands a dot operation to XLA, which compiles it
 * for the CPU (a tuned Eigen/oneDNN kernel), and in float32, jax's default: twice as many
 * numbers per vector and half the bytes, one reason it beat numpy there.
 *
 * Here: `a`, `b` are `new random.RandomState(seed).randn(100, 100)` twice (numpy's legacy
 * generator, bit for bit, so seed 0 gives the matrices of `np.random.seed(0)`), `c`, `d` are
 * jax's threefry `random.uniform` values bit for bit, converted to float64 (the kit's `dot` is
 * float64 only, so `c·d` here is a float64 product, not jax's float32 one). `dot` runs a WebAssembly SIMD
 * kernel: 128-bit vectors, 2 doubles per instruction, one thread. Said plainly: on the same CPU,
 * expect at best about 2× numpy's time (AVX2 is twice as wide), and more against AVX-512.
 * WebAssembly has no wider vectors; what the kernel does have is blocking for the caches and,
 * where the CPU allows (relaxed SIMD), fused multiply-add.
 *
 * `dot(a, b)` also allocates its 80 KB result, which in V8 costs tens of µs (fresh zeroed memory,
 * freed only by the garbage collector); `dot(a, b, out)` writes into a preallocated matrix and
 * shows the kernel's own time.
 *
 * Every product is checked against a plain triple loop (within 1e-12 of the largest element),
 * and for seed 0 against the corner numpy printed for `np.dot(a, b)`. Loop counts are picked for
 * runs of about 0.1 s (`--ipython`: IPython's choice; `--quick`: 2 runs of 20 calls).
 *
 * Run: `deno task ex:dot` (or `deno run -A examples/dot.ts [--seed S] [--quick] [--ipython]`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { dot, Matrix, random } from "../numeric.ts";
import type { ExerciseBenchmark } from "./_exercise.ts";
import { secondsPerCall, timingFor } from "./_timing.ts";

/** `a·b` by the textbook triple loop, each element summed in order of k: the reference. */
export function tripleLoop(a: Matrix, b: Matrix): Matrix {
  const [m, k] = a.shape;
  const n = b.cols;
  const c = new Matrix(m, n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a.data[i * k + p]! * b.data[p * n + j]!;
      c.data[i * n + j] = s;
    }
  }
  return c;
}

/** The largest `|x - reference|` over the largest `|reference|`. */
function relativeError(x: Matrix, reference: Matrix): number {
  let diff = 0, size = 0;
  reference.data.forEach((r, i) => {
    diff = Math.max(diff, Math.abs(x.data[i]! - r));
    size = Math.max(size, Math.abs(r));
  });
  return diff / size;
}

/**
 * A float64 matrix of jax's `random.uniform(random.PRNGKey(seed), [rows, cols])` (float32 values,
 * converted exactly).
 */
export function jaxUniformMatrix(seed: number, rows: number, cols: number): Matrix {
  const { data } = random.uniform(random.PRNGKey(seed), [rows, cols]);
  return new Matrix(rows, cols, Float64Array.from(data));
}

function corner(m: Matrix, size = 3): string {
  return Array.from(
    { length: size },
    (_, i) =>
      `  [${Array.from({ length: size }, (_, j) => m.get(i, j).toFixed(8)).join(", ")}, ...]`,
  ).join("\n");
}

/** `np.dot(a, b)[:2, :3]` for `np.random.seed(0)`'s `a, b = randn(100, 100), randn(100, 100)`. */
const NUMPY_SEED0 = [
  [-14.6443992690196, 6.287434009872977, 3.4031209586495854],
  [1.734481063144345, -7.217176499766804, -1.4012535058735682],
];

/** The notebook's four matrices (a, b from `seed`; c, d from jax keys 758493/758494), an output. */
interface Setup {
  readonly seed: number;
  readonly a: Matrix;
  readonly b: Matrix;
  readonly c: Matrix;
  readonly d: Matrix;
  readonly out: Matrix;
}

function setUp(seed: number): Setup {
  const rs = new random.RandomState(seed);
  const a = Matrix.fromNdArray(rs.randn(100, 100));
  const b = Matrix.fromNdArray(rs.randn(100, 100));
  const c = jaxUniformMatrix(758493, 100, 100);
  const d = jaxUniformMatrix(758494, 100, 100);
  return { seed, a, b, c, d, out: new Matrix(100, 100) };
}

/** The timed products: benchmark figure, label, and one call. */
function versions(
  { a, b, c, d, out }: Setup,
): [figure: string, label: string, call: () => unknown][] {
  return [
    ["dot", "dot(a, b)", () => dot(a, b)],
    ["dotCD", "dot(c, d)", () => dot(c, d)],
    ["dotOut", "dot(a, b, out)", () => dot(a, b, out)],
    ["tripleLoop", "triple loop (JS)", () => tripleLoop(a, b)],
  ];
}

/** Every product against the triple loop (and numpy's corner for seed 0); one line per check. */
function checkProducts({ seed, a, b, c, d, out }: Setup): [string, boolean][] {
  const ab = dot(a, b);
  dot(a, b, out);
  const checks: [string, boolean][] = [];
  for (const [name, product, x, y] of [["a·b", ab, a, b], ["c·d", dot(c, d), c, d]] as const) {
    const error = relativeError(product, tripleLoop(x, y));
    checks.push([`${name} against the triple loop: ${error.toExponential(1)}`, error <= 1e-12]);
  }
  checks.push([
    "dot(a, b, out) equals dot(a, b)",
    out.data.every((v, i) => v === ab.data[i]),
  ]);
  if (seed === 0) {
    const worst = Math.max(
      ...NUMPY_SEED0.flatMap((row, i) =>
        row.map((v, j) => Math.abs(ab.get(i, j) - v) / Math.abs(v))
      ),
    );
    checks.push([`a·b corner against numpy's: ${worst.toExponential(1)}`, worst <= 1e-12]);
  }
  return checks;
}

function throwIfFailed(checks: [string, boolean][]): void {
  const failed = checks.filter(([, ok]) => !ok).map(([what]) => what);
  if (failed.length > 0) throw new Error(`wrong products: ${failed.join("; ")}`);
}

/** Seconds per product, over a loop of 20 calls (quick) or 200. */
export const benchmark: ExerciseBenchmark = {
  title: "Notebook 000 q10: 100×100 dot products (randn and jax uniform) on the WebAssembly kernel",
  run({ quick, seed }) {
    const setup = setUp(seed);
    const figures: Record<string, number> = {};
    for (const [figure, , call] of versions(setup)) {
      figures[figure] = secondsPerCall(call, quick ? 20 : 200);
    }
    throwIfFailed(checkProducts(setup));
    return Promise.resolve(figures);
  },
};

function main(): void {
  const flags = parseArgs({
    args: Deno.args,
    options: {
      seed: { type: "string", default: "0" },
      quick: { type: "boolean", default: false },
      ipython: { type: "boolean", default: false },
    },
  }).values;
  const seed = Number(flags.seed);
  if (!(Number.isSafeInteger(seed) && seed >= 0 && seed < 2 ** 32)) {
    throw new RangeError(`--seed expects an integer in [0, 2**32), received "${flags.seed}"`);
  }
  const timing = timingFor(flags.ipython ? "ipython" : flags.quick ? "quick" : "short", 20);

  const setup = setUp(seed);
  console.log(`a, b = random.RandomState(${seed}).randn(100, 100) twice; dot(a, b)[:3, :3]:`);
  console.log(corner(dot(setup.a, setup.b)));
  console.log(
    "c, d = random.uniform(random.PRNGKey(758493 / 758494), [100, 100]) as float64; " +
      "dot(c, d)[:3, :3]:",
  );
  console.log(corner(dot(setup.c, setup.d)));

  const flop = 2 * 100 ** 3;
  console.log("\n%timeit, this machine:");
  for (const [, label, call] of versions(setup)) {
    const result = timing.line(call);
    console.log(
      `${label.padEnd(18)} ${result}  ${(flop / result.average / 1e9).toFixed(1)} GFLOP/s`,
    );
  }
  console.log("(the notebook's own: np.dot(a, b) 104 µs, jax.numpy.dot(c, d) 48.5 µs)");

  const checks = checkProducts(setup);
  for (const [what, ok] of checks) console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  throwIfFailed(checks);
}

if (import.meta.main) main();
