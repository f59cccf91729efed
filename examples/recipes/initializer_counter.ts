/**
 * Recipe: an initializer with a shared counter, as Python's `Pool(initializer=init,
 * initargs=(counter,))`. Each worker runs `init` once, keeping the counter in a module variable;
 * every task then adds 1 to it under its lock, so no update is lost however the workers interleave.
 * A second counter, `workers`, counts the initializer's runs.
 *
 * Run: `deno run --allow-read=. examples/recipes/initializer_counter.ts 50`
 * - `--allow-read=.`: the workers load the library and this module.
 *
 * @module
 */
import { Pool, SharedValue } from "../../mod.ts";

let counter: SharedValue<"i">; // set in each worker by init()

/** Runs once in each worker before its first task. */
export function init(shared: SharedValue<"i">, workers: SharedValue<"i">): void {
  counter = shared;
  workers.withLockSync(() => workers.value += 1);
}

/** A task: counts itself, then does its work. */
export function work(x: number): number {
  counter.withLockSync(() => counter.value += 1); // read, add and write back as one step
  return x * x;
}

if (import.meta.main) {
  const tasks = Number(Deno.args[0] ?? 50);
  if (!Number.isSafeInteger(tasks) || tasks < 0) {
    throw new RangeError(`expected a count, got "${Deno.args[0]}"`);
  }
  const counter = new SharedValue("i", 0);
  const workers = new SharedValue("i", 0);
  await using pool = new Pool({
    processes: 2,
    module: import.meta.url,
    initializer: init,
    initargs: [counter, workers],
  });
  const squares = await pool.map(work, Array.from({ length: tasks }, (_, i) => i), 1);
  console.log(`tasks: ${tasks}, counted: ${counter.value}, workers started: ${workers.value}`);
  console.log(`sum of squares: ${squares.reduce((a, b) => a + b, 0)}`);
}
