/**
 * The benchmark's fixed sizes and inputs, and the {@linkcode Parameters} of a run built from them.
 *
 * @module
 */
import type { Parameters } from "./types.ts";

const SEED = 100;
/** Sizes of a full run; `--quick` divides them by 10, but sends 64 MiB through a pipe, not 25.6. */
export const FULL = {
  increments: 2_000_000,
  pythonIncrements: 200_000,
  trips: 2_000,
  messages: 256,
  messagesPerProducer: 25_000,
} as const;
const MESSAGE_BYTES = 1 << 20;

/** The parameters of a run of `runs` measured runs per figure, at the quick sizes if `quick`. */
export function parameters(quick: boolean, runs: number): Parameters {
  const scale = quick ? 10 : 1;
  return {
    seed: SEED,
    runs,
    warmup: 1,
    quick,
    lock: {
      workers: 2,
      increments: FULL.increments / scale,
      pythonIncrements: FULL.pythonIncrements / scale,
    },
    pipe: {
      trips: FULL.trips / scale,
      messageBytes: MESSAGE_BYTES,
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
