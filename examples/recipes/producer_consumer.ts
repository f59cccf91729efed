/**
 * Recipe: a producer and a consumer, each a `Process`, joined by a `Queue`. The producer puts
 * the numbers 1..n and then `null` to say it is done; the consumer adds what it gets until that
 * `null` and puts its sum on a second queue for the main thread.
 *
 * Run: `deno run --allow-read=. examples/recipes/producer_consumer.ts 100`
 * - `--allow-read=.`: the Processes' workers load the library and this module.
 *
 * @module
 */
import { Process, Queue } from "../../mod.ts";

/** Puts 1..n on `queue`, then `null`. */
export async function produce(queue: Queue<number | null>, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) await queue.put(i);
  await queue.put(null);
}

/** Adds the numbers from `queue` until `null`, then puts the sum on `results`. */
export async function consume(queue: Queue<number | null>, results: Queue<number>): Promise<void> {
  let sum = 0;
  for (let value = await queue.get(); value !== null; value = await queue.get()) sum += value;
  await results.put(sum);
}

if (import.meta.main) { // the workers import this module too: start Processes only here
  const n = Number(Deno.args[0] ?? 100);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`expected a count, got "${Deno.args[0]}"`);
  }
  const queue = new Queue<number | null>(10); // at most 10 waiting: the producer slows down
  const results = new Queue<number>();
  const module = import.meta.url;
  const producer = new Process({ target: produce, args: [queue, n], module });
  const consumer = new Process({ target: consume, args: [queue, results], module });
  producer.start();
  consumer.start();
  console.log(`sum of 1..${n}: ${await results.get(30_000)}`);
  await Promise.all([producer.join(), consumer.join()]);
  console.log(`exit codes: ${producer.exitCode} ${consumer.exitCode}`);
}
