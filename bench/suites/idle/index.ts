/**
 * Idle workers (`deno task bench:idle`): a script that never closes its pool, and a server whose
 * requests come after seeded pauses, each run as a fresh child `deno` process (child.ts) under
 * the current mechanism and the behaviour before idle release ("old") in the same run.
 *
 * @module
 */
import type { Isolation } from "../../../mod.ts";
import { type Figure, figure, type Section } from "../../harness/figure.ts";
import { summarize } from "../../harness/stats.ts";
import type { Parameters, Suite } from "../../harness/suite.ts";

const SEED = 15;
const ISOLATIONS: readonly Isolation[] = ["thread", "process"];
const PLURAL: Record<Isolation, string> = { thread: "threads", process: "processes" };
// A child that does not end by itself is killed here, and the run fails.
const DEADLINE_MS = 120_000;

type Mechanism = "new" | "old";
/** A request to the server: the pause before it, its pool call (ms), what its worker counted. */
type Request = { pauseMs: number; callMs: number; initializerRuns: number; calls: number };

/**
 * Runs child.ts with `args`: the JSON it printed after "OUTCOME ", and when the parent saw it
 * exit (ms, on the clock of `performance.timeOrigin`). Throws unless it succeeded in time.
 */
async function runChild(args: string[]): Promise<{ outcome: unknown; exitEpochMs: number }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./child.ts", import.meta.url).href, ...args],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), DEADLINE_MS);
  const stdout = new Response(child.stdout).text();
  const status = await child.status;
  const exitEpochMs = performance.timeOrigin + performance.now();
  clearTimeout(timer);
  const line = (await stdout).split("\n").find((text) => text.startsWith("OUTCOME "));
  if (!status.success || line === undefined) {
    throw new Error(`child.ts ${args.join(" ")} failed or did not exit by itself`);
  }
  return { outcome: JSON.parse(line.slice("OUTCOME ".length)), exitEpochMs };
}

/** The new figure against the old one, its baseline, from the fields of each. */
function newAgainstOld(
  id: string,
  fields: (mechanism: Mechanism) => Pick<Figure, "label" | "summary" | "extra">,
): Figure[] {
  const old = figure({ id: `${id}-old`, unit: "ms", ...fields("old"), role: "baseline" });
  const compare = [{ name: "old", figure: old }];
  return [figure({ id: `${id}-new`, unit: "ms", ...fields("new"), compare }), old];
}

/** Section 1: the never-closed script's exit, threads and processes, new against old. */
async function exitSection(runs: number): Promise<Section> {
  /** Milliseconds from the never-closed script's last line to its exit ("none": no pool). */
  const timeExit = async (mechanism: Mechanism | "none", isolation: Isolation) => {
    const { outcome, exitEpochMs } = await runChild([mechanism, isolation]);
    return exitEpochMs - (outcome as number);
  };
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) bare.push(await timeExit("none", "thread"));
  const figures = [figure({
    id: "exit-no-pool",
    label: "the same script without a pool: last line → exit",
    unit: "ms",
    summary: summarize(bare),
    role: "floor",
  })];
  for (const isolation of ISOLATIONS) {
    const samples: Record<Mechanism, number[]> = { new: [], old: [] };
    for (let i = 0; i < runs; i++) {
      // Alternated, so a drift in the machine's load falls on both.
      for (const mechanism of (i % 2 === 0 ? ["new", "old"] : ["old", "new"]) as Mechanism[]) {
        samples[mechanism].push(await timeExit(mechanism, isolation));
      }
    }
    figures.push(...newAgainstOld(`exit-${isolation}`, (m) => ({
      label: `never-closed pool, ${PLURAL[isolation]}, ${m}: last line → exit`,
      summary: summarize(samples[m]),
    })));
  }
  return { title: "1. A script that never closes its pool (2 workers)", figures, notes: [] };
}

/** Section 2: the server's pool calls after pauses, threads and processes, new against old. */
async function serverSection(pausesMs: number[]): Promise<Section> {
  const figures: Figure[] = [];
  const notes: string[] = [];
  for (const isolation of ISOLATIONS) {
    // Both programs mostly sleep: run side by side to halve the wall time.
    const serve = async (m: Mechanism) =>
      (await runChild([m, isolation, JSON.stringify(pausesMs)])).outcome as Request[];
    const [fresh, old] = await Promise.all([serve("new"), serve("old")]);
    const requests: Record<Mechanism, Request[]> = { new: fresh, old };
    // A worker counts its calls from 1: each such answer came from a newly started worker.
    const starts = (m: Mechanism) => requests[m].filter((r) => r.calls === 1).length;
    figures.push(...newAgainstOld(`server-${isolation}`, (m) => ({
      label: `server, ${PLURAL[isolation]}, ${m}: pool call after a pause`,
      summary: summarize(requests[m].slice(1).map((r) => r.callMs)),
      extra: { workerStarts: starts(m), requests: requests[m] },
    })));
    notes.push(
      `${PLURAL[isolation]}: workers started over ${pausesMs.length + 1} requests: new ` +
        `${starts("new")}, old ${starts("old")}; initializer runs seen by the last request: new ` +
        `${fresh.at(-1)?.initializerRuns}, old ${old.at(-1)?.initializerRuns}`,
    );
  }
  return { title: "2. A server whose requests come after pauses (1 worker)", figures, notes };
}

/** The server pauses (ms) of a run, uniform from a 32-bit linear congruential generator. */
function pausesFor(quick: boolean): number[] {
  const [count, low, high] = quick ? [2, 2_000, 3_000] : [4, 2_000, 10_000];
  let state = SEED >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return Math.round(low + (state / 2 ** 32) * (high - low));
  });
}

/** The idle suite. */
export const idleSuite: Suite = {
  name: "bench:idle",
  title: "idle-worker benchmark",
  seed: SEED,
  python: false,
  loadAside: " (the two server programs run side by side)",
  intro: (p: Parameters) => [
    `seed ${p.seed} · ${p.runs} runs of the never-closed script per case · server pauses ${
      pausesFor(p.quick).join(", ")
    } ms · old = idle workers hold the process, idleTimeout 1000 ms`,
  ],
  sizes: (quick: boolean) => ({ pausesMs: pausesFor(quick) }),
  async *sections(p: Parameters) {
    yield await exitSection(p.runs);
    yield await serverSection(pausesFor(p.quick));
  },
};
