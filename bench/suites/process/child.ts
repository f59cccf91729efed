/**
 * One fresh program for the Process suite (`index.ts`): `ours` times Process start → join, the
 * program's first, then after pauses (and until a spare is ready), then back to back, then
 * Processes started inside a Process (after pauses, and until spares are ready), then the same
 * inside a pool worker's task; `bare` times a
 * bare Worker that answers one message. Prints one JSON line.
 *
 * Run: `deno run -A bench/suites/process/child.ts ours|bare COUNT PAUSE_MS`.
 *
 * @module
 */
import { Pool, Process } from "../../../mod.ts";
import { readySpares } from "../../../lib/worker/_spare.ts";

/** What `ours` prints: milliseconds per start → join. */
export interface OursSamples {
  readonly first: number;
  readonly ready: number[];
  readonly backToBack: number[];
  readonly nestedFirst: number;
  readonly nested: number[];
  /** Inside a pool worker's task (not a Process, so no spare relay of its own): its first. */
  readonly poolFirst?: number;
  readonly pool?: number[];
}

// The longest wait for a spare to be ready; past it the run goes on (and is slower for it).
const READY_WAIT_MS = 5_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Milliseconds from `new Process()` through `start()` to `join()` returning, for a trivial
 * self-contained target (a target exported from a module adds the import of that module).
 */
export async function startToJoin(): Promise<number> {
  const began = performance.now();
  const process = new Process({ target: () => 1 });
  process.start();
  await process.join();
  const elapsed = performance.now() - began;
  if (process.exitCode !== 0) throw new Error(`Process exited with ${process.exitCode}`);
  process.close();
  return elapsed;
}

/** Waits `pauseMs`, then until `count` spares are ready (bounded by READY_WAIT_MS). */
async function pauseForSpares(pauseMs: number, count: number): Promise<void> {
  await sleep(pauseMs);
  const waited = performance.now();
  while (readySpares() < count && performance.now() - waited < READY_WAIT_MS) await sleep(5);
}

/** The nested figures, measured on a Process's own thread: its first child, then `count`. */
export async function nestedRun(count: number, pauseMs: number): Promise<number[]> {
  const times = [await startToJoin()];
  for (let i = 0; i < count; i++) {
    await pauseForSpares(pauseMs * 2, 1);
    times.push(await startToJoin());
  }
  return times;
}

/** The outer Process's target: {@linkcode nestedRun}'s times, written to `file`. */
export async function nestedToFile(count: number, pauseMs: number, file: string): Promise<void> {
  await Deno.writeTextFile(file, JSON.stringify(await nestedRun(count, pauseMs)));
}

/** Every figure of `ours`: the first Process, after pauses, back to back, nested in a Process. */
export async function ours(count: number, pauseMs: number): Promise<OursSamples> {
  const first = await startToJoin();
  const ready: number[] = [];
  for (let i = 0; i < count; i++) {
    await pauseForSpares(pauseMs, 1);
    ready.push(await startToJoin());
  }
  const backToBack: number[] = [];
  for (let i = 0; i < count; i++) backToBack.push(await startToJoin());
  // One spare for the outer Process, one for its first child.
  await pauseForSpares(pauseMs, 2);
  // A Process has no return value: the outer one writes the times it measured to a file.
  const file = await Deno.makeTempFile();
  let nested: number[];
  try {
    const outer = new Process({
      target: nestedToFile,
      args: [count, pauseMs, file],
      module: import.meta.url,
    });
    outer.start();
    await outer.join();
    if (outer.exitCode !== 0) throw new Error(`the outer Process failed: ${outer.error}`);
    nested = JSON.parse(await Deno.readTextFile(file));
  } finally {
    await Deno.remove(file);
  }
  // A pool task's Processes: the pool worker asks for a relay to the spares at its first.
  await pauseForSpares(pauseMs, 1);
  const pool = new Pool({ processes: 1, module: new URL(import.meta.url) });
  let inPool: number[];
  try {
    inPool = await pool.apply(nestedRun, [count, pauseMs]);
  } finally {
    await pool.terminate();
  }
  return {
    first,
    ready,
    backToBack,
    nestedFirst: nested[0]!,
    nested: nested.slice(1),
    poolFirst: inPool[0]!,
    pool: inPool.slice(1),
  };
}

async function bare(count: number, pauseMs: number): Promise<number[]> {
  const source = "self.onmessage = (event) => self.postMessage(event.data);";
  const url = `data:application/javascript,${encodeURIComponent(source)}`;
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    await sleep(pauseMs);
    const began = performance.now();
    const worker = new Worker(url, { type: "module" });
    await new Promise((resolve) => {
      worker.onmessage = resolve;
      worker.postMessage(1);
    });
    worker.terminate();
    times.push(performance.now() - began);
  }
  return times;
}

if (import.meta.main) {
  const [mode, count = "5", pause = "200"] = Deno.args;
  const n = Number(count), ms = Number(pause);
  const result = mode === "bare" ? await bare(n, ms) : await ours(n, ms);
  console.log(JSON.stringify(result));
}
