/**
 * One sample of the start-up figures, run in a fresh `deno run` per sample by startup.ts: how
 * long from just before the pool (or the bare workers) is made to its first result, for the
 * first pool of the process and then for a second one. Prints one JSON line:
 * `{ "first": ms, "second": ms }`.
 *
 * `deno run -A startup_child.ts multiproc|floor`: a multiproc Pool of 2 on work.ts, or the floor,
 * 2 bare workers (the naive pool's, which import work.ts too) answering one message.
 *
 * @module
 */
import { Pool } from "../../../mod.ts";
import { NaivePool } from "./naive_pool.ts";
import { inc } from "./work.ts";

const WORKERS = 2;
// Lets the first pool's threads wind down before the second is timed.
const SETTLE_MS = 50;

/** Something started with `WORKERS` workers, to time to its first result. */
type Started = { apply(fn: typeof inc, args: [number]): Promise<number>; terminate(): unknown };

const starters: Record<string, () => Started> = {
  multiproc: () => new Pool({ processes: WORKERS, module: new URL("./work.ts", import.meta.url) }),
  floor: () => new NaivePool(WORKERS),
};

/** Milliseconds from `start()` to its first result, checked; it is then stopped untimed. */
async function firstResult(start: () => Started): Promise<number> {
  const begin = performance.now();
  const started = start();
  try {
    const result = await started.apply(inc, [1]);
    const ms = performance.now() - begin;
    if (result !== 2) throw new Error(`start-up check failed: inc(1) returned ${result}`);
    return ms;
  } finally {
    await started.terminate();
  }
}

const kind = Deno.args[0] ?? "";
const start = starters[kind];
if (start === undefined) {
  throw new RangeError(`expected multiproc or floor as the argument, received ${kind}`);
}
const first = await firstResult(start);
await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
const second = await firstResult(start);
console.log(JSON.stringify({ first, second }));
