/**
 * Section: a Queue and a SimpleQueue from 2 producer to 2 consumer workers released together at
 * a gate, against Python's `multiprocessing.Queue` and `SimpleQueue` with 2 + 2 processes; the
 * target is twice Python's rate measured in the same run.
 *
 * @module
 */
import { type Pool, Queue, SimpleQueue } from "../../../mod.ts";
import { type Figure, figure, formatInt, type Section, type Target } from "../../harness/figure.ts";
import { pythonMissingNote } from "../../harness/python.ts";
import { check, interleave, type Stat } from "../../harness/stats.ts";
import type { Parameters } from "../../harness/suite.ts";
import { usePool } from "../pool/pools.ts";
import { all, pythonFigure, type SharedSizes, startPool } from "./common.ts";
import { consume, newCell, produce, spanSeconds } from "./work.ts";

/** The target: this many times Python's rate in the same run. */
const TIMES_PYTHON = 2;
/** Python's Queue rate as quoted in the issue (messages/s): the base when python3 is missing. */
const QUOTED_PYTHON_QUEUE = 76_800;

type Kind = "queue" | "simple";
type Message = [number, number] | null;

/** Messages per second through one new queue of `kind`, from the first put to the last get. */
async function oneRun(pool: Pool, s: SharedSizes, kind: Kind): Promise<number> {
  const { producers, consumers, messagesPerProducer: n, maxsize, capacity } = s.queue;
  const parties = producers + consumers;
  const total = producers * n;
  const queue = kind === "queue"
    ? new Queue<Message>(maxsize, { capacity })
    : new SimpleQueue<Message>({ capacity });
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

/** The target of a figure compared with `python` (the quoted rate without python3). */
function targetOver(python: Figure | null): Target {
  return python === null
    ? {
      kind: "min",
      value: TIMES_PYTHON * QUOTED_PYTHON_QUEUE,
      source: `${TIMES_PYTHON}× Python, as quoted`,
    }
    : {
      kind: "min",
      value: TIMES_PYTHON * python.summary.median,
      source: `${TIMES_PYTHON}× Python, this run`,
    };
}

/** Messages per second from 2 producers to 2 consumers at once, through one queue of each kind. */
export async function queueSection(p: Parameters, s: SharedSizes): Promise<Section> {
  const { producers, consumers, messagesPerProducer: n, maxsize, capacity } = s.queue;
  const parties = producers + consumers;
  const rates = await usePool(startPool(parties), (pool) =>
    interleave(p, {
      queue: () => oneRun(pool, s, "queue"),
      simple: () => oneRun(pool, s, "simple"),
    }));
  const pythonOf = (kind: Kind, name: string) =>
    pythonFigure(p, "mp_queue.py", { kind, messages: n, producers, consumers }, {
      id: `queue.python_${kind}`,
      label: `Python ${name}, ${producers} + ${consumers} processes`,
      unit: "messages/s",
    });
  const python = {
    queue: await pythonOf("queue", "Queue"),
    simple: await pythonOf("simple", "SimpleQueue"),
  };
  const deno = (kind: Kind, label: string, summary: Stat): Figure =>
    figure({
      id: kind === "queue" ? "queue.put_get" : "queue.simple_put_get",
      label: `${label}, ${producers} + ${consumers} workers`,
      unit: "messages/s",
      summary,
      target: targetOver(python[kind]),
      compare: [{ name: "python", figure: python[kind] }],
    });
  const figures = [
    python.queue,
    deno("queue", "Queue putSync/getSync", rates.queue),
    python.simple,
    deno("simple", "SimpleQueue putSync/getSync", rates.simple),
  ].filter((f): f is Figure => f !== null);
  return {
    title: `Queue and SimpleQueue, ${producers} producer and ${consumers} consumer workers ` +
      "(messages per second)",
    figures,
    notes: [
      `each producer puts ${formatInt(n)} messages [i, i]; once all are done the main thread ` +
      `(Python: the parent) puts one null per consumer, and each consumer gets until its first ` +
      "null; every run checks the count and the sum of what was taken",
      `new Queue(${maxsize}, { capacity: ${formatInt(capacity)} }) and new SimpleQueue(same ` +
      "capacity) (Python: multiprocessing.Queue() and SimpleQueue()); the " +
      `${parties} workers wait at a blocking gate, so a run is released at once; rate = ` +
      "messages / (last end − first start); runs of the two kinds are interleaved",
      `target: ≥ ${TIMES_PYTHON}× Python's rate for the same kind in this run` +
      (python.queue === null
        ? ` (Python's Queue as quoted: ${formatInt(QUOTED_PYTHON_QUEUE)}/s)`
        : ""),
      "values that JSON carries exactly ([i, i] here) travel as JSON text; others as node:v8 " +
      "bytes (lib/wire/_json_record.ts)",
      `${parties} workers on ${navigator.hardwareConcurrency} cores: producers and consumers ` +
      "take turns on the cores as well as on the queue's lock",
      ...(python.queue === null ? [pythonMissingNote("Queue")] : []),
    ],
  };
}
