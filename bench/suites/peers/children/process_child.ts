/**
 * A fresh process measuring one Deno contender of the Process figure, printing one JSON line
 * `{ "values": { name: median ms } }`:
 * `deno run -A process_child.ts process|worker TIMES GAP_MS`.
 *
 * - `process`: bench:process's own measurement (`bench/suites/process/child.ts`): a trivial
 *   Process's start → join with a warm spare ready (after a pause), back to back, the program's
 *   first, and a Process started inside a Process and inside a pool worker's task;
 * - `worker`: a bare Worker, the floor, `GAP_MS` apart.
 *
 * @module
 */
import { median } from "../../../harness/stats.ts";
import { ours } from "../../process/child.ts";
import { bareWorkerStartJoin, medianMs } from "./process_work.ts";

/** The pause before a sample that waits for a spare (bench:process's full-size pause). */
const SPARE_PAUSE_MS = 200;

const [who, times = "5", gap = "10"] = Deno.args;
const [n, gapMs] = [Number(times), Number(gap)];
let values: Record<string, number>;
if (who === "process") {
  const samples = await ours(n, SPARE_PAUSE_MS);
  values = {
    ready_ms: median(samples.ready),
    back_to_back_ms: median(samples.backToBack),
    first_ms: samples.first,
    nested_ms: median(samples.nested),
    ...(samples.pool === undefined ? {} : { pool_ms: median(samples.pool) }),
    ...(samples.poolFirst === undefined ? {} : { pool_first_ms: samples.poolFirst }),
  };
} else if (who === "worker") {
  values = { start_join_ms: await medianMs(n, gapMs, bareWorkerStartJoin) };
} else {
  throw new TypeError(
    `usage: process_child.ts process|worker TIMES GAP_MS, received ${who}`,
  );
}
console.log(JSON.stringify({ runtime: `deno ${Deno.version.deno}`, values }));
Deno.exit(0);
