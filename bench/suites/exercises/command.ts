/**
 * The exercises suite as a command: `--validate` a results file, render one `--from` an earlier
 * run, or run the exercises; then print the summary and write what was asked for (the JSON
 * file, the Markdown report with its charts, the HTML page).
 *
 * @module
 */
import type { Options } from "../../harness/cli.ts";
import { formatEnvironment } from "../../harness/env.ts";
import { readResults, schemaErrors, writeJson } from "../../harness/json.ts";
import { formatDuration } from "../../report/format.ts";
import { writeHtml } from "../../report/html.ts";
import { writeReport } from "../../report/report.ts";
import { textSummary } from "../../report/summary.ts";
import { runExercises, type RunnerHooks } from "./run.ts";
import type { BenchResults } from "./types.ts";

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Writes the page; returns the exit code. */
async function writePage(
  results: BenchResults,
  page: string,
  json: string | null,
): Promise<number> {
  try {
    await writeHtml(results, page, json);
  } catch (error) {
    console.error(`could not write the page: ${reason(error)}`);
    return 1;
  }
  console.log(`page: ${page}`);
  return 0;
}

/** Writes the JSON file, the report and the page that were asked for; returns the exit code. */
async function writeOutputs(
  results: BenchResults,
  options: Options,
  json: string | null,
): Promise<number> {
  try {
    if (options.json !== null) {
      await writeJson(options.json, results);
      console.log(`results: ${options.json}`);
    }
    if (options.report !== null) {
      const written = await writeReport(results, options.report, json);
      console.log(`report: ${written.join(", ")}`);
    }
  } catch (error) {
    console.error(`could not write the results: ${reason(error)}`);
    return 1;
  }
  return options.html === null ? 0 : await writePage(results, options.html, json);
}

/** `--validate FILE`: 0 when it is valid. */
async function validateCommand(path: string): Promise<number> {
  if (await readResults(path) === null) return 1;
  console.log(`${path}: valid multiproc-bench/1 results (docs/bench-schema.json)`);
  return 0;
}

/** `--from FILE`: the summary, report and page of an earlier run, without running anything. */
async function fromCommand(options: Options, path: string): Promise<number> {
  const earlier = await readResults(path) as BenchResults | null;
  if (earlier === null) return 1;
  console.log(textSummary(earlier));
  return await writeOutputs(earlier, { ...options, json: null }, path);
}

function hooksFor(options: Options): RunnerHooks {
  return {
    note: (text) => console.error(text),
    start(env, python, steps) {
      console.log(`multiproc exercise benchmarks${options.quick ? " (--quick)" : ""}`);
      console.log(formatEnvironment(env));
      console.log(
        `seed ${options.seed} · ${options.warmup} warm-up + ${options.runs} measured runs · ` +
          `${steps} runs in all · median [min–max]` +
          (python === null ? "" : ` · Python ${python.version}, ratio pair by pair`),
      );
    },
  };
}

/** Runs the exercises suite as `options` ask; returns the exit code. */
export async function exercisesCommand(options: Options, argv: readonly string[]): Promise<number> {
  if (options.validate !== null) return await validateCommand(options.validate);
  if (options.from !== null) return await fromCommand(options, options.from);
  const results = await runExercises(options, argv, hooksFor(options), options.json !== null);
  console.log(`\n${textSummary(results)}`);
  console.log(`\nfinished in ${formatDuration(results.seconds)}`);
  // Never write a file that does not validate: that is a bug here, not in the figures.
  const errors = await schemaErrors(results);
  if (errors.length > 0) {
    console.error(
      `the results do not validate against docs/bench-schema.json:\n${errors.join("\n")}`,
    );
    return 1;
  }
  const written = await writeOutputs(results, options, options.json);
  if (written !== 0) return written;
  return results.exercises.some((e) => e.status === "failed") ? 1 : 0;
}
