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

/**
 * One read from the source: up to a chunk of items, and the error the source threw after them,
 * if it threw. Items read before the error still count: their results come before the error.
 */
interface ChunkRead {
  items: unknown[];
  failure: { error: unknown } | null;
}

interface ChunkReader {
  /** The next chunk (shorter at the end or before an error), or `null` once exhausted. */
  next(): Promise<ChunkRead | null> | ChunkRead | null;
  close(): void;
}

function chunkReader(
  source: Iterable<unknown> | AsyncIterable<unknown>,
  size: number,
): ChunkReader {
  const sync = Symbol.iterator in source;
  const iterator = sync ? source[Symbol.iterator]() : source[Symbol.asyncIterator]();
  let done = false;
  const finish = (items: unknown[], failure: ChunkRead["failure"]): ChunkRead | null => {
    done = true;
    return items.length > 0 || failure !== null ? { items, failure } : null;
  };
  const close = (): void => {
    if (done) return;
    done = true;
    const closing = iterator.return?.();
    // An async iterator's return() may reject; the consumer has already stopped listening.
    if (closing instanceof Promise) closing.catch(() => {});
  };
  if (sync) {
    const syncIterator = iterator as Iterator<unknown>;
    return {
      next: () => {
        if (done) return null;
        const items: unknown[] = [];
        while (items.length < size) {
          let step: IteratorResult<unknown>;
          try {
            step = syncIterator.next();
          } catch (error) {
            return finish(items, { error });
          }
          if (step.done) return finish(items, null);
          items.push(step.value);
        }
        return { items, failure: null };
      },
      close,
    };
  }
  const asyncIterator = iterator as AsyncIterator<unknown>;
  return {
    next: async () => {
      if (done) return null;
      const items: unknown[] = [];
      while (items.length < size) {
        let step: IteratorResult<unknown>;
        try {
          step = await asyncIterator.next();
        } catch (error) {
          return finish(items, { error });
        }
        if (step.done) return finish(items, null);
        items.push(step.value);
      }
      return { items, failure: null };
    },
    close,
  };
}

type Settled<R> = { ok: true; value: R[] } | { ok: false; error: unknown };

/**
 * Yields `fn`'s results over `source`, at most `maxInFlight` chunks ahead of the consumer.
 * Breaking out stops pulling from `source` and drops the chunks not yet sent. If `source`
 * throws at item k, the results of items 0..k−1 come first (in either order), then the error:
 * read-ahead must not move an input error ahead of results it comes after.
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
  // Set inside fill(); a cast, so that the checker does not narrow it to null here.
  let sourceFailure = null as ChunkRead["failure"];

  const fill = async (): Promise<void> => {
    while (!exhausted && inFlight.length < maxInFlight) {
      const read = await reader.next();
      if (read === null || read.failure !== null) {
        exhausted = true;
        sourceFailure = read?.failure ?? null;
      }
      if (read === null || read.items.length === 0) return;
      const sent = await submit(read.items);
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
    // Every item read before the source threw has been answered: now its error.
    if (sourceFailure !== null) throw sourceFailure.error;
  } finally {
    for (const entry of inFlight) entry.cancel();
    reader.close();
  }
}
