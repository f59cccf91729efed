// The seeded chaos run of queue_json_death_test.ts, on the queue's JSON path: writers put JSON
// text records (short ones copied into the ring a character at a time, long ones as bytes) and
// are terminated at seeded moments. Run in a child process: a terminated writer that failed to
// stop would spin in its synchronous put loop and keep its process alive (deno#35657).
import { Process, Queue } from "../../mod.ts";
import { generator } from "../fixtures/queue_chaos.ts";

const SELF = new URL(import.meta.url).href;
const SURVIVOR_VALUES = 200;
const QUIET_MS = 500;
const STARTED = 0;
const FINISHED = 1;

type Value = [writer: number, index: number, filler: string];

/** The filler of writer `w`'s values: `size` characters that JSON must escape now and then. */
export function fillerOf(w: number, size: number): string {
  return `w${w} "\\ \n`.repeat(Math.ceil(size / 8)).slice(0, size);
}

/** Puts `[w, n, filler]` for n = 0, 1, …, counting puts begun and finished, until one throws. */
export function putJson(
  queue: Queue<Value>,
  w: number,
  count: number,
  size: number,
  signal: SharedArrayBuffer,
): void {
  const cells = new Int32Array(signal);
  const filler = fillerOf(w, size);
  for (let n = 0; n < count; n++) {
    Atomics.add(cells, STARTED, 1);
    queue.putSync([w, n, filler], 10_000);
    Atomics.add(cells, FINISHED, 1);
  }
}

/**
 * One run: writers 0–2 put values (one writer's short, the others' up to 100 kB) until they are
 * terminated at seeded moments up to 200 ms after their first put; writer 3 puts {@linkcode SURVIVOR_VALUES};
 * this thread reads them all. Returns a "FAIL" line per broken promise, then a summary line.
 */
export async function jsonChaos(seed: number): Promise<string[]> {
  const random = generator(seed);
  const lines: string[] = [];
  const fail = (message: string) => lines.push(`FAIL seed ${seed}: ${message}`);
  const queue = new Queue<Value>(8, { capacity: 1 << 20 });
  const sizes = [
    Math.floor(random() * 900),
    2_000 + Math.floor(random() * 100_000),
    Math.floor(random() * 60_000),
    Math.floor(random() * 300),
  ];
  const signals = sizes.map(() => new Int32Array(new SharedArrayBuffer(8)));
  const writers = sizes.map((size, w) => {
    const count = w === 3 ? SURVIVOR_VALUES : 1_000_000;
    const process = new Process({
      target: putJson,
      args: [queue, w, count, size, signals[w]!.buffer as SharedArrayBuffer],
      module: SELF,
    });
    process.start();
    return process;
  });
  const begunWhenTerminated: number[] = [];
  let terminated = 0;
  // Each writer is terminated at a seeded moment after its first put completed (a worker takes
  // a while to start on a loaded machine, and a writer terminated before that tests nothing).
  const delays = [0, 1, 2].map(() => random() * 200);
  for (const w of [0, 1, 2]) {
    (async () => {
      const until = performance.now() + 10_000;
      while (Atomics.load(signals[w]!, FINISHED) === 0 && performance.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await new Promise((resolve) => setTimeout(resolve, delays[w]));
      writers[w]!.terminate();
      begunWhenTerminated[w] = Atomics.load(signals[w]!, STARTED);
      terminated++;
    })();
  }
  const received = [0, 0, 0, 0];
  const fillers = sizes.map((size, w) => fillerOf(w, size));
  const deadline = performance.now() + 20_000;
  for (;;) {
    let value: Value;
    try {
      value = await queue.get(QUIET_MS);
    } catch {
      if ((terminated === 3 && received[3] === SURVIVOR_VALUES) || performance.now() > deadline) {
        break;
      }
      continue;
    }
    const [w, n, filler] = value;
    if (filler !== fillers[w]) fail(`a torn value from writer ${w}`);
    if (n !== received[w]) fail(`writer ${w} sent #${n} after ${received[w]}`);
    received[w]!++;
  }
  if (terminated !== 3) fail("the reader gave up before every writer was terminated");
  for (const w of [0, 1, 2]) {
    if (received[w]! > begunWhenTerminated[w]!) {
      fail(
        `writer ${w} put ${received[w]} values, ${begunWhenTerminated[w]} begun before terminate()`,
      );
    }
  }
  if (received[3] !== SURVIVOR_VALUES) fail(`the survivor's values arrived ${received[3]} times`);
  if (!queue.empty()) fail(`${queue.qsize()} values left in the queue`);
  lines.push(`seed ${seed}: values per writer ${received.join(", ")}`);
  return lines;
}
