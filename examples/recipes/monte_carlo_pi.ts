/**
 * Recipe: π by Monte Carlo, a fused reduction over a pool. `jit` turns the scalar test "is the
 * point (x, y) inside the quarter circle?" into one loop that averages it without storing the
 * hits; `runParallel` gives each worker whole subtrees of numpy's pairwise sum, so the mean is
 * the one-thread mean bit for bit, whatever the number of workers. The points are seeded (jax's
 * keys), written straight into shared memory, so every run prints the same estimate.
 *
 * Run: `deno run --allow-read=. examples/recipes/monte_carlo_pi.ts 1000000`
 * - `--allow-read=.`: the workers load the library and its kernel task from this checkout.
 *
 * @module
 */
import { Pool } from "../../mod.ts";
import { jit, random, runParallel } from "../../numeric.ts";

const n = Number(Deno.args[0] ?? 1_000_000);
if (!Number.isSafeInteger(n) || n < 1) {
  throw new RangeError(`expected a number of points, got "${Deno.args[0]}"`);
}
// n points of the unit square, x and y from two keys, as jax.random.uniform(key, (n,)) each.
const [xKey, yKey] = random.split(random.PRNGKey(0));
const xs = random.uniformBlock(xKey!, 0, new Float32Array(new SharedArrayBuffer(4 * n)));
const ys = random.uniformBlock(yKey!, 0, new Float32Array(new SharedArrayBuffer(4 * n)));

const inside = jit((x: number, y: number) => (x * x + y * y <= 1 ? 1 : 0), { reduce: "mean" });
await using pool = new Pool({ processes: 2 });
const estimate = 4 * await runParallel(pool, inside, [xs, ys]);
console.log(`n: ${n}, pi ≈ ${estimate}, error ${Math.abs(estimate - Math.PI).toExponential(2)}`);
console.log(`equal to one thread: ${Object.is(estimate, 4 * inside(xs, ys))}`);
