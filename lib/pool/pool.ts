/**
 * Python's `multiprocessing.Pool` on Web Workers.
 *
 * @module
 */
import { cpuCount } from "../process/current.ts";
import { PoolClosedError } from "../errors.ts";
import { type AsyncCallbacks, AsyncResult } from "./async_result.ts";
import {
  type Call,
  ChunkedCall,
  chunkOffsets,
  defaultChunksize,
  FailedCall,
  SingleCall,
} from "./calls.ts";
import { Dispatcher } from "./dispatcher.ts";
import { imapResults } from "./imap.ts";
import * as check from "./options.ts";
import { UnitKind } from "./protocol.ts";
import { type AnyFunction, moduleUrl, refFor } from "./task_ref.ts";

/** Options of {@linkcode Pool}. */
export interface PoolOptions {
  /** Number of workers; default `navigator.hardwareConcurrency`. */
  processes?: number;
  /** URL of a module whose exports tasks may be (usually `import.meta.url`). */
  module?: string | URL;
  /** Runs in every new worker before its first task, with `initargs`. */
  initializer?: (...initargs: never[]) => unknown;
  /** Arguments for `initializer`. */
  initargs?: readonly unknown[];
  /** Replace a worker after it has run this many tasks (a `map` chunk counts as one). */
  maxTasksPerChild?: number;
  /** Stop a worker idle this long (ms), so a script that never closes its pool exits. Default 1000. */
  idleTimeout?: number;
  /** Prefix of worker names; default `"PoolWorker"`. */
  name?: string;
}

/** Options of `apply`-like calls. */
export interface CallOptions {
  /** ArrayBuffers (and other transferables) to move to the worker instead of copying. */
  transfer?: Transferable[];
}

/** Options of `map`-like calls. */
export interface MapOptions {
  /** Items per message; default `ceil(n / (4 × processes))` for `map`, 1 for `imap`. */
  chunksize?: number;
}

const DEFAULT_IDLE_TIMEOUT_MS = 1000;

/**
 * A pool of workers running tasks in parallel: Python's `multiprocessing.Pool`.
 *
 * A task is an export of `module` (sent by name; the worker imports the module) or a
 * self-contained function (sent as source). Arguments and results travel by structured clone.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * await using pool = new Pool({ processes: 2 });
 * const squares = await pool.map((x: number) => x * x, [1, 2, 3, 4]);
 * assert.deepEqual(squares, [1, 4, 9, 16]);
 * assert.equal(await pool.apply((a: number, b: number) => a + b, [2, 3]), 5);
 * ```
 */
export class Pool implements AsyncDisposable {
  /** Number of workers. */
  readonly processes: number;
  /** Prefix of the workers' names. */
  readonly name: string;
  readonly #dispatcher: Dispatcher;
  #state: "running" | "closed" | "terminated" = "running";

