/**
 * Idle workers, both sides, each against the behaviour before idle release ("old": idle
 * workers hold the process and stop after the former 1000 ms default) in the same run:
 *
 * 1. A script that never closes its pool: time from its last line to its exit.
 * 2. A server (`Deno.serve`) with requests after seeded pauses of 2 to 10 s: the time of the
 *    pool call after each pause, and how many workers were started (1 if the worker was kept).
 *
 * Every program runs as a fresh child `deno` process (bench/suites/idle/children.ts).
 *
 * `--runs N`: runs of the never-closed script per case (7; 2 with `--quick`, which also makes 2
 * server pauses of 2-3 s instead of 4 of 2-10 s).
 *
 * @module
 */
import type { Isolation } from "../../../mod.ts";
import { type Figure, figure, type Section } from "../../harness/figure.ts";
import { summarize } from "../../harness/stats.ts";
import type { Parameters, Suite } from "../../harness/suite.ts";
import { type Mechanism, type Request, serveWithPauses, timeExit } from "./children.ts";

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
    extra: { workerStarts: starts.old, requests: old },
  });
  const newFigure = figure({
    id: `server-${isolation}-new`,
    label: label("new"),
    unit: "ms",
    summary: afterPause(fresh),
    compare: [{ name: "old", figure: oldFigure }],
    extra: { workerStarts: starts.new, requests: fresh },
  });
  return { figures: [newFigure, oldFigure], starts, requests };
}

/** The server pauses (ms) of a run: 4 of 2-10 s, or 2 of 2-3 s when quick. */
function pausesFor(quick: boolean): number[] {
  return quick ? pauses(2, 2_000, 3_000, SEED) : pauses(4, 2_000, 10_000, SEED);
}

/** Section 1: the never-closed script's exit, threads and processes, new against old. */
async function exitSection(runs: number): Promise<Section> {
  const figures = [await bareExitFigure(runs)];
  for (const isolation of ISOLATIONS) figures.push(...await exitFigures(isolation, runs));
  return { title: "1. A script that never closes its pool (2 workers)", figures, notes: [] };
}

/** Section 2: the server's pool calls after pauses, threads and processes, new against old. */
async function serverSection(pausesMs: number[]): Promise<Section> {
  const figures: Figure[] = [];
  const notes: string[] = [];
  for (const isolation of ISOLATIONS) {
    const { figures: found, starts, requests } = await serverFigures(isolation, pausesMs);
    figures.push(...found);
    notes.push(
      `${PLURAL[isolation]}: workers started over ${pausesMs.length + 1} requests: new ` +
        `${starts.new}, old ${starts.old}; initializer runs seen by the last request: new ` +
        `${requests.new.at(-1)?.initializerRuns}, old ${requests.old.at(-1)?.initializerRuns}`,
    );
  }
  return { title: "2. A server whose requests come after pauses (1 worker)", figures, notes };
}

/** The idle suite. */
export const idleSuite: Suite = {
  name: "bench:idle",
  title: "idle-worker benchmark",
  seed: SEED,
  python: false,
  loadAside: " (the two server programs run side by side)",
  intro: (p: Parameters) => [
    `seed ${p.seed} · ${p.runs} runs of the never-closed script per case · server pauses ` +
    `${
      pausesFor(p.quick).join(", ")
    } ms · old = idle workers hold the process, idleTimeout 1000 ms`,
  ],
  sizes: (quick: boolean) => ({ pausesMs: pausesFor(quick) }),
  async *sections(p: Parameters) {
    yield await exitSection(p.runs);
    yield await serverSection(pausesFor(p.quick));
  },
};
