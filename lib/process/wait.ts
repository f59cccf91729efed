/**
 * Python's `multiprocessing.connection.wait()`: wait until any of some Connections and Processes
 * is ready.
 *
 * @module
 */
import { clearLongTimeout, setLongTimeout } from "../internal/long_timer.ts";
import { Connection } from "../channel/pipe.ts";
import { describe } from "../internal/check.ts";
import { Process } from "./process.ts";
import { Sentinel } from "./sentinel.ts";

/**
 * What {@linkcode wait} watches: a readable Connection, a Process, or a Process's sentinel.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pipe } from "../channel/pipe.ts";
 * const [a, b] = Pipe();
 * const watched: Waitable[] = [a];
 * b.send(1);
 * assert.deepEqual(await wait(watched, 0), [a]);
 * ```
 */
export type Waitable = Connection | Process | Sentinel;

// A Connection is watched with polls of at most this long, renewed until the wait ends: a poll
// cannot be called off, and wait() returns only once its polls are over, so that it leaves no
// timer behind (a test's sanitizer would see it). That costs a ready wait up to this much.
const POLL_SLICE_MS = 20;

/**
 * Python's `multiprocessing.connection.wait(object_list, timeout)`: resolves with those of
 * `objects` that are ready, in the order given, as soon as one is: a Connection with a message
 * to receive or whose other end closed (its `recv()` would not wait), a Process that has ended,
 * or the `sentinel` of one. Resolves with `[]` once `timeoutMs` passes with none ready; a
 * negative timeout acts as 0 (just look), none or `Infinity` waits as long as it takes. A
 * closed Connection, a write-only end, a closed Process or one not started is refused, as
 * Python refuses them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pipe } from "../channel/pipe.ts";
 * import { Process } from "./process.ts";
 * const [a, b] = Pipe();
 * assert.deepEqual(await wait([a, b], 20), []);
 * b.send("hello");
 * assert.deepEqual(await wait([a, b]), [a]);
 * const process = new Process({ target: () => {} });
 * process.start();
 * assert.deepEqual(await wait([process.sentinel]), [process.sentinel]);
 * assert.deepEqual(await wait([a, process], 0), [a, process]);
 * ```
 */
export async function wait<T extends Waitable>(
  objects: Iterable<T>,
  timeoutMs?: number | null,
): Promise<T[]> {
  const list = checkObjects(objects);
  const limit = checkTimeout(timeoutMs);
  let ready = await readyNow(list);
  if (ready.length > 0 || limit === 0) return ready;
  let finished = false;
  let timer: ReturnType<typeof setLongTimeout> | undefined;
  const watchers: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    const end = (): void => {
      finished = true;
      resolve();
    };
    if (Number.isFinite(limit)) timer = setLongTimeout(end, limit);
    for (const object of list) {
      if (object instanceof Connection) {
        watchers.push(watchConnection(object, () => finished).then(end));
      } else ended(object).then(end, end);
    }
  });
  clearLongTimeout(timer);
  ready = await readyNow(list);
  await Promise.all(watchers);
  return ready;
}

async function watchConnection(connection: Connection, stop: () => boolean): Promise<void> {
  while (!stop()) {
    try {
      if (await connection.poll(POLL_SLICE_MS)) return;
    } catch {
      // Closed while watched: wait() reports it by looking again.
      return;
    }
  }
}

function ended(object: Process | Sentinel): Promise<void> {
  return object instanceof Sentinel ? object.whenReady() : object.join();
}

async function readyNow<T extends Waitable>(list: readonly T[]): Promise<T[]> {
  const flags = await Promise.all(list.map((object) => {
    if (object instanceof Connection) return object.poll(0);
    // Ready once reaped, as its sentinel: join() would not wait.
    return (object instanceof Sentinel ? object : object.sentinel).ready;
  }));
  return list.filter((_, index) => flags[index]);
}

function checkObjects<T extends Waitable>(objects: Iterable<T>): T[] {
  if (objects === null || typeof (objects as Iterable<T>)?.[Symbol.iterator] !== "function") {
    throw new TypeError(
      `wait() expects a list of Connections, Processes or sentinels, received ${describe(objects)}`,
    );
  }
  const list = [...objects];
  for (const object of list) {
    if (object instanceof Connection) {
      if (object.closed || !object.readable) {
        throw new RangeError(
          `wait() was given a ${object.closed ? "closed" : "write-only"} Connection, expected ` +
            "an open end that can receive: remove it from the list",
        );
      }
    } else if (object instanceof Process) {
      // Reading the sentinel throws for a Process that is closed or not started, as Python's.
      void object.sentinel;
    } else if (object instanceof Sentinel) {
      void object.ready;
    } else {
      throw new TypeError(
        `wait() expects Connections, Processes or sentinels, received ${describe(object)}`,
      );
    }
  }
  return list;
}

function checkTimeout(timeoutMs: unknown): number {
  if (timeoutMs === undefined || timeoutMs === null) return Infinity;
  if (typeof timeoutMs !== "number" || Number.isNaN(timeoutMs)) {
    throw new TypeError(
      `wait() expects a timeout in ms (a number, or null for none), received ${
        describe(timeoutMs)
      }`,
    );
  }
  // Python treats a negative timeout as 0.
  return Math.max(0, timeoutMs);
}
