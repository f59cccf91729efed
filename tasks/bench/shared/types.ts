/**
 * Types shared by the entry of the shared-memory and channel benchmark and its sections.
 *
 * @module
 */
import type { Figure } from "../report.ts";
import type { Python } from "./python.ts";

/** Parameters of one run of the benchmark. */
export interface Parameters {
  readonly seed: number;
  readonly runs: number;
  readonly warmup: number;
  readonly quick: boolean;
  readonly lock: {
    /** Workers (and Python processes) incrementing at once. */
    readonly workers: number;
    /** Increments per worker and run. */
    readonly increments: number;
    /** Increments per Python process and run (Python is ~20× slower: fewer keep runs short). */
    readonly pythonIncrements: number;
  };
  readonly pipe: {
    /** Sequential round trips per run. */
    readonly trips: number;
    /** Bytes per `sendBytes` message. */
    readonly messageBytes: number;
    /** Messages per throughput run. */
    readonly messages: number;
    /** Most messages a sender may have sent and not yet seen acknowledged. */
    readonly window: number;
    /** The receiver acknowledges every this many messages (and the last). */
    readonly ackEvery: number;
  };
  readonly queue: {
    readonly producers: number;
    readonly consumers: number;
    /** Messages `[i, i]` each producer (worker or Python process) puts per run. */
    readonly messagesPerProducer: number;
    /** `new Queue(maxsize, { capacity })`. */
    readonly maxsize: number;
    readonly capacity: number;
  };
}

/** What every section is given: the parameters, and Python if it was found. */
export interface Context {
  readonly params: Parameters;
  readonly python: Python | null;
}

/** One section of the report: its figures, printed under a title and followed by notes. */
export interface Section {
  readonly title: string;
  readonly figures: Figure[];
  readonly notes: string[];
}
