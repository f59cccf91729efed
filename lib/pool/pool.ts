/**
 * Python's `multiprocessing.Pool` on Web Workers.
 *
 * @module
 */
import { cpuCount } from "../internal/runtime.ts";
import { refuseWhileBootstrapping } from "../worker/_bootstrap_guard.ts";
import { PoolClosedError } from "../errors.ts";
import { type AsyncCallbacks, asyncCallbacks, AsyncResult } from "./async_result.ts";
import {
  type Call,
  type CallLimits,
  ChunkedCall,
  chunkOffsets,
  defaultChunksize,
  FailedCall,
  SingleCall,
} from "../worker/calls.ts";
import { Dispatcher } from "./dispatcher.ts";
import { executorFactory } from "../worker/executors.ts";
import { WarmWorkers } from "./_warm_workers.ts";
import { imapResults } from "./imap.ts";
import * as check from "../internal/check.ts";
import { applyArguments, mapArguments, poolArguments } from "./positional.ts";
import {
  CALL_OPTION_NAMES,
  CALLBACK_OPTION_NAMES,
  callLimits,
  type CallOptions,
  IMAP_OPTION_NAMES,
  type Isolation,
  type LimitOptions,
  MAP_OPTION_NAMES,
  type MapOptions,
  POOL_OPTION_NAMES,
  type PoolOptions,
  poolSettings,
} from "./options.ts";
import { UnitKind } from "../worker/protocol.ts";
import { type AnyFunction, moduleUrl, taskRef } from "../worker/task_ref.ts";
import { encodeForProcess } from "../wire/codec.ts";
import { LazyClusterEngine } from "../cluster/lazy_engine.ts";
import { clusterSettings } from "../cluster/options.ts";
import { guardPythonNames } from "../internal/python_names.ts";

/** The option names `method` knows: `names`, and the callbacks if it is an async method. */
function optionNames(method: string, names: readonly string[]): readonly string[] {
  return method.endsWith("Async") ? [...names, ...CALLBACK_OPTION_NAMES] : names;
}

