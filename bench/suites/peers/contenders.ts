/**
 * Contenders as fresh child processes: each run of each contender is a new `deno`, `node` or
 * `python3` process that prints one JSON line `{ "values": { name: number } }`; contenders take
 * turns run by run, so a change in the machine's load touches them all alike. A contender whose
 * run fails twice in a row (exit code, no JSON, a timeout) is dropped with the reason, and the
 * others go on.
 *
 * @module
 */
import { notLoad } from "../../harness/load.ts";
import { lastJsonLine } from "../../harness/python.ts";
import { type Stat, summarize } from "../../harness/stats.ts";
import type { Parameters } from "../../harness/suite.ts";

/** One contender: the program to run afresh for each of its runs. */
export interface Contender {
  readonly id: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
}

/** Each contender's summaries by value name, and why the contenders that failed did. */
export interface Turns {
  readonly stats: Readonly<Record<string, Readonly<Record<string, Stat>>>>;
  readonly errors: Readonly<Record<string, string>>;
}

/** How long one child may take before it is killed: nothing may hang the benchmark. */
const CHILD_TIMEOUT_MS = 120_000;
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes).trim();

/** The values one fresh run of `contender` printed; throws with its stderr's tail otherwise. */
export async function runOnce(contender: Contender): Promise<Record<string, number>> {
  const begin = performance.now();
  // A child's CPU time is the benchmark's, not other processes' load.
  const out = await notLoad(() =>
    new Deno.Command(contender.command, {
      args: [...contender.args],
      ...(contender.cwd === undefined ? {} : { cwd: contender.cwd }),
      stdin: "null",
      env: { NO_COLOR: "1" },
      signal: AbortSignal.timeout(CHILD_TIMEOUT_MS),
    }).output()
  );
  const tail = decode(out.stderr).split("\n").slice(-4).join(" | ");
  if (out.signal !== null) {
    const why = performance.now() - begin >= CHILD_TIMEOUT_MS
      ? `stopped after ${CHILD_TIMEOUT_MS / 1000} s`
      : `ended by ${out.signal}`;
    throw new Error(`${why}: ${tail}`);
  }
  if (!out.success) throw new Error(`exited with code ${out.code}: ${tail}`);
  const { values } = lastJsonLine(decode(out.stdout)) as { values?: Record<string, unknown> };
  const entries = Object.entries(values ?? {});
  if (entries.length === 0 || entries.some(([, v]) => typeof v !== "number" || !(v >= 0))) {
    throw new Error(`printed no values, or a value that is not a number ≥ 0: ${tail}`);
  }
  return values as Record<string, number>;
}

/**
 * Runs every contender `p.warmup + p.runs` times, taking turns (run 1 of each, then run 2…);
 * keeps the measured runs' values, summarized per contender and value name.
 */
export async function takeTurns(p: Parameters, contenders: readonly Contender[]): Promise<Turns> {
  const samples = new Map<string, Map<string, number[]>>();
  const errors: Record<string, string> = {};
  for (let i = -p.warmup; i < p.runs; i++) {
    for (const contender of contenders) {
      if (contender.id in errors) continue;
      try {
        // One retry: a peer's rare crash at exit (Node 20 aborting in a worker) is not its figure.
        const values = await runOnce(contender).catch(() => runOnce(contender));
        if (i < 0) continue;
        const mine = samples.get(contender.id) ?? new Map<string, number[]>();
        samples.set(contender.id, mine);
        for (const [name, value] of Object.entries(values)) {
          mine.set(name, [...mine.get(name) ?? [], value]);
        }
      } catch (error) {
        errors[contender.id] = error instanceof Error ? error.message : String(error);
      }
    }
  }
  const stats = Object.fromEntries(
    [...samples].filter(([id]) => !(id in errors)).map(([id, byName]) => [
      id,
      Object.fromEntries([...byName].map(([name, values]) => [name, summarize(values)])),
    ]),
  );
  return { stats, errors };
}
