/**
 * Acceptance benchmark of the math kit: the seed polynomial over 1e6 float64 (compiled kernel,
 * and across 2 workers), a 100×100 `dot`, `quad` of notebook 000's Gaussian for p = 1…99, and
 * `sin + cos` on 3 elements and `where` on 4. Every figure is µs per call, the median with
 * [min–max] over runs after a warm-up; when `python3` with numpy and scipy is on PATH, the same
 * operations run there in the same run (`bench/python/math_ops.py`) and the ratios are printed.
 *
 * ```sh
 * deno task bench:math                  # full sizes, 7 runs
 * deno task bench:math --quick          # 1e5 elements, short runs (CI smoke)
 * deno task bench:math --runs 11 --json math.json
 * ```
 *
 * Targets are informational: a MISS is printed, never an exit code.
 *
 * @module
 */
import { benchFlags } from "./bench/cli.ts";
import { environment, formatEnvironment } from "./bench/env.ts";
import { formatFigure, header, targetsLine } from "./bench/report.ts";
import { findPython, type Python, runPython } from "./bench/shared/python.ts";
import type { RunOptions } from "./bench/stats.ts";
import {
  dotSection,
  type MathParameters,
  type MathSection,
  polynomialSection,
  type PythonMath,
  quadSection,
  tinySection,
} from "./bench/math/sections.ts";

const USAGE = [
  "Usage: deno task bench:math [--runs N] [--quick] [--json FILE]",
  "  --runs N     measured runs per figure (default 7; 2 with --quick)",
  "  --quick      1e5 elements and 0.02 s per run, for a CI smoke test",
  "  --json FILE  also write every figure, the environment and the parameters as JSON",
  "numpy/scipy baselines run when python3 has them; otherwise they are skipped with a note.",
].join("\n");

const SEED = 0;

async function pythonBaselines(
  python: Python | null,
  p: MathParameters,
  opts: RunOptions,
): Promise<{ result: PythonMath | null; note: string }> {
  if (python === null) return { result: null, note: "python3 not found: numpy/scipy skipped" };
  try {
    const result = await runPython<PythonMath>(python, "math_ops.py", [
      "--elements",
      String(p.elements),
      "--runs",
      String(opts.runs),
      "--warmup",
      String(opts.warmup),
      "--seed",
      String(p.seed),
      ...(p.quick ? ["--quick"] : []),
    ]);
    const note = `Python ${result.python} · numpy ${result.numpy} (${result.blas}) · ` +
      `scipy ${result.scipy} · baselines from bench/python/math_ops.py`;
    return { result, note };
  } catch (error) {
    // No numpy or scipy: say so and go on with the Deno figures.
    const reason = (error instanceof Error ? error.message : String(error)).split("\n").at(-1);
    return { result: null, note: `numpy/scipy baselines skipped: ${reason}` };
  }
}

function printSection(section: MathSection): void {
  console.log(`\n${section.title}`);
  console.log(header());
  for (const f of section.figures) console.log(formatFigure(f));
  for (const note of section.notes) console.log(`  · ${note}`);
}

async function main(): Promise<void> {
  let flags;
  try {
    flags = benchFlags(Deno.args, USAGE);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    Deno.exit(2);
  }
  const p: MathParameters = {
    seed: SEED,
    elements: flags.quick ? 100_000 : 1_000_000,
    workers: 2,
    quick: flags.quick,
  };
  const opts: RunOptions = { warmup: 1, runs: flags.runs };
  const env = environment();
  console.log(`multiproc math-kit benchmark${p.quick ? " (--quick)" : ""}`);
  console.log(formatEnvironment(env));
  console.log(
    `seed ${p.seed} · ${opts.warmup} warm-up + ${opts.runs} measured runs per figure · ` +
      "loops per run as %timeit picks them · median [min – max] · targets are informational",
  );
  const python = await findPython();
  const baselines = await pythonBaselines(python, p, opts);
  console.log(baselines.note);

  const sections: MathSection[] = [];
  for (const run of [polynomialSection, dotSection, quadSection, tinySection]) {
    const section = await run(p, baselines.result, opts);
    printSection(section);
    sections.push(section);
  }
  const figures = sections.flatMap((s) => s.figures);
  console.log(`\n${targetsLine(figures)}`);
  if (flags.json !== null) {
    const report = {
      benchmark: "bench:math",
      parameters: { ...p, ...opts },
      environment: env,
      python: baselines.result === null
        ? null
        : { ...python, ...baselines.result, operations: undefined },
      ratio:
        "speed-up over the figure compared with, from medians: its time / time (above 1: faster)",
      sections: sections.map((s) => ({ title: s.title, notes: s.notes })),
      figures,
    };
    await Deno.writeTextFile(flags.json, JSON.stringify(report, null, 2) + "\n");
    console.log(`JSON written to ${flags.json}`);
  }
}

if (import.meta.main) await main();