  /** Creates the pool and starts its workers. */
  constructor(options: PoolOptions = {}) {
    this.processes = options.processes === undefined
      ? cpuCount()
      : check.positiveInteger(options.processes, "Pool option processes");
    if (options.name !== undefined && typeof options.name !== "string") {
      throw new TypeError(`Pool option name must be a string, received ${typeof options.name}`);
    }
    this.name = options.name ?? "PoolWorker";
    const idleTimeout = options.idleTimeout === undefined
      ? DEFAULT_IDLE_TIMEOUT_MS
      : check.duration(options.idleTimeout, "Pool option idleTimeout");
    const maxTasksPerChild = options.maxTasksPerChild === undefined
      ? null
      : check.positiveInteger(options.maxTasksPerChild, "Pool option maxTasksPerChild");
    const initializer = options.initializer;
    if (initializer !== undefined) check.functionOption(initializer, "Pool option initializer");
    const module = options.module === undefined ? null : moduleUrl(options.module);
    this.#dispatcher = new Dispatcher({
      processes: this.processes,
      name: this.name,
      module,
      initargs: check.argumentList(options.initargs, "Pool option initargs"),
      maxTasksPerChild,
      idleTimeout,
    });
    this.#dispatcher.start(initializer ? refFor(initializer as AnyFunction) : null);
  }

  /** Runs `fn(...args)` in a worker. */
  apply<A extends unknown[], R>(
    fn: (...args: A) => R,
    args?: A,
    options: CallOptions = {},
  ): Promise<Awaited<R>> {
    return this.#single<Awaited<R>>("apply", fn, args, options).promise;
  }

  /** Like `apply`, returning an {@linkcode AsyncResult}; `callback`/`errorCallback` run once. */
  applyAsync<A extends unknown[], R>(
    fn: (...args: A) => R,
    args?: A,
    options: CallOptions & AsyncCallbacks<Awaited<R>> = {},
  ): AsyncResult<Awaited<R>> {
    return new AsyncResult(this.#single<Awaited<R>>("applyAsync", fn, args, options), options);
  }

  /** `fn(item)` for every item, in parallel; results in input order. */
  map<T, R>(
    fn: (item: T) => R,
    iterable: Iterable<T>,
    options: MapOptions = {},
  ): Promise<Awaited<R>[]> {
    return this.#chunked<Awaited<R>>("map", fn, iterable, options, UnitKind.Map).promise;
  }

  /** Like `map`, returning an {@linkcode AsyncResult} of the whole list. */
  mapAsync<T, R>(
    fn: (item: T) => R,
    iterable: Iterable<T>,
    options: MapOptions & AsyncCallbacks<Awaited<R>[]> = {},
  ): AsyncResult<Awaited<R>[]> {
    const call = this.#chunked<Awaited<R>>("mapAsync", fn, iterable, options, UnitKind.Map);
    return new AsyncResult(call, options);
  }

  /** `fn(...args)` for every argument tuple, in parallel; results in input order. */
  starmap<A extends unknown[], R>(
    fn: (...args: A) => R,
    iterable: Iterable<A>,
    options: MapOptions = {},
  ): Promise<Awaited<R>[]> {
    return this.#chunked<Awaited<R>>("starmap", fn, iterable, options, UnitKind.Starmap).promise;
  }

  /** Like `starmap`, returning an {@linkcode AsyncResult} of the whole list. */
  starmapAsync<A extends unknown[], R>(
    fn: (...args: A) => R,
    iterable: Iterable<A>,
    options: MapOptions & AsyncCallbacks<Awaited<R>[]> = {},
  ): AsyncResult<Awaited<R>[]> {
    const call = this.#chunked<Awaited<R>>("starmapAsync", fn, iterable, options, UnitKind.Starmap);
    return new AsyncResult(call, options);
  }

  /** Lazy ordered `map` over a sync or async (even endless) iterable. */
  imap<T, R>(
    fn: (item: T) => R,
    iterable: Iterable<T> | AsyncIterable<T>,
    options: MapOptions = {},
  ): AsyncGenerator<Awaited<R>, void, undefined> {
    return this.#lazy<Awaited<R>>("imap", fn, iterable, options, true);
  }

  /** Like `imap`, yielding results as they complete. */
  imapUnordered<T, R>(
    fn: (item: T) => R,
    iterable: Iterable<T> | AsyncIterable<T>,
    options: MapOptions = {},
  ): AsyncGenerator<Awaited<R>, void, undefined> {
    return this.#lazy<Awaited<R>>("imapUnordered", fn, iterable, options, false);
  }

  /** Takes no more tasks; workers stop once queued tasks are done. */
  close(): void {
    if (this.#state !== "running") return;
    this.#state = "closed";
    this.#dispatcher.close();
  }

  /** Waits for the workers to stop; call `close()` or `terminate()` first, as in Python. */
  join(): Promise<void> {
    if (this.#state === "running") {
      return Promise.reject(
        new Error(
          "Pool.join() was called while the pool is running: call close() or terminate() first",
        ),
      );
    }
    return this.#dispatcher.whenStopped();
  }

  /** Stops every worker now; queued and running calls reject with `PoolClosedError`. */
  terminate(): Promise<void> {
    if (this.#state !== "terminated") {
      this.#state = "terminated";
      this.#dispatcher.terminate("the pool was terminated before this task finished");
    }
    return this.#dispatcher.whenStopped();
  }

  /** `await using pool = new Pool()`: closes the pool and waits for queued tasks to finish. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    await this.join();
  }

  /** Why a call cannot be queued now, or `null` if it can. */
  #refusal(method: string): PoolClosedError | null {
    if (this.#state === "running") return null;
    const state = this.#state === "closed" ? "close()" : "terminate()";
    return new PoolClosedError(`Pool.${method}() was called after ${state}`);
  }

  #single<R>(method: string, fn: unknown, args: unknown, options: CallOptions): Call<R> {
    try {
      check.taskFunction(fn, `Pool.${method}()`);
      const payload = check.argumentList(args, `Pool.${method}()`);
      const refusal = this.#refusal(method);
      if (refusal !== null) return new FailedCall(refusal);
      const ref = refFor(fn as AnyFunction);
      const call = new SingleCall<R>(ref, UnitKind.Apply, payload, options.transfer ?? null);
      this.#dispatcher.submit(call);
      return call;
    } catch (error) {
      return new FailedCall(error);
    }
  }

  #chunked<R>(
    method: string,
    fn: unknown,
    iterable: unknown,
    options: MapOptions,
    kind: UnitKind,
  ): Call<R[]> {
    try {
      check.taskFunction(fn, `Pool.${method}()`);
      const items = check.itemList(iterable, `Pool.${method}()`);
      const chunksize = options.chunksize === undefined
        ? defaultChunksize(items.length, this.processes)
        : check.positiveInteger(options.chunksize, `Pool.${method}() option chunksize`);
      const refusal = this.#refusal(method);
      if (refusal !== null) return new FailedCall(refusal);
      const ref = refFor(fn as AnyFunction);
      const offsets = chunkOffsets(items.length, chunksize);
      const call = new ChunkedCall<R>(items.length, offsets);
      offsets.forEach((start, index) => {
        const payload = items.slice(start, start + chunksize);
        this.#dispatcher.submit({ ref, kind, payload, transfer: null, owner: call, index });
      });
      return call;
    } catch (error) {
      return new FailedCall(error);
    }
  }

  async *#lazy<R>(
    method: string,
    fn: unknown,
    iterable: unknown,
    options: MapOptions,
    ordered: boolean,
  ): AsyncGenerator<R, void, undefined> {
    check.taskFunction(fn, `Pool.${method}()`);
    const source = check.anyIterable(iterable, `Pool.${method}()`);
    const chunksize = options.chunksize === undefined
      ? 1
      : check.positiveInteger(options.chunksize, `Pool.${method}() option chunksize`);
    // Enough chunks ahead to keep every worker fed, few enough that memory stays flat.
    const maxInFlight = Math.max(4 * this.processes, Math.ceil(256 / chunksize));
    const refusal = this.#refusal(method);
    if (refusal !== null) throw refusal;
    const ref = refFor(fn as AnyFunction);
    yield* imapResults<R>(source, chunksize, maxInFlight, ordered, (items) => {
      const refusal = this.#refusal(method);
      if (refusal !== null) return { promise: Promise.reject(refusal), cancel() {} };
      const call = new SingleCall<R[]>(ref, UnitKind.Map, items);
      this.#dispatcher.submit(call);
      return { promise: call.promise, cancel: () => call.settled = true };
    });
  }
}
