/**
 * The sections whose workers start together at a gate in shared memory: increments of one shared
 * integer by 2 workers (a SharedValue under its lock, lock-free, bare Atomics as the ceiling), and
 * a Queue from 2 producer to 2 consumer workers; each against Python's `multiprocessing`.
 *
 * @module
 */
import { type Pool, Queue, SharedValue } from "../../../mod.ts";
import { type Figure, figure, formatInt, type Section, type Target } from "../../harness/figure.ts";
import { pythonMissingNote } from "../../harness/python.ts";
import { check, interleave, repeat, type Stat } from "../../harness/stats.ts";
import type { Parameters } from "../../harness/suite.ts";
import { usePool } from "../pool/pools.ts";
import { all, pythonFigure, type SharedSizes, startPool } from "./common.ts";
import { consume, type IncrementKind, increments, newCell, produce, spanSeconds } from "./work.ts";

/** The target of increments under the lock, per second. */
const LOCK_TARGET: Target = { kind: "min", value: 15_000_000 };

/** Increments per second of each way to add 1 from 2 workers at once. */
export async function lockSection(p: Parameters, s: SharedSizes): Promise<Section> {
  const { workers, increments: n, pythonIncrements } = s.lock;
  const total = workers * n;
  const summaries = await usePool(startPool(workers), (pool) => {
    /** One run: every worker adds `n`, all released at once, checked to lose none. */
    const run = (kind: IncrementKind) => async (): Promise<number> => {
      const target = kind === "atomics" ? newCell() : new SharedValue("i", 0);
      const gate = newCell();
      const spans = await all(
        workers,
        () => pool.apply(increments, [kind, target, gate, workers, n]),
      );
      const final = target instanceof Int32Array ? target[0]! : target.value;
      check(final === total, `${total} increments expected, ${final} counted`);
      return total / spanSeconds(spans);
    };
    return interleave(p, {
      atomics: run("atomics"),
      add: run("add"),
      locked: run("locked"),
      withLock: run("withLock"),
    });
  });
  const python = await pythonFigure(p, "shared_value.py", {
    increments: pythonIncrements,
    processes: workers,
  }, {
    id: "lock.python",
    label: `Python Value('i') + get_lock(), ${workers} procs`,
    unit: "increments/s",
    extra: (out) => ({ startMethod: out.start_method, incrementsPerProcess: pythonIncrements }),
  });
  const ceiling = figure({
    id: "lock.atomics_add",
    label: "Atomics.add(cells, 0, 1), bare Int32Array",
    unit: "increments/s",
    summary: summaries.atomics,
    role: "ceiling",
  });
  const compare = [{ name: "python", figure: python }, { name: "ceiling", figure: ceiling }];
  const contender = (id: string, label: string, summary: Stat, target: Target | null = null) =>
    figure({ id, label, unit: "increments/s", summary, target, compare });
  const figures: Figure[] = [
    ceiling,
    contender("lock.shared_value_add", "v.add(1), lock-free", summaries.add),
    contender(
      "lock.acquire_release",
      "acquireSync(); v.value = v.value + 1; release()",
      summaries.locked,
      LOCK_TARGET,
    ),
    contender(
      "lock.with_lock_sync",
      "v.withLockSync(() => v.value = v.value + 1)",
      summaries.withLock,
    ),
  ];
  return {
    title: `Shared integer, ${workers} workers incrementing at once (increments per second)`,
    figures: python === null ? figures : [python, ...figures],
    notes: [
      `${workers} workers × ${formatInt(n)} increments per run` +
      (python ? ` (Python: ${workers} processes × ${formatInt(pythonIncrements)})` : "") +
      ", released together by a spin gate on a SharedArrayBuffer; rate = all increments / " +
      "(last worker's end − first worker's start); every run checks that none was lost",
      "v.withLockSync(fn) takes the same lock with acquireSync()/release() around fn in " +
      "try/finally: the gap to the line above is the cost of the call through it",
      "Deno runs of the four kinds are interleaved" +
      (python
        ? "; Python makes its own warm-up and runs, with `lock = v.get_lock(); lock.acquire(); " +
          "v.value = v.value + 1; lock.release()` (bench/python/shared_value.py)"
        : ""),
      ...(python ? [] : [pythonMissingNote("Value")]),
    ],
  };
}

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
