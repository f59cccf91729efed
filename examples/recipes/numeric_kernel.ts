/**
 * Recipe: a numeric kernel over a pool. `compile` turns an expression into a fused loop over a
 * typed array; `runParallel` cuts the array into one block per worker, each writing its block
 * of the result in shared memory. The answer is bit for bit the one-thread answer, since every
 * element runs the same generated code. The input is seeded, so every run prints the same sums.
 *
 * Run: `deno run --allow-read=. examples/recipes/numeric_kernel.ts 100000`
 * - `--allow-read=.`: the workers load the library and its kernel task from this checkout (the
 *   `npm:mathjs` the kernels are compiled with comes from Deno's cache, which needs no flag).
 *
 * @module
 */
import { Pool } from "../../mod.ts";
import { compile, random, runParallel, sum } from "../../numeric.ts";

const n = Number(Deno.args[0] ?? 100_000);
if (!Number.isSafeInteger(n) || n < 0) {
  throw new RangeError(`expected a count, got "${Deno.args[0]}"`);
}
// numpy's np.random.RandomState(42).uniform(-1, 1, n), the same numbers:
const x = new random.RandomState(42).uniform(-1, 1, n);
const kernel = compile("exp(-(x * s)^2) * cos(x)", { params: ["s"] });
const params = { s: 3 };

await using pool = new Pool({ processes: 2 });
const parallel = await runParallel(pool, kernel, x, { params });
const serial = kernel(x, params);
console.log(`n: ${n}, sum: ${sum(parallel)}`);
console.log(`equal to one thread: ${parallel.every((value, i) => Object.is(value, serial[i]))}`);