/**
 * A pool of workers running tasks in parallel: Python's `multiprocessing.Pool`.
 *
 * A task is an export of `module` (sent by name; the worker imports the module), the name of
 * such an export as a string, or a self-contained function (sent as source). Arguments and
 * results travel by structured clone; instances of classes exported from `module` (or registered
 * with `registerClass()`) arrive as instances of their class, and instances of other
 * classes are refused with a TypeError. Every call takes a `signal`, a `timeout` and `retries`.
 * Python's positional forms work as well: `new Pool(4)`, `new Pool(4, init, initargs)`,
 * `pool.map(fn, items, chunksize)`, `pool.mapAsync(fn, items, chunksize, callback, onError)`.
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
  /** Where tasks run: `"thread"` or `"process"`. */
  readonly isolation: Isolation;
  readonly #dispatcher: Dispatcher;
  readonly #limits: CallLimits;
  readonly #hasModule: boolean;
  // Set for a cluster Pool: its connection, closed once the dispatcher has stopped.
  readonly #cluster: LazyClusterEngine | null = null;
  #state: "running" | "closed" | "terminated" = "running";

  /** Creates the pool and starts its workers. */
  constructor(options?: PoolOptions);
  /** Python's `Pool(processes)`, with any other options after it. */
  constructor(processes: number | undefined, options?: Omit<PoolOptions, "processes">);
  /** Python's positional `Pool(processes, initializer, initargs, maxtasksperchild)`. */
  constructor(
    processes: number | undefined,
    initializer: PoolOptions["initializer"] | undefined,
    initargs?: readonly unknown[],
    maxTasksPerChild?: number,
  );
  constructor(...args: unknown[]) {
    refuseWhileBootstrapping("new Pool()");
    const options = poolArguments(args);
    // Python's spellings (maxtasksperchild=) would otherwise be dropped without a word.
    check.knownOptions(options, POOL_OPTION_NAMES, "new Pool()", "see PoolOptions");
    this.processes = options.processes === undefined
      ? Math.min(cpuCount(), check.MAX_PROCESSES)
      : check.processCount(options.processes, "Pool option processes");
    if (options.name !== undefined && typeof options.name !== "string") {
      throw new TypeError(`Pool option name must be a string, received ${typeof options.name}`);
    }
    this.name = options.name ?? "PoolWorker";
    // Checked before the local settings: worker-side options are refused naming their flag.
    const cluster = options.cluster === undefined
      ? null
      : clusterSettings(options.cluster, options as Record<string, unknown>);
    const settings = poolSettings(options);
    this.isolation = settings.isolation;
    this.#limits = settings.limits;
    const initializer = options.initializer;
    if (initializer !== undefined) check.functionOption(initializer, "Pool option initializer");
    const module = options.module === undefined ? null : moduleUrl(options.module);
    this.#hasModule = module !== null;
    const initargs = check.argumentList(options.initargs, "Pool option initargs");
    // Shared memory cannot reach a child process: refused now with the TypeError a task
    // argument gets, not as a failure to start each worker.
    if (this.isolation === "process") encodeForProcess(initargs);
    if (cluster !== null) {
      // They cross machines as arguments do (in every entry, for each worker's local Pool).
      try {
        encodeForProcess(initargs);
      } catch (error) {
        throw new TypeError(
          "Pool option initargs of a cluster Pool cannot travel to its workers on other " +
            "machines: they cross as task arguments do, so shared memory, locks, pipes and " +
            "functions cannot (the cause says which value); pass plain data",
          { cause: error },
        );
      }
      this.#cluster = new LazyClusterEngine(cluster, module);
    }
    // A worker thread pool's first worker may be the warm spare an earlier pool left.
    const warm = cluster === null && this.isolation === "thread" ? new WarmWorkers() : undefined;
    this.#dispatcher = new Dispatcher({
      processes: this.processes,
      name: this.name,
      module,
      initargs,
      maxTasksPerChild: settings.maxTasksPerChild,
      idleTimeout: settings.idleTimeout,
      cancelGrace: settings.cancelGrace,
      maxQueue: settings.maxQueue,
      spawn: this.#cluster?.spawn ?? executorFactory(settings, module, { prebuilt: warm }),
      // A worker thread's start blocks this thread; a child process's or a cluster's does not.
      staggerStart: this.#cluster === null && this.isolation === "thread",
      builtAheadMs: warm?.builtAheadMs,
    });
    this.#dispatcher.start(initializer ? taskRef(initializer as AnyFunction, true) : null);
    if (warm !== undefined) void this.#dispatcher.whenStopped().then(() => warm.replenish());
  }

  /** Calls (and `map` chunks) waiting for a worker. */
  get queued(): number {
    return this.#dispatcher.queued;
  }

  /** Runs `fn(...args)` in a worker. */
  apply<A extends unknown[], R>(
    fn: ((...args: A) => R) | string,
    args?: A,
    options?: CallOptions,
    ...extra: never[]
  ): Promise<Awaited<R>> {
    return this.#single<Awaited<R>>("apply", fn, args, options, extra).promise;
  }

  /** Like `apply`, returning an {@linkcode AsyncResult}; `callback`/`errorCallback` run once. */
  applyAsync<A extends unknown[], R>(
    fn: ((...args: A) => R) | string,
    args?: A,
    options?: CallOptions & AsyncCallbacks<Awaited<R>>,
    ...extra: never[]
  ): AsyncResult<Awaited<R>> {
    return this.#async(
      "applyAsync",
      () => {
        applyArguments(extra, "Pool.applyAsync()");
        return options;
      },
      (checked) => this.#single("applyAsync", fn, args, checked),
    );
  }

  /** `fn(item)` for every item, in parallel; results in input order. */
  map<T, R>(
    fn: ((item: T) => R) | string,
    iterable: Iterable<T>,
    options?: MapOptions,
  ): Promise<Awaited<R>[]>;
  /** Python's `map(func, iterable, chunksize)`, with any other options after it. */
  map<T, R>(
    fn: ((item: T) => R) | string,
    iterable: Iterable<T>,
    chunksize: number | undefined,
    options?: Omit<MapOptions, "chunksize">,
  ): Promise<Awaited<R>[]>;
  map<T, R>(
    fn: ((item: T) => R) | string,
    iterable: Iterable<T>,
    ...rest: unknown[]
  ): Promise<Awaited<R>[]> {
    return this.#chunked<Awaited<R>>("map", fn, iterable, rest, UnitKind.Map).promise;
  }

  /** Like `map`, returning an {@linkcode AsyncResult} of the whole list. */
  mapAsync<T, R>(
    fn: ((item: T) => R) | string,
    iterable: Iterable<T>,
    options?: MapOptions & AsyncCallbacks<Awaited<R>[]>,
  ): AsyncResult<Awaited<R>[]>;
  /** Python's `map_async(func, iterable, chunksize)`, with any other options after it. */
  mapAsync<T, R>(
    fn: ((item: T) => R) | string,
    iterable: Iterable<T>,
    chunksize: number | undefined,
    options?: Omit<MapOptions, "chunksize"> & AsyncCallbacks<Awaited<R>[]>,
  ): AsyncResult<Awaited<R>[]>;
  /** Python's `map_async(func, iterable, chunksize, callback, error_callback)`. */
  mapAsync<T, R>(
    fn: ((item: T) => R) | string,
    iterable: Iterable<T>,
    chunksize: number | undefined,
    callback: AsyncCallbacks<Awaited<R>[]>["callback"] | undefined,
    errorCallback?: AsyncCallbacks<Awaited<R>[]>["errorCallback"],
  ): AsyncResult<Awaited<R>[]>;
  mapAsync<T, R>(
    fn: ((item: T) => R) | string,
    iterable: Iterable<T>,
    ...rest: unknown[]
  ): AsyncResult<Awaited<R>[]> {
    return this.#async(
      "mapAsync",
      () => mapArguments(rest, "Pool.mapAsync()", true),
      (checked) => this.#chunked<Awaited<R>>("mapAsync", fn, iterable, [checked], UnitKind.Map),
    );
  }

  /** `fn(...args)` for every argument tuple, in parallel; results in input order. */
  starmap<A extends unknown[], R>(
    fn: ((...args: A) => R) | string,
    iterable: Iterable<A>,
    options?: MapOptions,
  ): Promise<Awaited<R>[]>;
  /** Python's `starmap(func, iterable, chunksize)`, with any other options after it. */
  starmap<A extends unknown[], R>(
    fn: ((...args: A) => R) | string,
    iterable: Iterable<A>,
    chunksize: number | undefined,
    options?: Omit<MapOptions, "chunksize">,
  ): Promise<Awaited<R>[]>;
  starmap<A extends unknown[], R>(
    fn: ((...args: A) => R) | string,
    iterable: Iterable<A>,
    ...rest: unknown[]
  ): Promise<Awaited<R>[]> {
    return this.#chunked<Awaited<R>>("starmap", fn, iterable, rest, UnitKind.Starmap).promise;
  }

  /** Like `starmap`, returning an {@linkcode AsyncResult} of the whole list. */
  starmapAsync<A extends unknown[], R>(
    fn: ((...args: A) => R) | string,
    iterable: Iterable<A>,
    options?: MapOptions & AsyncCallbacks<Awaited<R>[]>,
  ): AsyncResult<Awaited<R>[]>;
  /** Python's `starmap_async(func, iterable, chunksize)`, with any other options after it. */
  starmapAsync<A extends unknown[], R>(
    fn: ((...args: A) => R) | string,
    iterable: Iterable<A>,
    chunksize: number | undefined,
    options?: Omit<MapOptions, "chunksize"> & AsyncCallbacks<Awaited<R>[]>,
  ): AsyncResult<Awaited<R>[]>;
  /** Python's `starmap_async(func, iterable, chunksize, callback, error_callback)`. */
  starmapAsync<A extends unknown[], R>(
    fn: ((...args: A) => R) | string,
    iterable: Iterable<A>,
    chunksize: number | undefined,
    callback: AsyncCallbacks<Awaited<R>[]>["callback"] | undefined,
    errorCallback?: AsyncCallbacks<Awaited<R>[]>["errorCallback"],
  ): AsyncResult<Awaited<R>[]>;
  starmapAsync<A extends unknown[], R>(
    fn: ((...args: A) => R) | string,
    iterable: Iterable<A>,
    ...rest: unknown[]
  ): AsyncResult<Awaited<R>[]> {
    return this.#async(
      "starmapAsync",
      () => mapArguments(rest, "Pool.starmapAsync()", true),
      (checked) =>
        this.#chunked<Awaited<R>>("starmapAsync", fn, iterable, [checked], UnitKind.Starmap),
    );
  }

  /** Lazy ordered `map` over a sync or async (even endless) iterable. */
  imap<T, R>(
    fn: ((item: T) => R) | string,
    iterable: Iterable<T> | AsyncIterable<T>,
    options?: Omit<MapOptions, "onProgress">,
  ): AsyncGenerator<Awaited<R>, void, undefined>;
  /** Python's `imap(func, iterable, chunksize)`, with any other options after it. */
  imap<T, R>(
    fn: ((item: T) => R) | string,
    iterable: Iterable<T> | AsyncIterable<T>,
    chunksize: number | undefined,
    options?: LimitOptions,
  ): AsyncGenerator<Awaited<R>, void, undefined>;
  imap<T, R>(
    fn: ((item: T) => R) | string,
    iterable: Iterable<T> | AsyncIterable<T>,
    ...rest: unknown[]
  ): AsyncGenerator<Awaited<R>, void, undefined> {
    return this.#lazy<Awaited<R>>("imap", fn, iterable, rest, true);
  }

  /** Like `imap`, yielding results as they complete. */
  imapUnordered<T, R>(
    fn: ((item: T) => R) | string,
    iterable: Iterable<T> | AsyncIterable<T>,
    options?: Omit<MapOptions, "onProgress">,
  ): AsyncGenerator<Awaited<R>, void, undefined>;
  /** Python's `imap_unordered(func, iterable, chunksize)`, with any other options after it. */
  imapUnordered<T, R>(
    fn: ((item: T) => R) | string,
    iterable: Iterable<T> | AsyncIterable<T>,
    chunksize: number | undefined,
    options?: LimitOptions,
  ): AsyncGenerator<Awaited<R>, void, undefined>;
  imapUnordered<T, R>(
    fn: ((item: T) => R) | string,
    iterable: Iterable<T> | AsyncIterable<T>,
    ...rest: unknown[]
  ): AsyncGenerator<Awaited<R>, void, undefined> {
    return this.#lazy<Awaited<R>>("imapUnordered", fn, iterable, rest, false);
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
    return this.#stopped();
  }

  /** Resolves once the workers stopped (and a cluster Pool's connection closed). */
  #stopped(): Promise<void> {
    const stopped = this.#dispatcher.whenStopped();
    const cluster = this.#cluster;
    return cluster === null ? stopped : stopped.then(() => cluster.close());
  }

  /** Stops every worker now; queued and running calls reject with `PoolClosedError`. */
  terminate(): Promise<void> {
    if (this.#state !== "terminated") {
      this.#state = "terminated";
      this.#dispatcher.terminate("the pool was terminated before this task finished");
    }
    return this.#stopped();
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

  /**
   * An async call's result: its options and callbacks are checked first, so a bad callback
   * rejects the result at once instead of failing when the call settles.
   */
  #async<O extends LimitOptions, R>(
    method: string,
    readOptions: () => (O & AsyncCallbacks<R>) | undefined,
    start: (options: O) => Call<R>,
  ): AsyncResult<R> {
    let checked: O & AsyncCallbacks<R>;
    let callbacks: AsyncCallbacks<R>;
    try {
      checked = check.optionsObject(readOptions(), `Pool.${method}()`);
      callbacks = asyncCallbacks(checked, `Pool.${method}()`);
    } catch (error) {
      return new AsyncResult(new FailedCall<R>(error));
    }
    return new AsyncResult(start(checked), callbacks);
  }

  #single<R>(
    method: string,
    fn: unknown,
    args: unknown,
    callOptions?: CallOptions,
    extra: readonly unknown[] = [],
  ): Call<R> {
    try {
      applyArguments(extra, `Pool.${method}()`);
      const options = check.optionsObject(callOptions, `Pool.${method}()`);
      check.knownOptions(options, optionNames(method, CALL_OPTION_NAMES), `Pool.${method}()`);
      const ref = taskRef(fn, this.#hasModule, `Pool.${method}()`);
      const payload = check.argumentList(args, `Pool.${method}()`);
      const transfer = check.transferList(options.transfer, `Pool.${method}()`);
      const limits = callLimits(options, this.#limits, `Pool.${method}()`);
      const refusal = this.#refusal(method) ?? this.#full(method, 1);
      if (refusal !== null) return new FailedCall(refusal);
      const call = new SingleCall<R>(
        ref,
        UnitKind.Apply,
        payload,
        transfer,
        limits,
      );
      if (call.watch(this.#dispatcher.cancel)) this.#dispatcher.submit(call);
      return call;
    } catch (error) {
      return new FailedCall(error);
    }
  }

  /** A `RangeError` if `count` more units would overflow `maxQueue`, else `null`. */
  #full(method: string, count: number): RangeError | null {
    if (this.#dispatcher.hasRoom(count)) return null;
    return new RangeError(
      `Pool.${method}() would queue ${count} more unit(s) behind ${this.#dispatcher.queued} ` +
        "waiting, over the pool's maxQueue: await some results first, pass a larger chunksize, " +
        "raise maxQueue, or use imap(), which waits for room",
    );
  }

  #chunked<R>(
    method: string,
    fn: unknown,
    iterable: unknown,
    rest: readonly unknown[],
    kind: UnitKind,
  ): Call<R[]> {
    try {
      const options = mapArguments(rest, `Pool.${method}()`);
      check.knownOptions(options, optionNames(method, MAP_OPTION_NAMES), `Pool.${method}()`);
      const ref = taskRef(fn, this.#hasModule, `Pool.${method}()`);
      const items = check.itemList(iterable, `Pool.${method}()`);
      const chunksize = options.chunksize === undefined
        ? defaultChunksize(items.length, this.#cluster?.capacity ?? this.processes)
        : check.positiveInteger(options.chunksize, `Pool.${method}() option chunksize`);
      const limits = callLimits(options, this.#limits, `Pool.${method}()`);
      // null is refused as any other non-function is: absent is spelled undefined here.
      const onProgress = options.onProgress === undefined ? null : options.onProgress;
      if (onProgress !== null || options.onProgress === null) {
        check.functionOption(onProgress, `Pool.${method}() option onProgress`);
      }
      const offsets = chunkOffsets(items.length, chunksize);
      const refusal = this.#refusal(method) ?? this.#full(method, offsets.length);
      if (refusal !== null) return new FailedCall(refusal);
      const label = `Pool.${method}() of task "${ref.name}"`;
      const call = new ChunkedCall<R>(label, items.length, offsets, limits, onProgress);
      if (!call.watch(this.#dispatcher.cancel)) return call;
      offsets.forEach((start, index) => {
        const payload = items.slice(start, start + chunksize);
        const unit = { ref, kind, payload, transfer: null, owner: call, index, attempts: 0 };
        this.#dispatcher.submit(unit);
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
    rest: readonly unknown[],
    ordered: boolean,
  ): AsyncGenerator<R, void, undefined> {
    const options = mapArguments(rest, `Pool.${method}()`);
    if (options.onProgress !== undefined) {
      throw new TypeError(
        `Pool.${method}() takes no onProgress option: it yields each result as it is ready, ` +
          "so count them in your loop (onProgress is for map, starmap and their async forms)",
      );
    }
    check.knownOptions(options, IMAP_OPTION_NAMES, `Pool.${method}()`);
    const ref = taskRef(fn, this.#hasModule, `Pool.${method}()`);
    const source = check.anyIterable(iterable, `Pool.${method}()`);
    const chunksize = options.chunksize === undefined
      ? 1
      : check.positiveInteger(options.chunksize, `Pool.${method}() option chunksize`);
    const limits = callLimits(options, this.#limits, `Pool.${method}()`);
    // Enough chunks ahead to keep every worker fed, few enough that memory stays flat.
    const maxInFlight = Math.max(4 * this.processes, Math.ceil(256 / chunksize));
    const refusal = this.#refusal(method);
    if (refusal !== null) throw refusal;
    const dispatcher = this.#dispatcher;
    yield* imapResults<R>(source, chunksize, maxInFlight, ordered, async (items) => {
      // A full queue holds imap back instead of failing it.
      await dispatcher.whenRoom();
      const refusal = this.#refusal(method);
      if (refusal !== null) return { promise: Promise.reject(refusal), cancel() {} };
      const call = new SingleCall<R[]>(ref, UnitKind.Map, items, null, limits);
      if (call.watch(dispatcher.cancel)) dispatcher.submit(call);
      return { promise: call.promise, cancel: () => call.settled = true };
    });
  }
}

// Python's spellings throw, naming ours (lib/internal/python_names.ts).
guardPythonNames(Pool, {
  apply_async: "applyAsync",
  map_async: "mapAsync",
  starmap_async: "starmapAsync",
  imap_unordered: "imapUnordered",
});
