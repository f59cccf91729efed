/**
 * A fresh process measuring one Deno contender of the pool figures, printing one JSON line:
 * `deno run -A pool_child.ts multiproc|floor startup|roundtrip [TRIPS WARM]`.
 * - startup: ms from just before making a 2-worker pool to its first result; multiproc also
 *   times a second pool made after the first was terminated. The floor: 2 bare Workers
 *   (bench/suites/pool/naive_pool.ts) answering one message each.
 * - roundtrip: the median µs of TRIPS sequential awaited calls after WARM untimed ones; the
 *   floor is a bare Worker's postMessage echo.
 *
 * @module
 */
import { check, roundTrips } from "../../../harness/stats.ts";
import { echoWorker, NaivePool } from "../../pool/naive_pool.ts";
import { startPool } from "../../pool/pools.ts";
import { inc } from "../../pool/work.ts";

type Pool = { apply(fn: typeof inc, args: [number]): Promise<number>; terminate(): unknown };

/** ms from just before `start()` to the pool's first result; the pool is terminated after. */
async function startup(start: () => Pool): Promise<number> {
  const begin = performance.now();
  const pool = start();
  try {
    check(await pool.apply(inc, [1]) === 2, "start-up result");
    return performance.now() - begin;
  } finally {
    await pool.terminate();
  }
}

/** The median µs of `trips` awaited calls after `warm` untimed ones. */
async function trips(call: (x: number) => Promise<number>, n: number, warm: number) {
  await roundTrips(warm, call, (i) => i + 1);
  return (await roundTrips(n, call, (i) => i + 1)).median;
}

const [who, mode, n = "1000", warm = "200"] = Deno.args;
const multiproc = () => startPool(2);
const floor = () => new NaivePool(2);
let values: Record<string, number>;
if (mode === "startup" && who === "multiproc") {
  values = { startup_ms: await startup(multiproc), second_ms: await startup(multiproc) };
} else if (mode === "startup" && who === "floor") {
  values = { startup_ms: await startup(floor) };
} else if (mode === "roundtrip" && (who === "multiproc" || who === "floor")) {
  const pool = who === "multiproc" ? multiproc() : echoWorker();
  const call = who === "multiproc"
    ? (x: number) => (pool as Pool).apply(inc, [x])
    : (x: number) => (pool as ReturnType<typeof echoWorker>).call(x);
  try {
    values = { trip_us: await trips(call, Number(n), Number(warm)) };
  } finally {
    await pool.terminate();
  }
} else {
  throw new TypeError(
    `usage: pool_child.ts multiproc|floor startup|roundtrip [TRIPS WARM], received ${Deno.args}`,
  );
}
console.log(JSON.stringify({ runtime: `deno ${Deno.version.deno}`, values }));
// A worker left behind must not keep this process alive.
Deno.exit(0);
