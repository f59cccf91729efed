/**
 * Lazy `imap`/`imapUnordered`: pull chunks from a sync or async iterable, keep a bounded number
 * in flight, and yield results in input order or in completion order.
 *
 * @module
 */

/** Sends one chunk; gives its results and a way to drop it if the consumer stops early. */
export type ChunkSubmitter<R> = (
  items: unknown[],
) => Promise<SentChunk<R>> | SentChunk<R>;

/** A chunk on its way: its results, and how to drop it. */
export interface SentChunk<R> {
  promise: Promise<R[]>;
  cancel(): void;
}

interface ChunkReader {
  /** The next chunk (shorter at the end), or `null` once the source is exhausted. */
  next(): Promise<unknown[] | null> | unknown[] | null;
  close(): void;
}

function chunkReader(
  source: Iterable<unknown> | AsyncIterable<unknown>,
  size: number,
): ChunkReader {
  if (Symbol.iterator in source) {
    const iterator = source[Symbol.iterator]();
    let done = false;
    return {
      next: () => {
        if (done) return null;
        const chunk: unknown[] = [];
        while (chunk.length < size) {
          const step = iterator.next();
          if (step.done) {
            done = true;
            break;
          }
          chunk.push(step.value);
        }
        return chunk.length > 0 ? chunk : null;
      },
      close: () => {
        if (!done) iterator.return?.();
      },
    };
  }
  const iterator = source[Symbol.asyncIterator]();
  let done = false;
  return {
    next: async () => {
      if (done) return null;
      const chunk: unknown[] = [];
      while (chunk.length < size) {
        const step = await iterator.next();
        if (step.done) {
          done = true;
          break;
        }
        chunk.push(step.value);
      }
      return chunk.length > 0 ? chunk : null;
    },
    close: () => {
      if (!done) void iterator.return?.();
    },
  };
}

type Settled<R> = { ok: true; value: R[] } | { ok: false; error: unknown };

/**
 * Yields `fn`'s results over `source`, at most `maxInFlight` chunks ahead of the consumer.
 * Breaking out stops pulling from `source` and drops the chunks not yet sent.
 */
export async function* imapResults<R>(
  source: Iterable<unknown> | AsyncIterable<unknown>,
  chunksize: number,
  maxInFlight: number,
  ordered: boolean,
  submit: ChunkSubmitter<R>,
): AsyncGenerator<R, void, undefined> {
  const reader = chunkReader(source, chunksize);
  const inFlight: Array<{ settled: Promise<Settled<R>>; cancel(): void }> = [];
  const completed: Settled<R>[] = [];
  let wake: (() => void) | null = null;
  let exhausted = false;

  const fill = async (): Promise<void> => {
    while (!exhausted && inFlight.length < maxInFlight) {
      const chunk = await reader.next();
      if (chunk === null) {
        exhausted = true;
        return;
      }
      const sent = await submit(chunk);
      const settled = sent.promise.then(
        (value): Settled<R> => ({ ok: true, value }),
        (error): Settled<R> => ({ ok: false, error }),
      );
      const entry = { settled, cancel: sent.cancel };
      inFlight.push(entry);
      if (!ordered) {
        void settled.then((outcome) => {
          inFlight.splice(inFlight.indexOf(entry), 1);
          completed.push(outcome);
          wake?.();
        });
      }
    }
  };

  try {
    await fill();
    while (inFlight.length > 0 || completed.length > 0) {
      let outcome: Settled<R>;
      if (ordered) {
        outcome = await inFlight[0]!.settled;
        inFlight.shift();
      } else {
        while (completed.length === 0) await new Promise<void>((resolve) => wake = resolve);
        outcome = completed.shift()!;
      }
      if (!outcome.ok) throw outcome.error;
      await fill();
      yield* outcome.value;
    }
  } finally {
    for (const entry of inFlight) entry.cancel();
    reader.close();
  }
}
