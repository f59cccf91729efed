/**
 * The section of increments of one shared integer by 2 workers released together at a gate in
 * shared memory (a SharedValue under its lock, lock-free, bare Atomics as the ceiling), against
 * Python's `multiprocessing`. The queue section (queue.ts) shares the gate.
 *
 * @module
 */
import { SharedValue } from "../../../mod.ts";
import { type Figure, figure, formatInt, type Section, type Target } from "../../harness/figure.ts";
import { pythonMissingNote } from "../../harness/python.ts";
import { check, interleave, type Stat, summarize } from "../../harness/stats.ts";
import type { Parameters } from "../../harness/suite.ts";
import { usePool } from "../pool/pools.ts";
import { all, pythonFigure, type SharedSizes, startPool } from "./common.ts";
import { type IncrementKind, increments, newCell, spanSeconds } from "./work.ts";

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
    // The target holds in every run, not just the median: the slowest run, on its own.
    contender(
      "lock.acquire_release_slowest",
      `the same, slowest of the ${summaries.locked.samples.length} runs`,
      summarize([summaries.locked.min]),
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
