/**
 * One fresh program for the Process suite's memory section (`memory.ts`): `none` imports the
 * library and starts nothing; `spares` runs one Process (which starts the spawner and its warm
 * spares) and waits until the spares are ready. Both then settle for the same pause and print
 * one JSON line: the process's resident memory and the spares ready.
 *
 * Run: `deno run -A bench/suites/process/memory_child.ts none|spares SETTLE_MS`.
 *
 * @module
 */
import { readySpares } from "../../../lib/worker/_spare.ts";
import { startToJoin } from "./child.ts";

/** What the child prints. */
export interface MemorySample {
  /** Resident set size, bytes (`Deno.memoryUsage().rss`). */
  readonly rss: number;
  /** Spares ready and not claimed when it was read. */
  readonly spares: number;
}

// The longest wait for the spares; past it the child fails rather than print a wrong figure.
const READY_WAIT_MS = 20_000;
/** The spares the spawner keeps after one Process at a time: twice the most running at once. */
export const EXPECTED_SPARES = 2;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs one Process, then waits until {@linkcode EXPECTED_SPARES} are ready. */
async function startSpares(): Promise<void> {
  await startToJoin();
  const began = performance.now();
  while (readySpares() < EXPECTED_SPARES) {
    if (performance.now() - began > READY_WAIT_MS) {
      throw new Error(
        `${EXPECTED_SPARES} spares expected ready within ${READY_WAIT_MS} ms, ${readySpares()} are`,
      );
    }
    await sleep(5);
  }
}

if (import.meta.main) {
  const [mode, settle = "500"] = Deno.args;
  if (mode !== "none" && mode !== "spares") {
    throw new TypeError(`usage: memory_child.ts none|spares SETTLE_MS, received ${mode}`);
  }
  if (mode === "spares") await startSpares();
  await sleep(Number(settle));
  const sample: MemorySample = { rss: Deno.memoryUsage().rss, spares: readySpares() };
  console.log(JSON.stringify(sample));
  // The spawner never keeps the program running; exit now rather than wait for its release.
  Deno.exit(0);
}
