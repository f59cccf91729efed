/**
 * A fresh process running one run (after a warm-up run) of bench:shared's lock or pipe
 * throughput section, printing its figures as one JSON line of values:
 * `deno run -A shared_child.ts lock|bytes [--quick]`.
 * - lock: `locked_per_s` (acquireSync; v.value = v.value + 1; release, 2 workers) and
 *   `atomics_per_s` (bare Atomics.add, the ceiling);
 * - bytes: 1 MiB sendBytes main → worker and worker → main through a Pipe, and through a bare
 *   MessageChannel to a bare worker, in GB/s.
 *
 * @module
 */
import type { Parameters } from "../../../harness/suite.ts";
import { sharedSizes } from "../../shared/common.ts";
import { lockSection } from "../../shared/gated.ts";
import { pipeThroughputSection } from "../../shared/pipe_throughput.ts";

const NAMES: Record<string, Record<string, string>> = {
  lock: { "lock.acquire_release": "locked_per_s", "lock.atomics_add": "atomics_per_s" },
  bytes: {
    "pipe.throughput_to_worker": "pipe_to_gbs",
    "pipe.floor_to_worker": "floor_to_gbs",
    "pipe.throughput_from_worker": "pipe_from_gbs",
    "pipe.floor_from_worker": "floor_from_gbs",
  },
};

const [what = "", flag] = Deno.args;
const names = NAMES[what];
if (names === undefined) throw new TypeError(`usage: shared_child.ts lock|bytes [--quick]`);
const quick = flag === "--quick";
const p: Parameters = { runs: 1, warmup: 1, quick, seed: 100, python: null, only: null };
const section = what === "lock"
  ? await lockSection(p, sharedSizes(quick))
  : await pipeThroughputSection(p, sharedSizes(quick));
const values = Object.fromEntries(
  section.figures.filter((f) => f.id in names).map((f) => [names[f.id], f.summary.median]),
);
console.log(JSON.stringify({ runtime: `deno ${Deno.version.deno}`, values }));
Deno.exit(0);
