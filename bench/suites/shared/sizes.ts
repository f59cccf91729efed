/**
 * The shared suite's sizes: a full run, or a quick one at a tenth of the counts (but 64 MiB
 * through a pipe, not 25.6).
 *
 * @module
 */

/** Sizes of a full run. */
export const FULL = {
  increments: 2_000_000,
  pythonIncrements: 200_000,
  trips: 2_000,
  messages: 256,
  messagesPerProducer: 25_000,
} as const;

/** The sizes of a run of the shared suite. */
export interface SharedSizes {
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

/** The sizes of a full run, or of a quick one. */
export function sharedSizes(quick: boolean): SharedSizes {
  const scale = quick ? 10 : 1;
  return {
    lock: {
      workers: 2,
      increments: FULL.increments / scale,
      pythonIncrements: FULL.pythonIncrements / scale,
    },
    pipe: {
      trips: FULL.trips / scale,
      messageBytes: 1 << 20,
      messages: quick ? 64 : FULL.messages,
      window: 32,
      ackEvery: 8,
    },
    queue: {
      producers: 2,
      consumers: 2,
      messagesPerProducer: FULL.messagesPerProducer / scale,
      maxsize: 0,
      capacity: 1 << 20,
    },
  };
}
