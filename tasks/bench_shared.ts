/**
 * Acceptance benchmark of the shared-memory and channel primitives: increments of a
 * SharedValue under its Lock by 2 workers at once, a Pipe's round trip and its throughput in
 * 1 MiB messages, and a Queue between 2 producer and 2 consumer workers. Every figure is the
 * median, with [min–max], over repeated runs after a warm-up, and is set against figures of the
 * same run: a floor or ceiling (the bare Web platform: MessageChannel, Atomics) and, when
 * `python3` is on PATH, Python's `multiprocessing` doing the same (scripts in bench/python/).
 *
 * ```sh
 * deno task bench:shared                # full sizes, 7 runs
 * deno task bench:shared --quick        # sizes / 10, 2 runs (CI smoke)
 * deno task bench:shared --runs 11 --json bench.json
 * ```
 *
 * Targets are informational: a MISS is printed, never an exit code.
 *
 * @module
 */
import { benchFlags, percent } from "./bench/cli.ts";
import {
  cpuShares,
  type CpuSnapshot,
  cpuSnapshot,
  environment,
  formatEnvironment,
  othersBusy,
} from "./bench/env.ts";
import type { RunOptions } from "./bench/stats.ts";
import { lockSection } from "./bench/shared/lock.ts";
import { parameters } from "./bench/shared/parameters.ts";
import { pipeLatencySection, pipeThroughputSection } from "./bench/shared/pipe.ts";
import { findPython, pythonCpu } from "./bench/shared/python.ts";
import { queueSection } from "./bench/shared/queue.ts";
import { formatFigure, header, loadLine, targetsLine } from "./bench/report.ts";
import type { Context, Parameters, Section } from "./bench/shared/types.ts";

/** The sections, by the name `--only` takes, in the order they run. */
const SECTIONS = {
  lock: lockSection,
  "pipe-latency": pipeLatencySection,
  "pipe-throughput": pipeThroughputSection,
  queue: queueSection,
} as const;
type SectionName = keyof typeof SECTIONS;

const USAGE = [
  "Usage: deno task bench:shared [--runs N] [--quick] [--json FILE] [--only NAME,...]",
  "  --runs N     measured runs per figure (default 7; 2 with --quick)",
  "  --quick      sizes / 10 and 2 runs, for a CI smoke test",
  "  --json FILE  also write every figure, the environment and the parameters as JSON",
  `  --only LIST  run only these sections: ${Object.keys(SECTIONS).join(", ")}`,
  "Python baselines run when python3 is on PATH; without it they are skipped with a note.",
].join("\n");

function flags(
  args: string[],
): { params: Parameters; json: string | null; only: SectionName[] } {
  const onlyAt = args.indexOf("--only");
  const rest = onlyAt < 0 ? args : args.toSpliced(onlyAt, 2);
  const { quick, runs, json } = benchFlags(rest, USAGE);
  return { params: parameters(quick, runs), json, only: onlyList(args[onlyAt + 1], onlyAt >= 0) };
}

function onlyList(list: string | undefined, given: boolean): SectionName[] {
  const all = Object.keys(SECTIONS) as SectionName[];
  if (!given) return all;
  const names = (list ?? "").split(",").filter((name) => name !== "");
  const unknown = names.filter((name) => !all.includes(name as SectionName));
  if (names.length === 0 || unknown.length > 0) {
    throw new RangeError(
      `--only expects a comma-separated list of ${all.join(", ")}, received "${list ?? ""}"`,
    );
  }
  return all.filter((name) => names.includes(name));
}

function printSection(section: Section): void {
  console.log(`\n${section.title}`);
  console.log(header());
  for (const f of section.figures) console.log(formatFigure(f));
  for (const note of section.notes) console.log(`  · ${note}`);
}

/** Other processes' share of all cores before the start and during the Deno measurements. */
interface Load {
  readonly before: number | null;
  readonly during: number | null;
}

/**
 * Other processes' share of all cores between two snapshots, leaving out the time spent in
 * Python's baselines: their processes are "other" to /proc/self/stat, and not load.
 */
function othersOutsidePython(
  before: CpuSnapshot | null,
  after: CpuSnapshot | null,
): number | null {
  if (before === null || after === null) return null;
  const python = pythonCpu();
  const deno = {
    total: after.total - python.total,
    idle: after.idle - python.idle,
    self: after.self - python.self,
  };
  return cpuShares(before, deno)?.others ?? null;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = flags(Deno.args);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    Deno.exit(2);
  }
  const { params: p, json, only } = parsed;
  const env = environment();
  const python = await findPython();
  const ctx: Context = { params: p, python };
  const opts: RunOptions = { warmup: p.warmup, runs: p.runs };
  console.log(`multiproc shared-memory and channel benchmark${p.quick ? " (--quick)" : ""}`);
  console.log(formatEnvironment(env));
  console.log(
    python === null
      ? "python3: not found on PATH · Python baselines skipped"
      : `python3: Python ${python.version} (${python.executable}) · baselines in bench/python/`,
  );
  console.log(
    `seed ${p.seed} · ${p.warmup} warm-up + ${p.runs} measured runs per figure · ` +
      "median [min – max] over runs · targets are informational",
  );

  const before = await othersBusy();
  console.log(`other processes' CPU use before start: ${percent(before)} of all cores`);
  const start = cpuSnapshot();
  const sections: Section[] = [];
  for (const name of only) {
    const section = await SECTIONS[name](ctx, opts);
    printSection(section);
    sections.push(section);
  }
  const load: Load = { before, during: othersOutsidePython(start, cpuSnapshot()) };
  console.log(
    loadLine(load.during, python === null ? "" : " (time in Python's baselines left out)"),
  );

  const figures = sections.flatMap((s) => s.figures);
  console.log(targetsLine(figures));

  if (json !== null) {
    const report = {
      benchmark: "bench:shared",
      parameters: p,
      environment: env,
      python,
      load: { othersCpuBeforeStart: load.before, othersCpuDuringRun: load.during },
      ratio: "speed-up over the figure compared with, from medians: rate / its rate, or " +
        "its time / time (above 1: faster)",
      sections: sections.map((s) => ({ title: s.title, notes: s.notes })),
      figures,
    };
    await Deno.writeTextFile(json, JSON.stringify(report, null, 2) + "\n");
    console.log(`JSON written to ${json}`);
  }
}

if (import.meta.main) await main();
