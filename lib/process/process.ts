/**
 * Python's `multiprocessing.Process`: one target function run on its own worker.
 *
 * @module
 */
import { clearLongTimeout, setLongTimeout } from "../_long_timer.ts";
import { SingleCall } from "../pool/calls.ts";
import * as check from "../pool/options.ts";
import { UnitKind } from "../pool/protocol.ts";
import { type AnyFunction, moduleUrl, taskRef } from "../pool/task_ref.ts";
import type { Death, Executor, ExecutorListener } from "../pool/executor.ts";
import { executorFactory } from "../pool/executors.ts";
import type { ExecutorFactory } from "../pool/dispatcher.ts";
import { type IsolationOptions, isolationSettings } from "../pool/pool_options.ts";
import { encodeForProcess } from "../shared/transport.ts";

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

// Python reports a process ended by terminate() with the negated signal number (SIGTERM).
const TERMINATED_EXIT_CODE = -15;
let processesCreated = 0;

/**
 * A target function run on a worker of its own, with Python's `Process` API.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const process = new Process({ target: (n: number) => n * 2, args: [21] });
 * process.start();
 * await process.join();
 * assert.equal(process.exitCode, 0);
 * ```
 */
export class Process<A extends unknown[] = unknown[]> {
  /** The process's name, also what `currentProcess().name` gives inside it. */
  readonly name: string;
  /** `null` while running (or before start), 0 after a normal return, 1 after an error. */
  exitCode: number | null = null;
  /** What the target threw, or what killed its worker; `undefined` otherwise. */
  error: unknown = undefined;
  readonly #target: AnyFunction;
  readonly #args: readonly unknown[];
  readonly #module: string | null;
  #handle: Executor | null = null;
  readonly #spawn: ExecutorFactory;
  readonly #done: Promise<void>;
  #markDone!: () => void;

  /** Prepares the process; `start()` runs it. */
  constructor(options: ProcessOptions<A>) {
    if (options === null || typeof options !== "object") {
      throw new TypeError("Process expects an options object such as { target, args }");
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
    this.#spawn = executorFactory(settings, this.#module, "Process");
    this.#done = new Promise((resolve) => this.#markDone = resolve);
  }

  /** Unique within this OS process once started; `null` before `start()`. */
  get pid(): number | null {
    return this.#handle?.pid ?? null;
  }

  /** Starts the target on a new worker. A process can be started once. */
  start(): void {
    if (this.#handle !== null) throw new Error(`Process ${this.name} was already started`);
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
    const call = new SingleCall<unknown>(taskRef(this.#target, false), UnitKind.Apply, this.#args);
    const rejected = handle.send([call]);
    for (const [, error] of rejected) call.rejectUnit(0, error);
    call.promise.then(() => this.#finish(0), (error) => this.#finish(1, error));
  }

  /** Waits until the process ends, or until `timeoutMs` passes (then it is still running). */
  join(timeoutMs?: number): Promise<void> {
    if (this.#handle === null) {
      return Promise.reject(new Error(`Process ${this.name} cannot be joined before start()`));
    }
    if (timeoutMs === undefined || this.exitCode !== null) return this.#done;
    const limit = check.duration(timeoutMs, "Process.join() timeout");
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
    return this.#handle !== null && this.exitCode === null;
  }

  /** Stops the process now; `exitCode` becomes -15, as after SIGTERM in Python. */
  terminate(): void {
    if (this.#handle === null) {
      throw new Error(`Process ${this.name} cannot be terminated before start()`);
    }
    this.#finish(TERMINATED_EXIT_CODE);
  }

  #finish(exitCode: number, error?: unknown): void {
    if (this.exitCode !== null) return;
    this.exitCode = exitCode;
    this.#handle?.terminate();
    if (exitCode === 1 && error !== undefined) {
      this.error = error;
      // Python prints a failed process's traceback; an error nobody reads should not vanish.
      console.error(`Process ${this.name} failed:`, error);
    }
    // A child process is reaped before join() returns, so nothing of it outlives the join.
    void (this.#handle?.closed ?? Promise.resolve()).then(() => this.#markDone());
  }
}
