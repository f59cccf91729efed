/**
 * `deno task bench`: the one benchmark harness, `deno run -A bench/main.ts [SUITE] [flags]`.
 * Exit code: 0, or 1 when an exercise failed (or `--validate` found errors, or a suite cannot run
 * here: cluster without redis-server), 2 on a bad flag.
 * @module
 */
import { type Options, parseOptions } from "./harness/cli.ts";
import { checkOnly, runSuite, type Suite } from "./harness/suite.ts";
import { exercisesCommand } from "./suites/exercises/command.ts";
import { clusterSuite } from "./suites/cluster/index.ts";
import { costsSuite } from "./suites/costs/index.ts";
import { idleSuite } from "./suites/idle/index.ts";
import { mathSuite } from "./suites/math/index.ts";
import { peersSuite } from "./suites/peers/index.ts";
import { poolSuite } from "./suites/pool/index.ts";
import { processSuite } from "./suites/process/index.ts";
import { sharedSuite } from "./suites/shared/index.ts";

const USAGE = `Usage: deno run -A bench/main.ts [SUITE] [flags]

SUITE: exercises (default: every example of tools/exercises.ts as a benchmark, its report and
page), or pool, process, shared, math, idle, cluster, costs (figures against same-run baselines;
targets informational; cluster needs redis-server, and starts it and 2 cluster workers itself;
costs: a program's first timer, a page's first write), or peers
(every figure beside Node's pools, Python and numpy, each contender in a fresh process).
Every figure is the median [min–max] of the measured runs, after warm-up runs.

  --runs N          measured runs per figure (default 5 exercises and peers, 7 others; 2 quick)
  --quick           small sizes and short sleeps, 1 warm-up + 2 runs (for CI; peers: no warm-up)
  --json FILE       write the results (exercises: schema docs/bench-schema.json)
  --only LIST       shared: lock, pipe-latency, pipe-throughput, queue; peers: startup, process,
                    round-trip, queue, lock, bytes, numpy
  --markdown FILE   peers only: write the README's performance table to FILE
exercises only:
  --warmup N        discarded runs before the measured ones (default 1)
  --workers LIST    "1,2,4": worker counts; "4": a maximum (default: 1, 2, 4 and the cores)
  --filter PATTERN  only exercises whose name contains PATTERN or matches it as a RegExp
  --seed N          seed of every random draw (default 100)
  --python          run bench/python/exercises/<name>.py after every run, ratio pair by pair
  --report [DIR]    write DIR/bench.md and its SVG charts (DIR defaults to docs)
  --html [FILE]     write the report as one page (FILE defaults to docs/bench.html)
  --validate FILE   check FILE against docs/bench-schema.json, run nothing
  --from FILE       run nothing: print the summary of results FILE (and --report / --html it)
  -h, --help        this text`;

const SUITES: Readonly<Record<Exclude<Options["suite"], "exercises">, Suite>> = {
  pool: poolSuite,
  process: processSuite,
  shared: sharedSuite,
  math: mathSuite,
  idle: idleSuite,
  cluster: clusterSuite,
  costs: costsSuite,
  peers: peersSuite,
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
  else return await runSuite(SUITES[options.suite], options);
  return 0;
}

// Deno.exit: a worker an example forgot to close must not keep the benchmark alive.
if (import.meta.main) Deno.exit(await main(Deno.args));
