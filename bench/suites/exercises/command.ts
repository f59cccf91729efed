/**
 * The exercises suite as a command: `--validate` a results file, render one `--from` an earlier
 * run, or run the exercises; then print the summary and write the JSON, report and page asked for.
 * @module
 */
import type { Options } from "../../harness/cli.ts";
import { readResults, schemaErrors, writeJson } from "../../harness/json.ts";
import { formatDuration } from "../../report/format.ts";
import { writeHtml } from "../../report/html.ts";
import { writeReport } from "../../report/report.ts";
import { textSummary } from "../../report/summary.ts";
import { runExercises } from "./run.ts";
import type { BenchResults } from "./types.ts";

/** Writes the JSON file (not `--from` one), the report and the page asked for; the exit code. */
async function writeOutputs(results: BenchResults, options: Options): Promise<number> {
  const json = options.from ?? options.json; // What the report and page link to.
  let what = "the results";
  try {
    if (options.from === null && options.json !== null) {
      await writeJson(options.json, results);
      console.log(`results: ${options.json}`);
    }
    if (options.report !== null) {
      console.log(`report: ${(await writeReport(results, options.report, json)).join(", ")}`);
    }
    if (options.html !== null) {
      what = "the page";
      await writeHtml(results, options.html, json);
      console.log(`page: ${options.html}`);
    }
  } catch (error) {
    console.error(`could not write ${what}: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
  return 0;
}

/** Runs the exercises suite as `options` ask; returns the exit code. */
export async function exercisesCommand(options: Options, argv: readonly string[]): Promise<number> {
  const earlier = options.validate ?? options.from;
  if (earlier !== null) {
    const results = await readResults(earlier) as BenchResults | null;
    if (results === null) return 1;
    if (options.validate !== null) {
      console.log(`${earlier}: valid multiproc-bench/1 results (docs/bench-schema.json)`);
      return 0;
    }
    console.log(textSummary(results));
    return await writeOutputs(results, options);
  }
  const results = await runExercises(options, argv);
  console.log(`\n${textSummary(results)}\n\nfinished in ${formatDuration(results.seconds)}`);
  // Never write a file that does not validate: that is a bug here, not in the figures.
  const errors = await schemaErrors(results);
  if (errors.length > 0) {
    console.error(
      `the results do not validate against docs/bench-schema.json:\n${errors.join("\n")}`,
    );
    return 1;
  }
  const written = await writeOutputs(results, options);
  return written !== 0 || results.exercises.some((e) => e.status === "failed") ? 1 : 0;
}
