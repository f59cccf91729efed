/**
 * Idle workers, both sides, each against the behaviour before idle release ("old": idle
 * workers hold the process and stop after the former 1000 ms default) in the same run:
 *
 * 1. A script that never closes its pool: time from its last line to its exit.
 * 2. A server (`Deno.serve`) with requests after seeded pauses of 2 to 10 s: the time of the
 *    pool call after each pause, and how many workers were started (1 if the worker was kept).
 *
 * Every program runs as a fresh child `deno` process (tasks/bench/idle/children.ts).
 *
 * ```sh
 * deno task bench:idle            # 7 exit runs per case, 4 pauses of 2-10 s per server
 * deno task bench:idle --quick    # 2 exit runs, 2 pauses of 2-3 s
 * deno task bench:idle --json idle.json
 * ```
 *
 * @module
 */
import { benchFlags, percent } from "./bench/cli.ts";
import { cpuShares, cpuSnapshot, environment, formatEnvironment, othersBusy } from "./bench/env.ts";
import { type Figure, figure, formatFigure, header, loadLine } from "./bench/report.ts";
import { summarize } from "./bench/stats.ts";
import { type Mechanism, type Request, serveWithPauses, timeExit } from "./bench/idle/children.ts";
import type { Isolation } from "../lib/pool/options.ts";

const USAGE = [
  "Usage: deno task bench:idle [--runs N] [--quick] [--json FILE]",
  "  --runs N     runs of the never-closed script per case (default 7; 2 with --quick)",
  "  --quick      2 runs, and 2 server pauses of 2-3 s instead of 4 of 2-10 s",
  "  --json FILE  also write every figure, the environment and the parameters as JSON",
].join("\n");

const SEED = 15;
const ISOLATIONS: readonly Isolation[] = ["thread", "process"];
const PLURAL: Record<Isolation, string> = { thread: "threads", process: "processes" };

/** Seeded pauses (ms), uniform in [low, high), from a 32-bit linear congruential generator. */
function pauses(count: number, low: number, high: number, seed: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return Math.round(low + (state / 2 ** 32) * (high - low));
  });
}

/** The floor: the same script's exit without a pool. */
async function bareExitFigure(runs: number): Promise<Figure> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ms = await timeExit(null, "thread");
    if (ms === null) throw new Error("the script without a pool did not exit");
    samples.push(ms);
  }
  return figure({
    id: "exit-no-pool",
    label: "the same script without a pool: last line → exit",
    unit: "ms",
    summary: summarize(samples),
    role: "floor",
  });
}

async function exitFigures(isolation: Isolation, runs: number): Promise<Figure[]> {
  const samples: Record<Mechanism, number[]> = { new: [], old: [] };
  for (let i = 0; i < runs; i++) {
    // Alternated, so a drift in the machine's load falls on both.
    for (const mechanism of (i % 2 === 0 ? ["new", "old"] : ["old", "new"]) as Mechanism[]) {
      const ms = await timeExit(mechanism, isolation);
      if (ms === null) throw new Error(`the never-closed script (${mechanism}) did not exit`);
      samples[mechanism].push(ms);
    }
  }
  const label = (m: Mechanism) => `never-closed pool, ${PLURAL[isolation]}, ${m}: last line → exit`;
  const old = figure({
    id: `exit-${isolation}-old`,
    label: label("old"),
    unit: "ms",
    summary: summarize(samples.old),
    role: "baseline",
  });
  const current = figure({
    id: `exit-${isolation}-new`,
    label: label("new"),
    unit: "ms",
    summary: summarize(samples.new),
    compare: [{ name: "old", figure: old }],
  });
  return [current, old];
}

interface ServerResult {
  readonly figures: Figure[];
  readonly starts: Record<Mechanism, number>;
  readonly requests: Record<Mechanism, Request[]>;
}

