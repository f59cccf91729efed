/**
 * Section: increments of one shared integer per second by 2 workers started together, under a
 * SharedValue's lock (the figure with a target), against lock-free increments (the ceiling) and
 * Python's `multiprocessing.Value('i')` with `get_lock()` (the baseline).
 *
 * @module
 */
import { SharedValue } from "../../../mod.ts";
import { check, interleave, summarize } from "../../harness/stats.ts";
import { newGate, spanSeconds, startPool, times } from "./common.ts";
import { usePool } from "../pool/pools.ts";
import { type Python, pythonMissingNote, runPython } from "../../harness/python.ts";
import { type Figure, figure, formatInt } from "../../harness/figure.ts";
import type { Section } from "../../harness/figure.ts";
import type { Parameters } from "../../harness/suite.ts";
import type { SharedSizes } from "./sizes.ts";
import { atomicsAdd, lockedIncrements, sharedAdd, type Span, withLockIncrements } from "./work.ts";

const TARGET_PER_SECOND = 15_000_000;

/** What `bench/python/shared_value.py` prints. */
interface PythonResult {
  readonly python: string;
  readonly start_method: string;
  readonly samples: number[];
}

async function pythonFigure(python: Python, p: Parameters, s: SharedSizes): Promise<Figure> {
  const out = await runPython<PythonResult>(python, "shared_value.py", [
    "--increments",
    String(s.lock.pythonIncrements),
    "--processes",
    String(s.lock.workers),
    "--runs",
    String(p.runs),
    "--warmup",
    String(p.warmup),
  ]);
  return figure({
    id: "lock.python",
    label: `Python Value('i') + get_lock(), ${s.lock.workers} procs`,
    unit: "increments/s",
    summary: summarize(out.samples),
    extra: { startMethod: out.start_method, incrementsPerProcess: s.lock.pythonIncrements },
  });
}

/** Increments per second of each way to add 1 from 2 workers at once. */
export async function lockSection(p: Parameters, s: SharedSizes): Promise<Section> {
  const { workers, increments: n } = s.lock;
  const total = workers * n;
  const notes: string[] = [];

  const summaries = await usePool(startPool(workers), async (pool) => {
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
    return await interleave(p, {
      atomics: run(() => new Int32Array(new SharedArrayBuffer(4)), atomicsAdd, (c) => c[0]!),
      add: run(value, sharedAdd, (v) => v.value),
      locked: run(value, lockedIncrements, (v) => v.value),
      withLock: run(value, withLockIncrements, (v) => v.value),
    });
  });

  let python: Figure | null = null;
  if (p.python === null) notes.push(pythonMissingNote("Value"));
  else python = await pythonFigure(p.python, p, s);

  const ceiling = figure({
    id: "lock.atomics_add",
    label: "Atomics.add(cells, 0, 1), bare Int32Array",
    unit: "increments/s",
    summary: summaries.atomics,
    role: "ceiling",
  });
  const figures = [
    ...(python === null ? [] : [python]),
    ceiling,
    figure({
      id: "lock.shared_value_add",
      label: "v.add(1), lock-free",
      unit: "increments/s",
      summary: summaries.add,
      compare: [{ name: "python", figure: python }, { name: "ceiling", figure: ceiling }],
    }),
    figure({
      id: "lock.acquire_release",
      label: "acquireSync(); v.value = v.value + 1; release()",
      unit: "increments/s",
      summary: summaries.locked,
      target: { kind: "min", value: TARGET_PER_SECOND },
      compare: [{ name: "python", figure: python }, { name: "ceiling", figure: ceiling }],
    }),
    figure({
      id: "lock.with_lock_sync",
      label: "v.withLockSync(() => v.value = v.value + 1)",
      unit: "increments/s",
      summary: summaries.withLock,
      compare: [{ name: "python", figure: python }, { name: "ceiling", figure: ceiling }],
    }),
  ];
  notes.unshift(
    `${workers} workers × ${formatInt(n)} increments per run` +
      (python === null
        ? ""
        : ` (Python: ${workers} processes × ${formatInt(s.lock.pythonIncrements)})`) +
      ", released together by a spin gate on a SharedArrayBuffer; rate = all increments / " +
      "(last worker's end − first worker's start); every run checks that none was lost",
    "v.withLockSync(fn) takes the same lock with acquireSync()/release() around fn in " +
      "try/finally: the gap to the line above is the cost of the call through it",
    "Deno runs of the four kinds are interleaved" +
      (python === null
        ? ""
        : "; Python makes its own warm-up and runs, with `lock = v.get_lock(); lock.acquire(); " +
          "v.value = v.value + 1; lock.release()` (bench/python/shared_value.py)"),
  );
  return {
    title: `Shared integer, ${workers} workers incrementing at once (increments per second)`,
    figures,
    notes,
  };
}
