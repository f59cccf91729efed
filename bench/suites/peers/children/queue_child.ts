/**
 * A fresh process measuring multiproc's Queue or SimpleQueue with 2 producer and 2 consumer
 * workers (the tasks of bench/suites/shared/work.ts), printing one JSON line
 * `{ "values": { "messages_per_s": rate } }`: `deno run -A queue_child.ts queue|simple N`, N
 * messages per producer, after an untimed warm-up run of N / 5.
 *
 * @module
 */
import { Queue, SimpleQueue } from "../../../../mod.ts";
import { check } from "../../../harness/stats.ts";
import { all, startPool } from "../../shared/common.ts";
import { consume, newCell, produce, spanSeconds } from "../../shared/work.ts";

const [PRODUCERS, CONSUMERS] = [2, 2];
type Message = [number, number] | null;
type Pool = ReturnType<typeof startPool>;

/** Messages per second from the first put to the last get; checks the count and the sum. */
async function oneRun(pool: Pool, kind: string, n: number): Promise<number> {
  const queue = kind === "simple" ? new SimpleQueue<Message>() : new Queue<Message>();
  const gate = newCell();
  const parties = PRODUCERS + CONSUMERS;
  const total = PRODUCERS * n;
  const produced = all(PRODUCERS, (k) => pool.apply(produce, [queue, gate, parties, k * n, n]));
  const consumed = all(CONSUMERS, () => pool.apply(consume, [queue, gate, parties]));
  const spans = await produced;
  for (let k = 0; k < CONSUMERS; k++) await queue.put(null);
  const results = await consumed;
  const count = results.reduce((a, r) => a + r.count, 0);
  const sum = results.reduce((a, r) => a + r.sum, 0);
  check(count === total && sum === total * (total - 1) / 2, `${total} messages, ${count} taken`);
  queue.close();
  return total / spanSeconds([...spans, ...results]);
}

const [kind, perProducer = "10000"] = Deno.args;
if (kind !== "queue" && kind !== "simple") {
  throw new TypeError(`usage: queue_child.ts queue|simple N, received ${Deno.args}`);
}
const n = Number(perProducer);
const pool = startPool(PRODUCERS + CONSUMERS);
try {
  await oneRun(pool, kind, Math.max(1, Math.round(n / 5)));
  const rate = await oneRun(pool, kind, n);
  console.log(
    JSON.stringify({ runtime: `deno ${Deno.version.deno}`, values: { messages_per_s: rate } }),
  );
} finally {
  await pool.terminate();
}
Deno.exit(0);
