/**
 * Section: messages per second through one Queue from 2 producer workers to 2 consumer workers,
 * against Python's `multiprocessing.Queue` with 2 + 2 processes.
 *
 * @module
 */
import { type Pool, Queue } from "../../../mod.ts";
import { figure, formatInt, type Section } from "../../harness/figure.ts";
import { pythonMissingNote } from "../../harness/python.ts";
import { check, repeat } from "../../harness/stats.ts";
import type { Parameters } from "../../harness/suite.ts";
import { usePool } from "../pool/pools.ts";
import { all, pythonFigure, type SharedSizes, startPool } from "./common.ts";
import { consume, newCell, produce, spanSeconds } from "./work.ts";

/** Messages per second through one queue, from the first put to the last get, in one run. */
async function oneRun(pool: Pool, s: SharedSizes): Promise<number> {
  const { producers, consumers, messagesPerProducer: n, maxsize, capacity } = s.queue;
  const parties = producers + consumers;
  const total = producers * n;
  const queue = new Queue<[number, number] | null>(maxsize, { capacity });
  const gate = newCell();
  const produced = all(producers, (k) => pool.apply(produce, [queue, gate, parties, k * n, n]));
  const consumed = all(consumers, () => pool.apply(consume, [queue, gate, parties]));
  // Once every producer is done, one null per consumer ends the consumers.
  const producerSpans = await produced;
  for (let k = 0; k < consumers; k++) await queue.put(null);
  const results = await consumed;
  const count = results.reduce((a, r) => a + r.count, 0);
  const sum = results.reduce((a, r) => a + r.sum, 0);
  // Sum of the first items of every message: producer k puts k·n .. (k+1)·n − 1.
  check(
    count === total && sum === total * (total - 1) / 2,
    `${total} messages expected, ${count} taken`,
  );
  check(queue.empty(), "the queue is empty at the end");
  return total / spanSeconds([...producerSpans, ...results]);
}

/** Messages per second from 2 producers to 2 consumers at once, through one queue. */
export async function queueSection(p: Parameters, s: SharedSizes): Promise<Section> {
  const { producers, consumers, messagesPerProducer: n, maxsize, capacity } = s.queue;
  const parties = producers + consumers;
  const summary = await usePool(startPool(parties), (pool) => repeat(p, () => oneRun(pool, s)));
  const python = await pythonFigure(p, "mp_queue.py", { messages: n, producers, consumers }, {
    id: "queue.python",
    label: `Python Queue, ${producers} + ${consumers} processes`,
    unit: "messages/s",
  });
  const deno = figure({
    id: "queue.put_get",
    label: `Queue putSync/getSync, ${producers} + ${consumers} workers`,
    unit: "messages/s",
    summary,
    compare: [{ name: "python", figure: python }],
  });
  return {
    title: `Queue, ${producers} producer and ${consumers} consumer workers (messages per second)`,
    figures: python === null ? [deno] : [python, deno],
    notes: [
      `each producer puts ${formatInt(n)} messages [i, i]; once all are done the main thread ` +
      `${python ? "(Python: the parent) " : ""}puts one null per consumer, and each ` +
      "consumer gets until its first null; every run checks the count and the sum of what was taken",
      `new Queue(${maxsize}, { capacity: ${formatInt(capacity)} })` +
      `${python ? " (Python: multiprocessing.Queue())" : ""}; the ${parties} workers wait at a ` +
      "blocking gate, so a run is released at once; rate = messages / (last end − first start)",
      `${parties} workers on ${navigator.hardwareConcurrency} cores: producers and consumers ` +
      "take turns on the cores as well as on the queue's lock",
      ...(python ? [] : [pythonMissingNote("Queue")]),
    ],
  };
}
