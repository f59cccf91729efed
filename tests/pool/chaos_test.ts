// Chaos: many calls where a seeded share throw, kill their worker, or are aborted (queued or
// running). Every call must settle exactly once with the outcome its seed says, no worker or
// child process may be left behind, and the pool must then run a clean map correctly.
import assert from "node:assert/strict";
import { AbortError, Pool, WorkerDiedError } from "../../mod.ts";
import { countAlive } from "../../lib/internal/threads.ts";
import { liveChildCount } from "../../lib/worker/_child_registry.ts";
import { chaos } from "../fixtures/reliability_tasks.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/reliability_tasks.ts", import.meta.url).href;

type Kind = "ok" | "throw" | "die" | "abort-queued" | "abort-running";

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 10% throw, 1% kill their worker, 1% aborted (half while queued, half while running). */
function kindOf(draw: number): Kind {
  if (draw < 0.10) return "throw";
  if (draw < 0.11) return "die";
  if (draw < 0.115) return "abort-queued";
  if (draw < 0.12) return "abort-running";
  return "ok";
}

function check(kind: Kind, index: number, status: string, outcome: unknown): string | null {
  const error = outcome as Error;
  switch (kind) {
    case "ok":
      return status === "fulfilled" && outcome === index * 2 ? null : `expected ${index * 2}`;
    case "throw":
      return status === "rejected" && error.message === `chaos call ${index} threw`
        ? null
        : "expected its own error";
    case "die":
      return status === "rejected" && error instanceof WorkerDiedError
        ? null
        : "expected WorkerDiedError";
    default:
      return status === "rejected" && error instanceof AbortError ? null : "expected AbortError";
  }
}

async function chaosRun(isolation: "thread" | "process", calls: number, seed: number) {
  const started = performance.now();
  const aliveBefore = countAlive();
  const random = mulberry32(seed);
  const pool = new Pool({ processes: 2, module: TASKS, isolation, cancelGrace: 2_000 });
  const settledTimes = new Uint8Array(calls);
  const kinds: Kind[] = [];
  const mismatches: string[] = [];
  const counts: Record<Kind, number> = {
    "ok": 0,
    "throw": 0,
    "die": 0,
    "abort-queued": 0,
    "abort-running": 0,
  };
  const results = [];
  for (let index = 0; index < calls; index++) {
    const kind = kindOf(random());
    kinds.push(kind);
    counts[kind]++;
    const controller = kind.startsWith("abort") ? new AbortController() : null;
    const taskKind = kind === "abort-running" ? "wait" : kind;
    const onSettle = (status: string) => (outcome: unknown) => {
      settledTimes[index]!++;
      const problem = check(kind, index, status, outcome);
      if (problem !== null && mismatches.length < 10) {
        mismatches.push(`call ${index} (${kind}): ${problem}, got ${status} ${String(outcome)}`);
      }
    };
    const options = {
      callback: onSettle("fulfilled"),
      errorCallback: onSettle("rejected"),
      ...(controller === null ? {} : { signal: controller.signal }),
    };
    results.push(pool.applyAsync(chaos, [index, taskKind], options));
    if (kind === "abort-queued") controller!.abort();
    if (kind === "abort-running") setTimeout(() => controller!.abort(), 1 + random() * 20);
  }
  await Promise.allSettled(results.map((result) => result.get()));
  const twice = settledTimes.findIndex((times) => times !== 1);
  const clean = await pool.map((x: number) => x + 1, Array.from({ length: 1000 }, (_, i) => i));
  pool.close();
  await pool.join();
  const seconds = (performance.now() - started) / 1000;
  return { counts, mismatches, twice, clean, seconds, leaked: countAlive() - aliveBefore };
}

for (const [isolation, calls] of [["thread", 100_000], ["process", 100_000]] as const) {
  Deno.test(`chaos (${isolation}): ${calls} calls, seeded 10% throw, 1% kill their worker, 1% aborted: each settles once as seeded`, async () => {
    const seed = 20261121;
    const run = await chaosRun(isolation, calls, seed);
    assert.deepEqual(run.mismatches, [], `seed ${seed}`);
    assert.equal(run.twice, -1, `call ${run.twice} settled ${run.twice < 0 ? 1 : "not once"}`);
    assert.equal(run.leaked, 0, "every worker thread must be stopped");
    assert.equal(liveChildCount(), 0, "every child process must be reaped");
    assert.deepEqual(run.clean, Array.from({ length: 1000 }, (_, i) => i + 1));
    const c = run.counts;
    await reportRow("faults", `chaos, isolation "${isolation}"`, {
      injected: `${calls} calls: ${c.throw} throw, ${c.die} kill their worker, ` +
        `${c["abort-queued"]} aborted queued, ${c["abort-running"]} aborted running`,
      outcome: `each settled once as seeded; ${c.die} workers replaced, 0 leaked; ` +
        `clean map of 1000 correct; ${run.seconds.toFixed(1)} s`,
    });
  });
}
