/**
 * A fresh process timing multiproc's numpy-style functions (the public numeric.ts) on 1e6
 * float64, each with a new result and with `out`, and a 100×100 `dot`, as
 * bench/python/peers_numpy.py times numpy's: `deno run -A numpy_child.ts ELEMENTS SEED`.
 * One warm-up run sizes the loops (%timeit's rule, runs of at least 20 ms), then one measured
 * run; prints `{ "values": { op: µs per call } }`.
 *
 * @module
 */
import * as np from "../../../../numeric.ts";
import { fNumpyStyle } from "../../../../examples/numpy_vs_jit.ts";
import { check } from "../../../harness/stats.ts";
import { type MathParameters, timeCalls } from "../../math/measure.ts";

const { add, cos, divide, dot, exp, log, multiply, pow, sin, subtract } = np;
const [elements = "1000000", seed = "0"] = Deno.args;
const n = Number(elements);
const rs = new np.random.RandomState(Number(seed));
const [x, y] = [rs.rand(n), rs.rand(n)];
const [a, b, out] = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
const dotRs = new np.random.RandomState(Number(seed));
const [ma, mb] = [
  new np.Matrix(100, 100, dotRs.rand(1e4)),
  new np.Matrix(100, 100, dotRs.rand(1e4)),
];
const dotOut = new np.Matrix(100, 100);

/** The seed polynomial as fNumpyStyle computes it, step by step into two scratch arrays. */
function chainOut(): Float64Array {
  multiply(multiply(multiply(-4, x, a), x, a), x, a);
  add(a, multiply(multiply(9, x, b), x, b), a);
  add(a, multiply(6, x, b), a);
  return subtract(a, 3, out);
}

const ops: Record<string, () => unknown> = {
  add: () => add(x, y),
  add_out: () => add(x, y, out),
  subtract: () => subtract(x, y),
  subtract_out: () => subtract(x, y, out),
  multiply: () => multiply(x, y),
  multiply_out: () => multiply(x, y, out),
  divide: () => divide(x, y),
  divide_out: () => divide(x, y, out),
  power: () => pow(x, y),
  power_out: () => pow(x, y, out),
  chain: () => fNumpyStyle(x),
  chain_out: chainOut,
  sin: () => sin(x),
  cos: () => cos(x),
  exp: () => exp(x),
  log: () => log(x),
  sincos: () => add(sin(x), cos(x)),
  sincos_out: () => add(sin(x, a), cos(x, b), out),
  dot: () => dot(ma, mb),
  dot_out: () => dot(ma, mb, dotOut),
};

// The same bits with `out` as without, or the figures compare different work.
const same = (p: ArrayLike<number>, q: ArrayLike<number>) =>
  p.length === q.length && Array.prototype.every.call(p, (v, i) => Object.is(v, q[i]));
for (const [name, fn] of Object.entries(ops)) {
  if (!name.endsWith("_out")) continue;
  const fresh = ops[name.slice(0, -4)]!() as Float64Array | np.Matrix;
  const into = fn() as Float64Array | np.Matrix;
  const data = (v: Float64Array | np.Matrix) => v instanceof np.Matrix ? v.data : v;
  check(same(data(fresh), data(into)), `${name} differs from ${name.slice(0, -4)}`);
}
const p: MathParameters = {
  runs: 1,
  warmup: 1,
  quick: true, // loops sized for runs of ≥ 20 ms, as peers_numpy.py
  seed: Number(seed),
  python: null,
  only: null,
  elements: n,
  workers: 1,
  points: 0,
};
const times = await timeCalls(p, ops);
const values = Object.fromEntries(Object.entries(times).map(([op, s]) => [op, s.median]));
console.log(JSON.stringify({ runtime: `deno ${Deno.version.deno}`, values }));
