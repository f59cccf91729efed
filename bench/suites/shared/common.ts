/**
 * What the shared suite's sections share: their sizes, the pool over work.ts, and the figure of
 * a Python baseline.
 *
 * @module
 */
import { Pool } from "../../../mod.ts";
import { type Figure, figure } from "../../harness/figure.ts";
import { runPythonSamples } from "../../harness/python.ts";
import { summarize } from "../../harness/stats.ts";
import type { Parameters } from "../../harness/suite.ts";
import { WORK_MODULE } from "./work.ts";

/** The sizes of a run of the shared suite (see {@linkcode sharedSizes}). */
export type SharedSizes = {
  lock: Record<"workers" | "increments" | "pythonIncrements", number>;
  pipe: Record<"trips" | "messageBytes" | "messages" | "window" | "ackEvery", number>;
  queue: Record<"producers" | "consumers" | "messagesPerProducer" | "maxsize" | "capacity", number>;
};

/**
 * The sizes of a full run, or of a quick one at a tenth of the counts (but 64 MiB through a
 * pipe, not 25.6). Python increments ~20× slower: fewer keep its runs short. A pipe's sender
 * stays at most `window` messages ahead of the acks, sent every `ackEvery` and for the last.
 */
export function sharedSizes(quick: boolean): SharedSizes {
  const scale = quick ? 10 : 1;
  return {
    lock: { workers: 2, increments: 2_000_000 / scale, pythonIncrements: 200_000 / scale },
    pipe: {
      trips: 2_000 / scale,
      messageBytes: 1 << 20,
      messages: quick ? 64 : 256,
      window: 32,
      ackEvery: 8,
    },
    queue: {
      producers: 2,
      consumers: 2,
      messagesPerProducer: 25_000 / scale,
      maxsize: 0,
      capacity: 1 << 20,
    },
  };
}

/** A multiproc pool of `processes` workers whose module is work.ts. */
export function startPool(processes: number): Pool {
  return new Pool({ processes, module: WORK_MODULE });
}

/** `count` tasks started at once, `start(k)` the k-th, and their results. */
export function all<T>(count: number, start: (k: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, k) => start(k)));
}

/**
 * The figure of `bench/python/<script>` given `flags` and the runs, or null without python3.
 * Its extra is `{ startMethod }`, unless `fields.extra` makes it from the script's output.
 */
export async function pythonFigure(
  p: Parameters,
  script: string,
  flags: Record<string, number | string>,
  fields: Pick<Figure, "id" | "label" | "unit"> & {
    extra?(out: Awaited<ReturnType<typeof runPythonSamples>>): Record<string, unknown>;
  },
): Promise<Figure | null> {
  if (p.python === null) return null;
  const out = await runPythonSamples(p.python, script, {
    ...flags,
    runs: p.runs,
    warmup: p.warmup,
  });
  const { extra = () => ({ startMethod: out.start_method }), ...names } = fields;
  return figure({ ...names, summary: summarize(out.samples), extra: extra(out) });
}
