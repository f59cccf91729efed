/**
 * The command line every benchmark takes: `--runs N`, `--quick`, `--json FILE`, `--help`.
 *
 * @module
 */
import { parseArgs } from "node:util";

/** What the common flags asked for. */
export interface BenchFlags {
  /** Small sizes and 2 runs, for a CI smoke test. */
  readonly quick: boolean;
  /** Measured runs per figure. */
  readonly runs: number;
  /** Where to write the JSON results, or `null`. */
  readonly json: string | null;
}

/** Parses the common flags; prints `usage` and exits on `--help`; RangeError on a bad `--runs`. */
export function benchFlags(args: string[], usage: string): BenchFlags {
  const { values } = parseArgs({
    args,
    options: {
      runs: { type: "string" },
      quick: { type: "boolean", default: false },
      json: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(usage);
    Deno.exit(0);
  }
  const quick = values.quick === true;
  let runs = quick ? 2 : 7;
  if (values.runs !== undefined) {
    runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) {
      throw new RangeError(`--runs must be a positive integer, received "${values.runs}"`);
    }
  }
  return { quick, runs, json: values.json ?? null };
}

/** A share of all cores as a percentage, or "unknown". */
export function percent(share: number | null): string {
  return share === null ? "unknown" : `${Math.round(share * 100)}%`;
}
