/**
 * `deno task bench`: every example of `tasks/exercises.ts` run as a benchmark through its
 * exported `benchmark` (`tasks/bench/exercise.ts`) — a warm-up, then repeated runs, median and
 * [min–max] of every figure, at several worker counts for the exercises with a parallel figure,
 * optionally paired run by run with the Python counterparts. Writes a versioned JSON results
 * file (`docs/bench-schema.json`), a Markdown report with SVG charts, and a page of the same
 * charts with its screenshot by headless Chromium, when asked.
 *
 * ```sh
 * deno task bench --quick --json /tmp/out.json     # CI smoke: small sizes, 1 + 2 runs
 * deno task bench --python --filter pool           # one exercise, against Python
 * deno task bench --python --report docs --json docs/bench.json
 * deno run -A tasks/bench.ts --validate /tmp/out.json
 * deno task bench --from docs/bench.json --html     # docs/bench.html + docs/bench.png, no run
 * ```
 *
 * Exit code: 0, or 1 when an exercise failed (or `--validate` found errors, or Chromium failed
 * to take the screenshot), 2 on a bad flag.
 *
 * @module
 */
import { formatEnvironment } from "./bench/env.ts";
import { parseBenchArgs, USAGE } from "./bench/exercises/args.ts";
import { PAGE_WIDTH, writeHtml } from "./bench/exercises/html.ts";
import { writeReport } from "./bench/exercises/report.ts";
import { findChromium } from "../tools/_chromium.ts";
import { CHROMIUM_PLACES, screenshot, screenshotPathFor } from "./bench/screenshot.ts";
import { textSummary } from "./bench/exercises/summary.ts";
import type { BenchResults } from "./bench/exercises/types.ts";
import { runBench, type RunnerHooks } from "./bench/exercises/runner.ts";
import { formatErrors, loadBenchSchema, validate } from "./bench/exercises/validate.ts";
import { formatDuration } from "./bench/exercises/format.ts";

/** Reads and checks a results file against the schema, printing what is wrong; null if bad. */
async function readResults(path: string): Promise<BenchResults | null> {
  let value: unknown;
  try {
    value = JSON.parse(await Deno.readTextFile(path));
  } catch (error) {
    console.error(`${path}: ${error instanceof Error ? error.message : error}`);
    return null;
  }
  const errors = validate(await loadBenchSchema(), value);
  if (errors.length === 0) return value as BenchResults;
  console.error(`${path}: ${errors.length} error(s) against docs/bench-schema.json`);
  console.error(formatErrors(errors.slice(0, 50)));
  return null;
}

/** Writes the JSON file and the report that were asked for; returns the exit code. */
async function writeOutputs(
  results: BenchResults,
  json: string | null,
  report: string | null,
): Promise<number> {
  try {
    if (json !== null) {
      const dir = json.replace(/\/?[^/]*$/, "");
      if (dir !== "") await Deno.mkdir(dir, { recursive: true });
      await Deno.writeTextFile(json, `${JSON.stringify(results, null, 2)}\n`);
      console.log(`results: ${json}`);
    }
    if (report !== null) {
      const written = await writeReport(results, report, json);
      console.log(`report: ${written.join(", ")}`);
    }
    return 0;
  } catch (error) {
    console.error(`could not write the results: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
}

/**
 * Writes the HTML page, then its screenshot when Chromium is found (a missing Chromium is only
 * noted); returns the exit code.
 */
async function writePage(
  results: BenchResults,
  page: string,
  png: string | null,
  json: string | null,
): Promise<number> {
  try {
    await writeHtml(results, page, json);
  } catch (error) {
    console.error(`could not write the page: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
  console.log(`page: ${page}`);
  const target = png ?? screenshotPathFor(page);
  const chromium = findChromium();
  if (chromium === null) {
    console.log(
      `screenshot: not taken, no Chromium found (${CHROMIUM_PLACES}); ${target} not made`,
    );
    return 0;
  }
  try {
    const size = await screenshot(page, target, { chromium, width: PAGE_WIDTH });
    console.log(`screenshot: ${target} (${size.width}×${size.height} px, ${chromium})`);
    return 0;
  } catch (error) {
    console.error(
      `screenshot: ${target} not made: ${error instanceof Error ? error.message : error}`,
    );
    return 1;
  }
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseBenchArgs(argv);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.validate !== null) {
    if (await readResults(args.validate) === null) return 1;
    console.log(`${args.validate}: valid multiproc-bench/1 results (docs/bench-schema.json)`);
    return 0;
  }
  if (args.from !== null) {
    // Report on an earlier run, e.g. to render docs/bench.json again after a report change.
    const earlier = await readResults(args.from);
    if (earlier === null) return 1;
    console.log(textSummary(earlier));
    if (args.report !== null) {
      const written = await writeReport(earlier, args.report, args.from);
      console.log(`report: ${written.join(", ")}`);
    }
    if (args.html !== null) return await writePage(earlier, args.html, args.screenshot, args.from);
    return 0;
  }

  const hooks: RunnerHooks = {
    note: (text) => console.error(text),
    start(env, python, steps) {
      console.log(`multiproc exercise benchmarks${args.quick ? " (--quick)" : ""}`);
      console.log(formatEnvironment(env));
      console.log(
        `seed ${args.seed} · ${args.warmup} warm-up + ${args.runs} measured runs · ${steps} ` +
          "runs in all · median [min–max]" +
          (python === null ? "" : ` · Python ${python.version}, ratio pair by pair`),
      );
    },
  };
  const results = await runBench(args, argv, hooks, args.json !== null);

  console.log("");
  console.log(textSummary(results));
  console.log(`\nfinished in ${formatDuration(results.seconds)}`);

  // Never write a file that does not validate: that is a bug here, not in the figures.
  const errors = validate(await loadBenchSchema(), results);
  if (errors.length > 0) {
    console.error(
      `the results do not validate against docs/bench-schema.json:\n${formatErrors(errors)}`,
    );
    return 1;
  }
  const written = await writeOutputs(results, args.json, args.report);
  if (written !== 0) return written;
  if (args.html !== null) {
    const paged = await writePage(results, args.html, args.screenshot, args.json);
    if (paged !== 0) return paged;
  }
  return results.exercises.some((e) => e.status === "failed") ? 1 : 0;
}

// Deno.exit: a worker an example forgot to close must not keep the benchmark alive.
if (import.meta.main) Deno.exit(await main(Deno.args));
