/**
 * Acceptance benchmark of the pool, with 2 workers: throughput of tiny tasks, a per-row count
 * over a seeded matrix, the latency of one round trip, and a pool's start-up. Every figure is
 * the median, with [min–max], over repeated runs after a warm-up, and is set against a baseline
 * measured in the same run: a naive one-message-per-task pool, or the serial loop.
 *
 * ```sh
 * deno task bench:pool                # full sizes, 7 runs
 * deno task bench:pool --quick        # sizes / 10, 2 runs (CI smoke)
 * deno task bench:pool --runs 11 --json bench.json
 * ```
 *
 * Targets are informational: a MISS is printed, never an exit code. Round-trip latency on a
 * virtual machine depends on which vCPUs the threads land on: see the note under that figure.
 *
 * @module
 */
import { benchFlags, percent } from "./bench/cli.ts";
import { cpuShares, cpuSnapshot, environment, formatEnvironment, othersBusy } from "./bench/env.ts";
import { formatFigure, header, loadLine, targetsLine } from "./bench/report.ts";
import type { RunOptions } from "./bench/stats.ts";
import { countRows } from "./bench/pool/count.ts";
import { latency } from "./bench/pool/latency.ts";
import { parameters } from "./bench/pool/parameters.ts";
import { tinyTasks } from "./bench/pool/throughput.ts";
import type { Parameters, Section } from "./bench/pool/types.ts";

const USAGE = [
  "Usage: deno task bench:pool [--runs N] [--quick] [--json FILE]",
  "  --runs N     measured runs per figure (default 7; 2 with --quick)",
  "  --quick      sizes / 10 and 2 runs, for a CI smoke test",
  "  --json FILE  also write every figure, the environment and the parameters as JSON",
].join("\n");

function flags(args: string[]): { params: Parameters; json: string | null } {
  const { quick, runs, json } = benchFlags(args, USAGE);
  return { params: parameters(quick, runs), json };
}

function printSection(section: Section): void {
  console.log(`\n${section.title}`);
  console.log(header());
  for (const f of section.figures) {
    console.log(formatFigure(f));
  }
  for (const note of section.notes) console.log(`  · ${note}`);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = flags(Deno.args);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    Deno.exit(2);
  }
  const { params: p, json } = parsed;
  const env = environment();
  const opts: RunOptions = { warmup: p.warmup, runs: p.runs };
  console.log(`multiproc pool benchmark${p.quick ? " (--quick)" : ""}`);
  console.log(formatEnvironment(env));
  console.log(
    `seed ${p.seed} · ${p.workers} workers · ${p.warmup} warm-up + ${p.runs} measured runs per ` +
      "figure · median [min – max] over runs · targets are informational",
  );

  const othersBefore = await othersBusy();
  console.log(`other processes' CPU use before start: ${percent(othersBefore)} of all cores`);
  const startCpu = cpuSnapshot();
  const sections: Section[] = [];
  for (const run of [tinyTasks, countRows, latency]) {
    const section = await run(p, opts);
    printSection(section);
    sections.push(section);
  }

  const othersDuring = cpuShares(startCpu, cpuSnapshot())?.others ?? null;
  console.log(loadLine(othersDuring));
  const figures = sections.flatMap((s) => s.figures);
  console.log(targetsLine(figures));

  if (json !== null) {
    const report = {
      benchmark: "bench:pool",
      parameters: p,
      environment: env,
      load: { othersCpuBeforeStart: othersBefore, othersCpuDuringRun: othersDuring },
      ratio: "speed-up over the baseline, from medians: rate / baseline rate, or " +
        "baseline time / time (above 1: faster than the baseline)",
      sections: sections.map((s) => ({ title: s.title, baseline: s.baselineName, notes: s.notes })),
      figures,
    };
    await Deno.writeTextFile(json, JSON.stringify(report, null, 2) + "\n");
    console.log(`JSON written to ${json}`);
  }
}

if (import.meta.main) await main();
