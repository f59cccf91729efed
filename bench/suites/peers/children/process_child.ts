/**
 * A fresh process measuring one Deno contender of the Process figure, printing one JSON line
 * `{ "values": { "start_join_ms": median } }`:
 * `deno run -A process_child.ts process|nested|worker TIMES GAP_MS`: a trivial Process started
 * and joined on the main thread, the same inside a pool worker, or a bare Worker (the floor).
 *
 * @module
 */
import { Pool } from "../../../../mod.ts";
import { bareWorkerStartJoin, medianMs, processStartJoin } from "./process_work.ts";
import { processStartJoins } from "./process_work.ts";

const [who, times = "20", gap = "10"] = Deno.args;
const [n, gapMs] = [Number(times), Number(gap)];
let ms: number;
if (who === "process") {
  ms = await medianMs(n, gapMs, processStartJoin);
} else if (who === "worker") {
  ms = await medianMs(n, gapMs, bareWorkerStartJoin);
} else if (who === "nested") {
  const module = new URL("./process_work.ts", import.meta.url);
  const pool = new Pool({ processes: 1, module });
  try {
    ms = await pool.apply(processStartJoins, [n, gapMs]);
  } finally {
    await pool.terminate();
  }
} else {
  throw new TypeError(
    `usage: process_child.ts process|nested|worker TIMES GAP_MS, received ${who}`,
  );
}
console.log(
  JSON.stringify({ runtime: `deno ${Deno.version.deno}`, values: { start_join_ms: ms } }),
);
Deno.exit(0);
