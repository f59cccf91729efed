/**
 * Section: messages per second through one Queue from 2 producer workers to 2 consumer workers,
 * against Python's `multiprocessing.Queue` with 2 + 2 processes.
 *
 * @module
 */
import { Queue } from "../../../mod.ts";
import { check, repeat, summarize } from "../../harness/stats.ts";
import { newGate, spanSeconds, startPool, times } from "./common.ts";
import { usePool } from "../pool/pools.ts";
import { pythonMissingNote, runPython } from "../../harness/python.ts";
import { type Figure, figure, formatInt } from "../../harness/figure.ts";
import type { Section } from "../../harness/figure.ts";
import type { Parameters } from "../../harness/suite.ts";
import type { SharedSizes } from "./sizes.ts";
import { consume, produce } from "./work.ts";

/** What `bench/python/mp_queue.py` prints. */
interface PythonResult {
  readonly python: string;
  readonly start_method: string;
  readonly samples: number[];
}

/** Messages per second from 2 producers to 2 consumers at once, through one queue. */
export async function queueSection(p: Parameters, s: SharedSizes): Promise<Section> {
  const { producers, consumers, messagesPerProducer: n, maxsize, capacity } = s.queue;
  const parties = producers + consumers;
  const total = producers * n;
  // Sum of the first items of every message: producer k puts k·n .. (k+1)·n − 1.
  const expectedSum = total * (total - 1) / 2;

  const summary = await usePool(startPool(parties), (pool) =>
    repeat(p, async () => {
      const queue = new Queue<[number, number] | null>(maxsize, { capacity });
      const gate = newGate();
      const produced = times(
        producers,
        (k) => pool.apply(produce, [queue, gate, parties, k * n, n]),
      );
      const consumed = times(consumers, () => pool.apply(consume, [queue, gate, parties]));
      // Once every producer is done, one null per consumer ends the consumers.
      const producerSpans = await Promise.all(produced);
      for (let k = 0; k < consumers; k++) await queue.put(null);
      const results = await Promise.all(consumed);
      const spans = [...producerSpans, ...results];
      const count = results.reduce((a, r) => a + r.count, 0);
      const sum = results.reduce((a, r) => a + r.sum, 0);
      check(count === total && sum === expectedSum, `${total} messages expected, ${count} taken`);
      check(queue.empty(), "the queue is empty at the end");
      return total / spanSeconds(spans);
    }));

  const notes: string[] = [];
  let python: Figure | null = null;
  if (p.python === null) {
    notes.push(pythonMissingNote("Queue"));
  } else {
    const out = await runPython<PythonResult>(p.python, "mp_queue.py", [
      "--messages",
      String(n),
      "--producers",
      String(producers),
      "--consumers",
      String(consumers),
      "--runs",
      String(p.runs),
      "--warmup",
      String(p.warmup),
    ]);
    python = figure({
      id: "queue.python",
      label: `Python Queue, ${producers} + ${consumers} processes`,
      unit: "messages/s",
      summary: summarize(out.samples),
      extra: { startMethod: out.start_method },
    });
  }
  const figures = [
    ...(python === null ? [] : [python]),
    figure({
      id: "queue.put_get",
      label: `Queue putSync/getSync, ${producers} + ${consumers} workers`,
      unit: "messages/s",
      summary,
      compare: [{ name: "python", figure: python }],
    }),
  ];
  notes.unshift(
    `each producer puts ${formatInt(n)} messages [i, i]; once all are done the main thread ` +
      `${python === null ? "" : "(Python: the parent) "}puts one null per consumer, and each ` +
      "consumer gets until its first null; every run checks the count and the sum of what was taken",
    `new Queue(${maxsize}, { capacity: ${formatInt(capacity)} })` +
      `${
        python === null ? "" : " (Python: multiprocessing.Queue())"
      }; the ${parties} workers wait at a blocking gate, so a run is released ` +
      "at once; rate = messages / (last end − first start)",
    `${parties} workers on ${navigator.hardwareConcurrency} cores: producers and consumers ` +
      "take turns on the cores as well as on the queue's lock",
  );
  return {
    title: `Queue, ${producers} producer and ${consumers} consumer workers (messages per second)`,
    figures,
    notes,
  };
}
