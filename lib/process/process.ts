/**
 * Python's `multiprocessing.Process`: one target function run on its own worker.
 *
 * @module
 */
import { clearLongTimeout, setLongTimeout } from "../internal/long_timer.ts";
import { SingleCall } from "../worker/calls.ts";
import * as check from "../internal/check.ts";
import { UnitKind } from "../worker/protocol.ts";
import { type AnyFunction, moduleUrl, taskRef } from "../worker/task_ref.ts";
import type { Death, Executor, ExecutorListener } from "../worker/executor.ts";
import { executorFactory } from "../worker/executors.ts";
import { preloadInSpares } from "../worker/_spare.ts";
import type { ExecutorFactory } from "../worker/executor.ts";
import { type IsolationOptions, isolationSettings } from "../worker/isolation.ts";
import { refuseWhileBootstrapping } from "../worker/_bootstrap_guard.ts";
import { addChild, removeChild } from "../worker/_children.ts";
import { closeSentinel, makeSentinel, type Sentinel } from "./sentinel.ts";
import { encodeForProcess } from "../wire/codec.ts";
import { guardPythonNames } from "../internal/python_names.ts";

/** The names of the options of `new Process()`. */
export const PROCESS_OPTION_NAMES: readonly string[] = [
  "target",
  "args",
  "name",
  "module",
  "isolation",
  "permissions",
  "heapLimitMb",
];

/**
 * Options of {@linkcode Process}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const options: ProcessOptions<[string, number]> = {
 *   target: (word: string, times: number) => word.repeat(times),
 *   args: ["ab", 3],
 *   name: "Repeater",
 * };
 * const process = new Process(options);
 * assert.equal(process.name, "Repeater");
 * process.start();
 * await process.join();
 * assert.equal(process.exitCode, 0);
 * ```
 */
export interface ProcessOptions<A extends unknown[]> extends IsolationOptions {
  /** The function to run: an export of `module`, or a self-contained function. */
  target: (...args: A) => unknown;
  /** Arguments for `target`. */
  args?: A;
  /** Default `"Process-N"`. */
  name?: string;
  /** URL of the module `target` is exported from (usually `import.meta.url`). */
  module?: string | URL;
}

// Python reports a process ended by a signal with the negated signal number.
const TERMINATED_EXIT_CODE = -15; // SIGTERM, terminate()
const KILLED_EXIT_CODE = -9; // SIGKILL, kill()
// Run after the target on the Process's own thread: waits for its children and its due timers
// (see `_process_exit.ts`, which offers the function under this global symbol).
const settleBeforeExit = (): unknown =>
  (globalThis as unknown as Record<symbol, (() => unknown) | undefined>)[
    Symbol.for("multiproc.settleBeforeExit")
  ]?.();
let processesCreated = 0;
// What a task module most likely imports: the library, loaded in every spare before it is taken.
preloadInSpares([new URL("../../mod.ts", import.meta.url).href]);

/**
 * A target function run on a worker of its own, with Python's `Process` API.
 *
 * When the target returns, the Process ends once its thread has nothing left to do, as a Deno
 * program exits and as Python's child waits for its non-daemon threads: it waits for the
 * target's timers that are still due (`setTimeout`, `setInterval`; one passed to
 * `Deno.unrefTimer` is not waited for, like a daemon thread) and for the Processes it started.
 * I/O that the target started but did not await is not waited for: await it in the target.
 *
 * Like Python's forkserver, a Process on a worker thread that inherits permissions starts on a
 * warm spare worker when one is ready: from the program's first Process on, a background worker
 * keeps spares built (twice as many as the Processes started while others ran, up to four),
 * with the library already imported, and hands them out, to Processes started inside Processes
 * and inside pool workers too. A spare has run none of your code: its globals, name, pid and
 * parent are a fresh worker's. Spares never keep the program running.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const process = new Process({ target: (n: number) => n * 2, args: [21] });
 * process.start();
 * await process.join();
 * assert.equal(process.exitCode, 0);
 * process.close();
 * ```
 */
export class Process<A extends unknown[] = unknown[]> {
  /** The process's name, also what `currentProcess().name` gives inside it. */
  readonly name: string;
  /** What the target threw, or what killed its worker; `undefined` otherwise. */
  error: unknown = undefined;
  readonly #target: AnyFunction;
  readonly #args: readonly unknown[];
  readonly #module: string | null;
  #handle: Executor | null = null;
  readonly #spawn: ExecutorFactory;
  readonly #done: Promise<void>;
  #markDone!: () => void;
  #exitCode: number | null = null;
  #reaped = false;
  #closed = false;
  #sentinel: Sentinel | null = null;

