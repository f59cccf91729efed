/**
 * A fresh process measuring one Deno contender of the Process figure, printing one JSON line
 * `{ "values": { name: median ms } }`:
 * `deno run -A process_child.ts process|pool_nested|worker TIMES GAP_MS`.
 *
 * - `process`: bench:process's own measurement (`bench/suites/process/child.ts`): a trivial
 *   Process's start → join with a warm spare ready (after a pause), back to back, the program's
 *   first, and a Process started inside a Process;
 * - `pool_nested`: the same started inside a pool worker, `GAP_MS` apart;
 * - `worker`: a bare Worker, the floor, `GAP_MS` apart.
 *
 * @module
 */
import { Pool } from "../../../../mod.ts";
import { median } from "../../../harness/stats.ts";
import { ours } from "../../process/child.ts";
import { bareWorkerStartJoin, medianMs, processStartJoins } from "./process_work.ts";

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
  };
} else if (who === "worker") {
  values = { start_join_ms: await medianMs(n, gapMs, bareWorkerStartJoin) };
} else if (who === "pool_nested") {
  const module = new URL("./process_work.ts", import.meta.url);
  const pool = new Pool({ processes: 1, module });
  try {
    values = { start_join_ms: await pool.apply(processStartJoins, [n, gapMs]) };
  } finally {
    await pool.terminate();
  }
} else {
  throw new TypeError(
    `usage: process_child.ts process|pool_nested|worker TIMES GAP_MS, received ${who}`,
  );
}
console.log(JSON.stringify({ runtime: `deno ${Deno.version.deno}`, values }));
Deno.exit(0);
