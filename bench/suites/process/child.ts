/**
 * One fresh program for the Process suite (`index.ts`): `ours` times Process start → join, the
 * program's first, then with a spare ready, then back to back, then Processes started inside a
 * Process; `bare` times a bare Worker that answers one message. Prints one JSON line.
 *
 * Run: `deno run -A bench/suites/process/child.ts ours|bare COUNT PAUSE_MS`.
 *
 * @module
 */
import { Process } from "../../../mod.ts";
import { readySpares } from "../../../lib/worker/_spare.ts";

/** What `ours` prints: milliseconds per start → join. */
export interface OursSamples {
  readonly first: number;
  readonly ready: number[];
  readonly backToBack: number[];
  readonly nestedFirst: number;
  readonly nested: number[];
}

// The longest wait for a spare to be ready; past it the run goes on (and is slower for it).
const READY_WAIT_MS = 5_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The trivial target: returns at once. */
export function trivial(): number {
  return 1;
}

/** Milliseconds from `new Process()` through `start()` to `join()` returning, for `trivial`. */
export async function startToJoin(): Promise<number> {
  const began = performance.now();
  const process = new Process({ target: trivial, module: import.meta.url });
  process.start();
  await process.join();
  const elapsed = performance.now() - began;
  if (process.exitCode !== 0) throw new Error(`Process exited with ${process.exitCode}`);
  process.close();
  return elapsed;
}

/** The nested figures, measured on a Process's own thread: its first child, then `count`. */
export async function nestedRun(count: number, pauseMs: number): Promise<number[]> {
  const times = [await startToJoin()];
  for (let i = 0; i < count; i++) {
    await sleep(pauseMs * 2);
    times.push(await startToJoin());
  }
  return times;
}

/** The outer Process's target: {@linkcode nestedRun}'s times, written to `file`. */
export async function nestedToFile(count: number, pauseMs: number, file: string): Promise<void> {
  await Deno.writeTextFile(file, JSON.stringify(await nestedRun(count, pauseMs)));
}

async function ours(count: number, pauseMs: number): Promise<OursSamples> {
  const first = await startToJoin();
  const ready: number[] = [];
  for (let i = 0; i < count; i++) {
    await sleep(pauseMs);
    const waited = performance.now();
    while (readySpares() === 0 && performance.now() - waited < READY_WAIT_MS) await sleep(5);
    ready.push(await startToJoin());
  }
  const backToBack: number[] = [];
  for (let i = 0; i < count; i++) backToBack.push(await startToJoin());
  await sleep(pauseMs);
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
  return { first, ready, backToBack, nestedFirst: nested[0]!, nested: nested.slice(1) };
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
