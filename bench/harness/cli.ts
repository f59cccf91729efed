/**
 * The command line of `bench/main.ts`, `[SUITE] [flags]`, parsed by `parseArgs` of `node:util`.
 * @module
 */
import { parseArgs } from "node:util";

const SUITES = [
  "exercises",
  "pool",
  "process",
  "shared",
  "math",
  "idle",
  "cluster",
  "costs",
  "peers",
] as const;

/** Everything the command line asked for. */
export interface Options {
  readonly suite: (typeof SUITES)[number];
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
  /** `--only` sections of the shared or peers suite, or null for all. */
  readonly only: readonly string[] | null;
  /** peers only: the file to write the README's performance table to, or null. */
  readonly markdown: string | null;
}

const STRING = { type: "string" } as const;
const BOOLEAN = { type: "boolean", default: false } as const;
const HELP = { ...BOOLEAN, short: "h" } as const;
/** The flags of every suite; `--only` is checked on its own. */
const COMMON_FLAGS = {
  runs: STRING,
  quick: BOOLEAN,
  json: STRING,
  only: STRING,
  markdown: STRING,
  help: HELP,
};
/** The suites that take `--only`. */
const ONLY_SUITES: readonly string[] = ["shared", "peers"];
/** The flags of the exercises suite alone. */
const EXERCISES_FLAGS = {
  warmup: STRING,
  workers: STRING,
  filter: STRING,
  seed: STRING,
  python: BOOLEAN,
  report: STRING,
  html: STRING,
  validate: STRING,
  from: STRING,
};
/** `--report` and `--html` with no value after them get these. */
const VALUE_DEFAULTS = new Map([["--report", "docs"], ["--html", "docs/bench.html"]]);

function integer(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`--${flag} expects an integer of at least ${min}, received "${text}"`);
  }
  return value;
}

function workersOf(
  text: string | undefined,
  cores: number,
): Pick<Options, "workers" | "workerList" | "workersCapped"> {
  if (text === undefined) {
    return { workers: Math.max(1, cores), workerList: null, workersCapped: false };
  }
  const list = text.split(",").map((part) => integer("workers", part.trim(), 1));
  const unique = [...new Set(list)].sort((a, b) => a - b);
  const many = unique.length > 1;
  return { workers: unique.at(-1)!, workerList: many ? unique : null, workersCapped: !many };
}

/** Parses the command line; throws a TypeError or RangeError on a bad flag. */
export function parseOptions(
  argv: readonly string[],
  cores: number = navigator.hardwareConcurrency,
): Options {
  const first = argv[0] ?? "-";
  const named = !first.startsWith("-");
  if (named && !(SUITES as readonly string[]).includes(first)) {
    throw new RangeError(`unknown suite "${first}": one of ${SUITES.join(", ")}`);
  }
  const suite = named ? first as Options["suite"] : "exercises";
  const rest = named ? argv.slice(1) : argv;
  const args = rest.flatMap((arg, i) => {
    const fallback = VALUE_DEFAULTS.get(arg);
    const next = rest[i + 1] ?? "-";
    return fallback !== undefined && next.startsWith("-") ? [arg, fallback] : [arg];
  });
  const options = { ...COMMON_FLAGS, ...EXERCISES_FLAGS };
  const { values: v } = parseArgs({ args, options, strict: true });
  const given: Record<string, string | boolean | undefined> = v;
  const wrong = Object.keys(EXERCISES_FLAGS).find((flag) => (given[flag] ?? false) !== false);
  if (suite !== "exercises" && wrong !== undefined) {
    throw new TypeError(`--${wrong} is a flag of the exercises suite`);
  }
  if (v.only !== undefined && !ONLY_SUITES.includes(suite)) {
    throw new TypeError(`--only is a flag of ${ONLY_SUITES.join(" and ")}`);
  }
  if (v.markdown !== undefined && suite !== "peers") {
    throw new TypeError("--markdown is a flag of peers");
  }
  if (v.filter === "") throw new RangeError("--filter expects a pattern");
  // peers: every run of every contender is a new process, so fewer runs keep it near 5 minutes.
  const defaultRuns = v.quick ? 2 : suite === "exercises" || suite === "peers" ? 5 : 7;
  return {
    suite,
    help: v.help,
    quick: v.quick,
    runs: v.runs === undefined ? defaultRuns : integer("runs", v.runs, 1),
    warmup: v.warmup === undefined ? 1 : integer("warmup", v.warmup, 0),
    seed: v.seed === undefined ? 100 : integer("seed", v.seed, 0),
    ...workersOf(v.workers, cores),
    filter: v.filter ?? null,
    python: v.python,
    json: v.json ?? null,
    report: v.report ?? null,
    html: v.html ?? null,
    validate: v.validate ?? null,
    from: v.from ?? null,
    only: v.only === undefined ? null : v.only.split(",").filter((name) => name !== ""),
    markdown: v.markdown ?? null,
  };
}
