/**
 * The one command line of `bench/main.ts`: `[SUITE] [flags]`, parsed with `parseArgs` from
 * `node:util` into {@linkcode Options}.
 *
 * @module
 */
import { parseArgs } from "node:util";

/** The suites, the first of which runs when none is named. */
export const SUITES = ["exercises", "pool", "shared", "math", "idle"] as const;
/** A suite's name. */
export type SuiteName = (typeof SUITES)[number];

/** Everything the command line asked for. */
export interface Options {
  readonly suite: SuiteName;
  readonly help: boolean;
  readonly quick: boolean;
  /** Measured runs per figure (default: 5 for the exercises, 7 for the other suites; 2 quick). */
  readonly runs: number;
  readonly warmup: number;
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
  readonly html: string | null;
  readonly validate: string | null;
  readonly from: string | null;
  /** `--only` sections of the shared suite, or null for all. */
  readonly only: readonly string[] | null;
}

const FLAGS = {
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
  validate: { type: "string" },
  from: { type: "string" },
  only: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** Flags of every suite (`--only` is checked on its own); the others are the exercises' alone. */
const COMMON_FLAGS: readonly string[] = ["runs", "quick", "json", "only", "help"];

/** `--report` and `--html` with nothing after them get these values. */
const FLAG_DEFAULTS: Readonly<Record<string, string>> = {
  "--report": "docs",
  "--html": "docs/bench.html",
};

function withDefaults(args: readonly string[]): string[] {
  return args.flatMap((arg, i) => {
    const next = args[i + 1];
    const fallback = FLAG_DEFAULTS[arg];
    return fallback !== undefined && (next === undefined || next.startsWith("-"))
      ? [arg, fallback]
      : [arg];
  });
}

function integer(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`--${flag} expects an integer of at least ${min}, received "${text}"`);
  }
  return value;
}

function suiteOf(args: readonly string[]): { suite: SuiteName; rest: readonly string[] } {
  const first = args[0];
  if (first === undefined || first.startsWith("-")) return { suite: "exercises", rest: args };
  if (!(SUITES as readonly string[]).includes(first)) {
    throw new RangeError(`unknown suite "${first}": one of ${SUITES.join(", ")}`);
  }
  return { suite: first as SuiteName, rest: args.slice(1) };
}

function workersOf(text: string | undefined, cores: number) {
  if (text === undefined) {
    return { workers: Math.max(1, cores), workerList: null, workersCapped: false };
  }
  const list = text.split(",").map((part) => integer("workers", part.trim(), 1));
  const unique = [...new Set(list)].sort((a, b) => a - b);
  const many = unique.length > 1;
  return { workers: unique.at(-1)!, workerList: many ? unique : null, workersCapped: !many };
}

/**
 * Parses the command line; throws a TypeError or RangeError on a bad flag.
 *
 * @example
 * ```ts
 * import { parseOptions } from "./cli.ts";
 * const o = parseOptions(["pool", "--quick"]);
 * if (o.suite !== "pool" || o.runs !== 2) throw new Error("pool, quick: 2 runs");
 * ```
 */
export function parseOptions(
  argv: readonly string[],
  cores: number = navigator.hardwareConcurrency,
): Options {
  const { suite, rest } = suiteOf(argv);
  const { values: v } = parseArgs({ args: withDefaults(rest), options: FLAGS, strict: true });
  if (suite !== "exercises") {
    const given = v as Record<string, string | boolean | undefined>;
    const wrong = Object.keys(FLAGS)
      .filter((flag) =>
        !COMMON_FLAGS.includes(flag) && given[flag] !== undefined && given[flag] !== false
      );
    if (wrong.length > 0) throw new TypeError(`--${wrong[0]} is a flag of the exercises suite`);
  }
  if (v.only !== undefined && suite !== "shared") throw new TypeError("--only is a flag of shared");
  if (v.filter === "") throw new RangeError("--filter expects a pattern");
  const quick = v.quick === true;
  const defaultRuns = quick ? 2 : suite === "exercises" ? 5 : 7;
  return {
    suite,
    help: v.help === true,
    quick,
    runs: v.runs === undefined ? defaultRuns : integer("runs", v.runs, 1),
    warmup: v.warmup === undefined ? 1 : integer("warmup", v.warmup, 0),
    seed: v.seed === undefined ? 100 : integer("seed", v.seed, 0),
    ...workersOf(v.workers, cores),
    filter: v.filter ?? null,
    python: v.python === true,
    json: v.json ?? null,
    report: v.report ?? null,
    html: v.html ?? null,
    validate: v.validate ?? null,
    from: v.from ?? null,
    only: v.only === undefined ? null : v.only.split(",").filter((name) => name !== ""),
  };
}