async function serverFigures(isolation: Isolation, pausesMs: number[]): Promise<ServerResult> {
  // Both programs mostly sleep: run side by side to halve the wall time.
  const [fresh, old] = await Promise.all([
    serveWithPauses("new", isolation, pausesMs),
    serveWithPauses("old", isolation, pausesMs),
  ]);
  const requests = { new: fresh, old };
  // A worker counts its calls from 1: each such answer came from a newly started worker.
  const starts = {
    new: fresh.filter((r) => r.calls === 1).length,
    old: old.filter((r) => r.calls === 1).length,
  };
  const afterPause = (list: Request[]) => summarize(list.slice(1).map((r) => r.callMs));
  const label = (m: Mechanism) => `server, ${PLURAL[isolation]}, ${m}: pool call after a pause`;
  const oldFigure = figure({
    id: `server-${isolation}-old`,
    label: label("old"),
    unit: "ms",
    summary: afterPause(old),
    role: "baseline",
    extra: { workerStarts: starts.old },
  });
  const newFigure = figure({
    id: `server-${isolation}-new`,
    label: label("new"),
    unit: "ms",
    summary: afterPause(fresh),
    compare: [{ name: "old", figure: oldFigure }],
    extra: { workerStarts: starts.new },
  });
  return { figures: [newFigure, oldFigure], starts, requests };
}

async function main(): Promise<void> {
  let flags;
  try {
    flags = benchFlags(Deno.args, USAGE);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    Deno.exit(2);
  }
  const { quick, runs, json } = flags;
  const pausesMs = quick ? pauses(2, 2_000, 3_000, SEED) : pauses(4, 2_000, 10_000, SEED);
  const env = environment();
  console.log(`multiproc idle-worker benchmark${quick ? " (--quick)" : ""}`);
  console.log(formatEnvironment(env));
  console.log(
    `seed ${SEED} · ${runs} runs of the never-closed script per case · server pauses ` +
      `${pausesMs.join(", ")} ms · old = idle workers hold the process, idleTimeout 1000 ms`,
  );
  const othersBefore = await othersBusy();
  console.log(`other processes' CPU use before start: ${percent(othersBefore)} of all cores`);
  const startCpu = cpuSnapshot();

  const figures: Figure[] = [];
  console.log(`\n1. A script that never closes its pool (2 workers)\n${header()}`);
  const floor = await bareExitFigure(runs);
  console.log(formatFigure(floor));
  figures.push(floor);
  for (const isolation of ISOLATIONS) {
    for (const f of await exitFigures(isolation, runs)) {
      console.log(formatFigure(f));
      figures.push(f);
    }
  }
  console.log(`\n2. A server whose requests come after pauses (1 worker)\n${header()}`);
  const servers: Record<string, Omit<ServerResult, "figures">> = {};
  for (const isolation of ISOLATIONS) {
    const { figures: found, starts, requests } = await serverFigures(isolation, pausesMs);
    for (const f of found) console.log(formatFigure(f));
    console.log(
      `  · workers started over ${pausesMs.length + 1} requests: new ${starts.new}, ` +
        `old ${starts.old}; initializer runs seen by the last request: new ` +
        `${requests.new.at(-1)?.initializerRuns}, old ${requests.old.at(-1)?.initializerRuns}`,
    );
    figures.push(...found);
    servers[isolation] = { starts, requests };
  }
  const othersDuring = cpuShares(startCpu, cpuSnapshot())?.others ?? null;
  console.log(loadLine(othersDuring, " (the two server programs run side by side)"));

  if (json !== null) {
    const report = {
      benchmark: "bench:idle",
      parameters: { seed: SEED, runs, quick, pausesMs },
      environment: env,
      load: { othersCpuBeforeStart: othersBefore, othersCpuDuringRun: othersDuring },
      ratio: "speed-up over old, from medians: old time / new time (above 1: new is faster)",
      figures,
      servers,
    };
    await Deno.writeTextFile(json, JSON.stringify(report, null, 2) + "\n");
    console.log(`JSON written to ${json}`);
  }
}

if (import.meta.main) await main();
