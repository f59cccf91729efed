/**
 * `deno task bench`: the one benchmark harness, `deno run -A bench/main.ts [SUITE] [flags]`.
 * Exit code: 0, or 1 when an exercise failed (or `--validate` found errors), 2 on a bad flag.
 *
 * @module
 */
import { type Options, parseOptions } from "./harness/cli.ts";
import { checkOnly, runSuite, type Suite } from "./harness/suite.ts";
import { exercisesCommand } from "./suites/exercises/command.ts";
import { idleSuite } from "./suites/idle/index.ts";
import { mathSuite } from "./suites/math/index.ts";
import { poolSuite } from "./suites/pool/index.ts";
import { sharedSuite } from "./suites/shared/index.ts";

const USAGE = `Usage: deno run -A bench/main.ts [SUITE] [flags]

SUITE: exercises (default), pool, shared, math or idle.

exercises: every example of tools/exercises.ts as a benchmark (its exported \`benchmark\`),
warm-up then measured runs, one exercise after another; median [min–max] of every figure.
  --runs N          measured runs per exercise and worker count (default 5; 2 with --quick)
  --warmup N        discarded runs before them (default 1)
  --workers LIST    "1,2,4": the worker counts of parallel exercises; "4": a maximum. Default:
                    each exercise's own counts (1, 2, 4) and the core count
  --filter PATTERN  only exercises whose name contains PATTERN or matches it as a RegExp
  --seed N          seed of every random draw (default 100)
  --quick           small sizes and short sleeps, 1 warm-up + 2 runs (for CI)
  --python          run bench/python/exercises/<name>.py after every Deno run, ratio pair by pair
  --json FILE       write the results (schema multiproc-bench/1, docs/bench-schema.json)
  --report [DIR]    write DIR/bench.md and its SVG charts (DIR defaults to docs)
  --html [FILE]     write one page of the charts, environment and summary (docs/bench.html)
  --validate FILE   check FILE against docs/bench-schema.json, run nothing
  --from FILE       run nothing: print the summary of results FILE (and --report / --html it)

pool, shared, math, idle: figures against same-run baselines; targets are informational.
  --runs N          measured runs per figure (default 7; 2 with --quick)
  --quick           smaller sizes and 2 runs, for a CI smoke test
  --json FILE       also write every figure, the environment and the parameters as JSON
  --only LIST       shared only: lock, pipe-latency, pipe-throughput, queue

  -h, --help        this text`;

const SUITES: Readonly<Record<Exclude<Options["suite"], "exercises">, Suite>> = {
  pool: poolSuite,
  shared: sharedSuite,
  math: mathSuite,
  idle: idleSuite,
};

/** Runs what `argv` asks for; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(argv);
    if (options.suite !== "exercises") checkOnly(SUITES[options.suite], options.only);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) console.log(USAGE);
  else if (options.suite === "exercises") return await exercisesCommand(options, argv);
  else await runSuite(SUITES[options.suite], options);
  return 0;
}

// Deno.exit: a worker an example forgot to close must not keep the benchmark alive.
if (import.meta.main) Deno.exit(await main(Deno.args));