  /** Prepares the process; `start()` runs it. */
  constructor(options: ProcessOptions<A>) {
    if (options === null || typeof options !== "object") {
      throw new TypeError("Process expects an options object such as { target, args }");
    }
    // Python's kwargs= or daemon= would otherwise be dropped without a word.
    check.knownOptions(
      options,
      PROCESS_OPTION_NAMES,
      "new Process()",
      "Python's kwargs and daemon have no counterpart: pass every argument in args, and see " +
        "the README on how a Process ends",
    );
    // A Python subclass overrides run(); here the target runs in another thread, which has no
    // `this`, so an override would never be called.
    if ("run" in this) {
      throw new TypeError(
        `${new.target.name} overrides run(), Python's way; multiproc's Process runs its target ` +
          "function in another thread, where this object's methods do not exist: export the " +
          "work as a function and pass it as { target, args, module }",
      );
    }
    check.functionOption(options.target, "Process option target");
    this.#target = options.target as AnyFunction;
    this.#args = check.argumentList(options.args, "Process option args");
    this.#module = options.module === undefined ? null : moduleUrl(options.module);
    if (options.name !== undefined && typeof options.name !== "string") {
      throw new TypeError(
        `Process option name must be a string, received ${typeof options.name} ${options.name}`,
      );
    }
    this.name = options.name ?? `Process-${++processesCreated}`;
    const settings = isolationSettings(options, "Process");
    // Shared memory cannot reach a child process: refused now, with the TypeError a task
    // argument gets, rather than as the target's failure once started.
    if (settings.isolation === "process") encodeForProcess(this.#args);
    this.#spawn = executorFactory(settings, this.#module, { owner: "Process", spare: true });
    this.#done = new Promise((resolve) => this.#markDone = resolve);
  }

  /**
   * `null` while running (or before start), 0 after a normal return, 1 after an error, -15
   * after `terminate()`, -9 after `kill()`, n after `Deno.exit(n)`.
   */
  get exitCode(): number | null {
    this.#checkClosed();
    return this.#exitCode;
  }

  /** Unique within this OS process once started; `null` before `start()`. */
  get pid(): number | null {
    this.#checkClosed();
    return this.#handle?.pid ?? null;
  }

  /**
   * Python's `sentinel`: an object that {@linkcode wait} reports ready once this Process has
   * ended. Throws a `RangeError` before `start()`, as Python's ValueError "process not started".
   */
  get sentinel(): Sentinel {
    this.#checkClosed();
    if (this.#sentinel === null) {
      throw new RangeError(
        `Process ${this.name} has no sentinel yet: it was not started. Call start() first`,
      );
    }
    return this.#sentinel;
  }

  /** Starts the target on a new worker. A process can be started once. */
  start(): void {
    this.#checkClosed();
    if (this.#handle !== null) throw new Error(`Process ${this.name} was already started`);
    refuseWhileBootstrapping(`Process.start() (of ${this.name})`);
    const listener: ExecutorListener = {
      onResults() {},
      // close() ends a target like Python's sys.exit(), Deno.exit(n) like sys.exit(n).
      onDeath: (_handle, death: Death) => {
        if (death.reason === "close") this.#finish(0);
        else if (death.reason === "exit") this.#finish(death.exitCode ?? 0);
        else this.#finish(1, death.cause);
      },
    };
    const handle = this.#spawn(
      { name: this.name, module: this.#module, initializer: null, initargs: [] },
      listener,
    );
    this.#handle = handle;
    this.#sentinel = makeSentinel(this.#done, () => this.#reaped);
    addChild(this);
    const call = new SingleCall<unknown>(taskRef(this.#target, false), UnitKind.Apply, this.#args);
    call.keepArguments = true;
    const settle = new SingleCall<unknown>(taskRef(settleBeforeExit, false), UnitKind.Apply, []);
    const rejected = handle.send([call, settle]);
    for (const [unit, error] of rejected) unit.owner.rejectUnit(0, error);
    // As Python's child, it ends with the target's outcome once its thread has settled.
    let failure: { error: unknown } | null = null;
    call.promise.then(() => {}, (error) => {
      failure = { error };
      this.#report(error);
    });
    const end = () => failure === null ? this.#finish(0) : this.#finish(1, failure.error);
    // Waiting only after the target's outcome is known: units settle in order.
    call.promise.catch(() => {}).then(() => settle.promise).then(end, end);
  }

  /**
   * Waits until the process ends, or until `timeoutMs` passes (then it is still running). A
   * negative timeout acts as 0, as in Python.
   */
  join(timeoutMs?: number): Promise<void> {
    try {
      this.#checkClosed();
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#handle === null) {
      return Promise.reject(new Error(`Process ${this.name} cannot be joined before start()`));
    }
    if (timeoutMs === undefined || this.#exitCode !== null) return this.#done;
    const limit = typeof timeoutMs === "number" && timeoutMs < 0
      ? 0
      : check.duration(timeoutMs, "Process.join() timeout");
    if (limit === Infinity) return this.#done;
    return new Promise((resolve) => {
      const timer = setLongTimeout(resolve, limit);
      this.#done.then(() => {
        clearLongTimeout(timer);
        resolve();
      });
    });
  }

  /** Whether the process was started and has not ended. */
  isAlive(): boolean {
    this.#checkClosed();
    return this.#handle !== null && this.#exitCode === null;
  }

  /** Stops the process now; `exitCode` becomes -15, as after SIGTERM in Python. */
  terminate(): void {
    this.#stop("terminated", TERMINATED_EXIT_CODE);
  }

  /**
   * Python's `kill()` (SIGKILL): stops the process now; `exitCode` becomes -9. With
   * `isolation: "process"` its child process gets SIGKILL. A worker thread cannot be sent a
   * signal: it is stopped with `Worker.terminate()`, as by `terminate()`, and the Process is
   * reported ended at once (locks it held can be taken over); Deno stops such a thread only
   * when it next leaves JavaScript, so one spinning in a synchronous loop keeps its core until
   * the program exits. Use `isolation: "process"` for a kill that is certain.
   */
  kill(): void {
    this.#stop("killed", KILLED_EXIT_CODE);
  }

  /**
   * Python's `close()`: releases the Process object. Throws a `RangeError` while it is still
   * running (join or terminate it first); afterwards every method and property but `name` and
   * `close` throws a `RangeError` "process object is closed". Closing twice is harmless.
   */
  close(): void {
    if (this.#closed) return;
    if (this.#handle !== null && this.#exitCode === null) {
      throw new RangeError(
        `Process ${this.name} is still running and cannot be closed: call join() or ` +
          "terminate() first, as in Python",
      );
    }
    this.#closed = true;
    removeChild(this);
    if (this.#sentinel !== null) closeSentinel(this.#sentinel);
    this.#handle = null;
  }

  #checkClosed(): void {
    if (this.#closed) {
      throw new RangeError(
        `process object is closed: Process ${this.name} was released with close(), expected ` +
          "one not yet closed. Read what you need (exitCode, pid) before close()",
      );
    }
  }

  #stop(how: string, exitCode: number): void {
    this.#checkClosed();
    if (this.#handle === null) {
      throw new Error(`Process ${this.name} cannot be ${how} before start()`);
    }
    this.#finish(exitCode);
  }

  #report(error: unknown): void {
    if (error === undefined || this.error !== undefined) return;
    this.error = error;
    // Python prints a failed process's traceback; an error nobody reads should not vanish.
    console.error(`Process ${this.name} failed:`, error);
  }

  #finish(exitCode: number, error?: unknown): void {
    if (this.#exitCode !== null) return;
    this.#exitCode = exitCode;
    this.#handle?.terminate();
    if (exitCode === 1) this.#report(error);
    // A child process is reaped before join() returns, so nothing of it outlives the join.
    void (this.#handle?.closed ?? Promise.resolve()).then(() => {
      this.#reaped = true;
      removeChild(this);
      this.#markDone();
    });
  }
}

// Python's spellings throw, naming ours (lib/internal/python_names.ts).
guardPythonNames(Process, {
  exitcode: "exitCode",
  is_alive: "isAlive",
  ident: "pid",
  // `p.daemon = True` would otherwise be an own property nothing reads, as daemon= would be.
  daemon: { none: "there is no daemon flag yet (see the README on how a Process ends)" },
});
