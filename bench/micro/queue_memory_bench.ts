/**
 * `deno task bench:queue [--calls N]` (default 1,000,000): the heap held per queued call, N
 * `applyAsync` calls queued behind a one-worker pool's busy worker, against N bare
 * `Promise.withResolvers()` measured the same way (full GCs before and after); then every call
 * settles once the pool terminates.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { Pool } from "../../mod.ts";
import { inc, sleepThenReturn } from "../../tests/fixtures/tasks.ts";

const { values } = parseArgs({ options: { calls: { type: "string", default: "1000000" } } });
const calls = Number(values.calls);
if (!Number.isInteger(calls) || calls <= 0) {
  throw new RangeError(`--calls must be a positive integer, received ${values.calls}`);
}
const { gc } = globalThis as { gc?: () => void };
if (gc === undefined) {
  throw new Error("run with --v8-flags=--expose-gc (deno task bench:queue does)");
}
function heapAfterGc(): number {
  gc!();
  gc!();
  return Deno.memoryUsage().heapUsed;
}
const count = (n: number): string => n.toLocaleString("en-US");

const baselineStart = heapAfterGc();
const bare = Array.from({ length: calls }, () => Promise.withResolvers<number>());
const baselineBytes = (heapAfterGc() - baselineStart) / calls;
bare.length = 0;

const pool = new Pool({
  processes: 1,
  module: new URL("../../tests/fixtures/tasks.ts", import.meta.url).href,
});
const blocker = pool.apply(sleepThenReturn, [60_000, "held"], { timeout: 60_000 });
await new Promise((resolve) => setTimeout(resolve, 200));
const before = heapAfterGc();
const results = [];
for (let i = 0; i < calls; i++) results.push(pool.applyAsync(inc, [i]));
const queued = pool.queued;
const callBytes = (heapAfterGc() - before) / calls;
const started = performance.now();
await pool.terminate().catch(() => {});
await blocker.catch(() => {});
const settled = (await Promise.allSettled(results.map((r) => r.get()))).length;
const drainMs = performance.now() - started;

const ratio = (callBytes / baselineBytes).toFixed(2);
console.log(
  `bench:queue · Deno ${Deno.version.deno} · ${navigator.hardwareConcurrency} CPUs · ` +
    `${count(calls)} calls\nqueued while the worker was busy: ${count(queued)}\n` +
    `heap per queued applyAsync call: ${callBytes.toFixed(0)} bytes (baseline ` +
    `Promise.withResolvers(): ${baselineBytes.toFixed(0)} bytes; ratio ${ratio}×)\n` +
    `memory for all of them: ${(callBytes * calls / 2 ** 20).toFixed(0)} MiB; terminate() then ` +
    `settled all ${count(settled)} in ${drainMs.toFixed(0)} ms`,
);
