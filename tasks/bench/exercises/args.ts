/**
 * The command line of `deno task bench`, parsed with `parseArgs` from `node:util`, and the rules
 * that turn it into worker counts and a name filter.
 *
 * @module
 */
import { parseArgs } from "node:util";

/** Usage text printed by `--help` and after a bad flag. */
export const USAGE = `Usage: deno task bench [flags]

Runs every example of tasks/exercises.ts as a benchmark (its exported \`benchmark\`): a warm-up
run, then measured runs, in this process, one exercise after another. Prints median [min – max]
of every figure and where the results were written.

  --runs N          measured runs per exercise and worker count (default 5; 2 with --quick)
  --warmup N        discarded runs before them (default 1)
  --workers LIST    "1,2,4": the worker counts of exercises with a parallelFigure (the others
                    run at the largest); "4": a maximum (each exercise's counts up to 4, and 4).
                    Default: each exercise's own counts (1, 2, 4) and the core count; the
                    others at the core count
  --filter PATTERN  only exercises whose name contains PATTERN or matches it as a RegExp
  --seed N          seed of every random draw (default 100)
  --quick           small sizes and short sleeps, 1 warm-up + 2 runs (for CI)
  --python          run bench/python/exercises/<name>.py after every Deno run, ratio pair by pair
  --json FILE       write the results (schema multiproc-bench/1, docs/bench-schema.json)
  --report [DIR]    write DIR/bench.md and its SVG charts (DIR defaults to docs)
  --html [FILE]     write one self-contained page of the same charts, the environment and the
                    summary (FILE defaults to docs/bench.html), and a full-page PNG of it taken
                    by headless Chromium ($CHROMIUM, /usr/bin/chromium or chromium on PATH;
                    without one the PNG is skipped, with a note)
  --screenshot PNG  where --html puts the PNG (default: next to the page, docs/bench.png)
  --validate FILE   check FILE against docs/bench-schema.json, run nothing
  --from FILE       run nothing: print the summary of results FILE (and --report / --html it)
  -h, --help        this text

Examples:
  deno task bench --quick --json /tmp/out.json
  deno task bench --python --filter pool --workers 1,2
  deno task bench --python --report docs --json docs/bench.json
  deno task bench --from docs/bench.json --html     # docs/bench.html and docs/bench.png`;

/** Everything the command line asked for. */
export interface BenchArgs {
  readonly help: boolean;
  readonly runs: number;
  readonly warmup: number;
  readonly quick: boolean;
  readonly seed: number;
  /** The largest worker count: of the list, the maximum, or the core count without `--workers`. */
  readonly workers: number;
  /** An explicit `--workers` list (2 or more counts), or null. */
  readonly workerList: readonly number[] | null;
  /** Whether `--workers` was given as a single maximum. */
  readonly workersCapped: boolean;
  readonly filter: string | null;
  readonly python: boolean;
  readonly json: string | null;
  readonly report: string | null;
  /** The HTML page to write, or null. */
  readonly html: string | null;
  /** Where the page's screenshot goes, when not next to it; only with `html`. */
  readonly screenshot: string | null;
  readonly validate: string | null;
  /** A results file to report on instead of running. */
  readonly from: string | null;
}

function integer(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`--${flag} expects an integer of at least ${min}, received "${text}"`);
  }
  return value;
}

/** Values of flags given without one: parseArgs wants a value, so they are added. */
const FLAG_DEFAULTS: Readonly<Record<string, string>> = {
  "--report": "docs",
  "--html": "docs/bench.html",
};

/** `--report` and `--html` with nothing after them get their defaults. */
function withDefaults(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    out.push(args[i]!);
    const next = args[i + 1];
    const fallback = FLAG_DEFAULTS[args[i]!];
    if (fallback !== undefined && (next === undefined || next.startsWith("-"))) out.push(fallback);
  }
  return out;
}

/** Parses the flags; throws a TypeError or RangeError on a bad one. */
export function parseBenchArgs(
  args: readonly string[],
  cores: number = navigator.hardwareConcurrency,
): BenchArgs {
  const { values } = parseArgs({
    args: withDefaults(args),
    options: {
      runs: { type: "string" },
      warmup: { type: "string" },
      workers: { type: "string" },
      filter: { type: "string" },
      seed: { type: "string" },
      quick: { type: "boolean", default: false },
      python: { type: "boolean", default: false },
      json: { type: "string" },
      report: { type: "string" },
      html: { type: "string" },
      screenshot: { type: "string" },
      validate: { type: "string" },
      from: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const quick = values.quick === true;
  const runs = values.runs === undefined ? (quick ? 2 : 5) : integer("runs", values.runs, 1);
  const warmup = values.warmup === undefined ? 1 : integer("warmup", values.warmup, 0);
  const seed = values.seed === undefined ? 100 : integer("seed", values.seed, 0);
  let workers = Math.max(1, cores);
  let workerList: number[] | null = null;
  let workersCapped = false;
  if (values.workers !== undefined) {
    const list = values.workers.split(",").map((part) => integer("workers", part.trim(), 1));
    const unique = [...new Set(list)].sort((a, b) => a - b);
    workers = unique[unique.length - 1]!;
    if (unique.length > 1) workerList = unique;
    else workersCapped = true;
  }
  if (values.filter !== undefined && values.filter === "") {
    throw new RangeError("--filter expects a pattern");
  }
  if (values.screenshot !== undefined && values.html === undefined) {
    throw new TypeError("--screenshot goes with --html (the page it is taken of)");
  }
  return {
    help: values.help === true,
    runs,
    warmup,
    quick,
    seed,
    workers,
    workerList,
    workersCapped,
    filter: values.filter ?? null,
    python: values.python === true,
    json: values.json ?? null,
    report: values.report ?? null,
    html: values.html ?? null,
    screenshot: values.screenshot ?? null,
    validate: values.validate ?? null,
    from: values.from ?? null,
  };
}

/**
 * The worker counts of one exercise, increasing. Without a `parallelFigure`: the largest count
 * alone. With one: the `--workers` list if given; otherwise the exercise's `workerCounts`
 * (default 1, 2, 4) with the largest count added, all capped at a single `--workers N`.
 */
export function workerCountsFor(
  args: Pick<BenchArgs, "workers" | "workerList" | "workersCapped">,
  parallel: boolean,
  own: readonly number[] | undefined,
): number[] {
  if (!parallel) return [args.workers];
  if (args.workerList !== null) return [...args.workerList];
  let counts = [...(own ?? [1, 2, 4]), args.workers].filter((n) => Number.isInteger(n) && n >= 1);
  if (args.workersCapped) counts = counts.filter((n) => n <= args.workers);
  return [...new Set(counts)].sort((a, b) => a - b);
}

/** Whether an exercise named `name` passes `--filter` (substring, or RegExp when it compiles). */
export function matchesFilter(name: string, filter: string | null): boolean {
  if (filter === null) return true;
  if (name.includes(filter)) return true;
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(filter);
  try {
    const pattern = literal === null ? new RegExp(filter) : new RegExp(literal[1]!, literal[2]);
    return pattern.test(name);
  } catch {
    return false;
  }
}
