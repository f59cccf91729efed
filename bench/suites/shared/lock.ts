/**
 * Section: increments of one shared integer per second by 2 workers started together, under a
 * SharedValue's lock (the figure with a target), against lock-free increments (the ceiling) and
 * Python's `multiprocessing.Value('i')` with `get_lock()` (the baseline).
 *
 * @module
 */
import { SharedValue } from "../../../mod.ts";
import { check, interleave, type Stat, summarize } from "../../harness/stats.ts";
import { newGate, spanSeconds, startPool, times } from "./common.ts";
import { usePool } from "../pool/pools.ts";
import { type Python, pythonMissingNote, runPythonSamples } from "../../harness/python.ts";
import { type Figure, figure, formatInt, type Section, type Target } from "../../harness/figure.ts";
import type { Parameters } from "../../harness/suite.ts";
import type { SharedSizes } from "./sizes.ts";
import { atomicsAdd, lockedIncrements, sharedAdd, type Span, withLockIncrements } from "./work.ts";

const TARGET_PER_SECOND = 15_000_000;

async function pythonFigure(python: Python, p: Parameters, s: SharedSizes): Promise<Figure> {
  const { workers, pythonIncrements } = s.lock;
  const out = await runPythonSamples(python, "shared_value.py", {
    increments: pythonIncrements,
    processes: workers,
    runs: p.runs,
    warmup: p.warmup,
  });
  return figure({
    id: "lock.python",
    label: `Python Value('i') + get_lock(), ${workers} procs`,
    unit: "increments/s",
    summary: summarize(out.samples),
    extra: { startMethod: out.start_method, incrementsPerProcess: pythonIncrements },
  });
}

/** Increments per second of the four Deno contenders, runs interleaved. */
function measure(p: Parameters, s: SharedSizes): Promise<Record<string, Stat>> {
  const { workers, increments: n } = s.lock;
  const total = workers * n;
  return usePool(startPool(workers), (pool) => {
    /** One run: every worker runs `task` once, together; checks that nothing was lost. */
    const run = <T>(
      make: () => T,
      task: (target: T, gate: Int32Array, parties: number, n: number) => Span,
      read: (target: T) => number,
    ) =>
    async (): Promise<number> => {
      const target = make();
      const gate = newGate();
      const spans = await Promise.all(
        times(workers, () => pool.apply(task, [target, gate, workers, n])),
      );
      const final = read(target);
      check(final === total, `${total} increments expected, ${final} counted`);
      return total / spanSeconds(spans);
    };
    const value = () => new SharedValue("i", 0);
    return interleave(p, {
      atomics: run(() => new Int32Array(new SharedArrayBuffer(4)), atomicsAdd, (c) => c[0]!),
      add: run(value, sharedAdd, (v) => v.value),
      locked: run(value, lockedIncrements, (v) => v.value),
      withLock: run(value, withLockIncrements, (v) => v.value),
    });
  });
}

/** The figures: Python's, the ceiling, then the three SharedValue ways against both. */
function figures(summaries: Record<string, Stat>, python: Figure | null): Figure[] {
  const ceiling = figure({
    id: "lock.atomics_add",
    label: "Atomics.add(cells, 0, 1), bare Int32Array",
    unit: "increments/s",
    summary: summaries.atomics!,
    role: "ceiling",
  });
  const compare = [{ name: "python", figure: python }, { name: "ceiling", figure: ceiling }];
  const contender = (id: string, label: string, summary: Stat, target: Target | null = null) =>
    figure({ id, label, unit: "increments/s", summary, target, compare });
  return [
    ...(python === null ? [] : [python]),
    ceiling,
    contender("lock.shared_value_add", "v.add(1), lock-free", summaries.add!),
    contender(
      "lock.acquire_release",
      "acquireSync(); v.value = v.value + 1; release()",
      summaries.locked!,
      { kind: "min", value: TARGET_PER_SECOND },
    ),
    contender(
      "lock.with_lock_sync",
      "v.withLockSync(() => v.value = v.value + 1)",
      summaries.withLock!,
    ),
  ];
}

function notes(s: SharedSizes, python: boolean): string[] {
  const { workers, increments, pythonIncrements } = s.lock;
  return [
    `${workers} workers × ${formatInt(increments)} increments per run` +
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
  ];
}

/** Increments per second of each way to add 1 from 2 workers at once. */
export async function lockSection(p: Parameters, s: SharedSizes): Promise<Section> {
  const summaries = await measure(p, s);
  const python = p.python === null ? null : await pythonFigure(p.python, p, s);
  return {
    title: `Shared integer, ${s.lock.workers} workers incrementing at once (increments per second)`,
    figures: figures(summaries, python),
    notes: notes(s, python !== null),
  };
}
