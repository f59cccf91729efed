/**
 * The seam between the pool (or a Process) and the places tasks run. The dispatcher and Process
 * see an executor only through {@linkcode Executor}: today a worker thread
 * (`thread_executor.ts`) or a child process (`process_executor.ts`), tomorrow a remote worker;
 * a new backend is a third implementation plus an {@linkcode ExecutorFactory}, with no change
 * to `pool/` or `process/`.
 *
 * What an implementation must guarantee, as both of today's do:
 *
 * - **Order.** The units sent to one executor are numbered from 0 in the order `send` accepted
 *   them; `inflight` holds those not yet answered, oldest first, and outcomes arrive in that
 *   order. `answered(seq)` turns true once unit `seq`'s outcome was reported.
 * - **`send` is synchronous and all-or-nothing per unit.** A unit it returns with an error was
 *   not sent and is never reported again; every other unit is in `inflight` when `send`
 *   returns, its owner's `noteSent()` called and `sent` counted. It never calls the listener.
 * - **Exactly one ending per unit.** Every unit sent ends in exactly one of: its owner's
 *   `resolveUnit` or `rejectUnit` (its result or its task's failure), followed by the
 *   listener's `onResults`; `Death.started` or `Death.notStarted` of the one death report;
 *   being taken back (returned by `takeBack`, or handed to `onTakenBack`), after which it
 *   never runs there; withdrawn by `cancelOwner` before it started (its owner, being
 *   cancelled, settles itself); or, after `terminate()`, left in `inflight` for the caller.
 *   An owner already `settled` gets no outcome, but its unit still leaves `inflight`.
 * - **A death is reported once**, through `onDeath`, and never after `terminate()`; from then
 *   on `alive` is false and the listener hears nothing more. `Death.started` lists the units
 *   that had started (the last one was running), in order; `Death.notStarted` only units that
 *   certainly never ran there, which the pool runs elsewhere without counting an attempt. A
 *   module or initializer that failed is reported as `"init-error"`, with no unit started.
 * - **`kill` and `terminate` are idempotent.** `kill` stops the executor and reports its death
 *   synchronously, with the reason given, the first time it is called on a live executor, and
 *   does nothing afterwards; `terminate` stops it without a report. `closed` resolves once it
 *   is fully gone (a child process reaped), after either.
 * - **A misbehaving worker costs only itself.** A message the executor cannot accept kills it
 *   (`"protocol-violation"`) before anything is settled from it.
 *
 * The optional members (`queues`, `starting`, `closing`, `pending`, `passed`, `takeBack`,
 * `holdProcess`, and the listener's `onReady` and `onTakenBack`) refine scheduling; an executor
 * that cannot offer one leaves it out and the pool does without.
 *
 * @module
 */
import type { CancelReason } from "./control_block.ts";
import type { Deque } from "../internal/deque.ts";
import type { DeathReason, TaskRef, UnitKind } from "./protocol.ts";

/** Whoever waits for a unit's outcome: a call, or one chunk of it. */
export interface UnitOwner {
  /** True once the owner wants no more outcomes (settled, failed or cancelled). */
  readonly settled: boolean;
  /** How many times a unit may be rerun after its worker died under it. */
  readonly retries: number;
  /** True while a timeout waits for the call's first unit to start: send that one promptly. */
  readonly awaitingStart: boolean;
  /** A unit was sent to a worker (starts a timeout). */
  noteSent(): void;
  /**
   * How long the call may run (ms), counted from its first unit's start; absent or Infinity for
   * none. An executor whose workers enforce it themselves (a cluster's) reads it here.
   */
  readonly timeout?: number;
  resolveUnit(index: number, value: unknown): void;
  rejectUnit(index: number, error: unknown): void;
}

/** One piece of work for a worker: an `apply` call, or one chunk of a `map`. */
export interface Unit {
  readonly ref: TaskRef;
  readonly kind: UnitKind;
  readonly payload: unknown;
  readonly transfer: readonly Transferable[] | null;
  readonly owner: UnitOwner;
  /** Which chunk of its owner this unit is. */
  readonly index: number;
  /** How many workers died while running it. */
  attempts: number;
  /**
   * True for a Process target: what its arguments revived (pipe ends) stays open until the
   * worker ends, not only until the task returns, as Python keeps a process's arguments until
   * it exits (timers the target left may still use them).
   */
  readonly keepArguments?: boolean;
}

/** Why an executor is gone, as its parent saw it. */
export interface Death {
  readonly reason:
    | DeathReason
    | "init-error"
    | "unresponsive"
    | "crashed"
    | "protocol-violation";
  readonly cause: unknown;
  /** The code given to `Deno.exit()`, when that is how it ended. */
  readonly exitCode: number | null;
  /** Units it had started but not answered; the last one was running. */
  readonly started: Unit[];
  /** Units it had been sent but not started. */
  readonly notStarted: Unit[];
}

/** What an executor reports to the pool or Process that owns it. */
export interface ExecutorListener {
  /**
   * The next `count` units of `executor` were answered (and their owners settled) after
   * `busyMs` milliseconds of running them.
   */
  onResults(executor: Executor, count: number, busyMs: number): void;
  /** `executor` is gone: called once, with what became of the units it held. */
  onDeath(executor: Executor, death: Death): void;
  /** Its module loaded and its initializer returned (it is no longer `starting`). */
  onReady?(executor: Executor): void;
  /**
   * Units an executor took back after its `takeBack` returned (a child process answers later):
   * they will never run there, and are to run elsewhere, ahead of the queue.
   */
  onTakenBack?(executor: Executor, units: Unit[]): void;
}

/** Settings for a new executor. */
export interface ExecutorSpec {
  readonly name: string;
  readonly module: string | null;
  readonly initializer: TaskRef | null;
  readonly initargs: readonly unknown[];
}

/** A running worker thread, child process or other worker, and the units it holds. */
export interface Executor {
  /** What `currentProcess().name` gives there, and what errors about it say. */
  readonly name: string;
  /** Its pid, unique among this process's workers and children while it runs. */
  readonly pid: number;
  /** Units sent and not answered, oldest first (see the module's guarantees). */
  readonly inflight: Deque<Unit>;
  /** Units ever sent; the pool uses it for `maxTasksPerChild`. */
  readonly sent: number;
  /** True until it was stopped or died. */
  readonly alive: boolean;
  /** Resolves once it is fully gone (a child process reaped), after `terminate()` or a death. */
  readonly closed: Promise<void>;
  /**
   * Sends `units` in one message. Units whose payload cannot be serialized are returned with
   * the error instead of being sent; the rest go.
   */
  send(units: readonly Unit[]): Array<readonly [Unit, Error]>;
  /**
   * Withdraws `owner`'s units: those not started will be skipped, the running one is told to
   * stop. Returns the running unit's sequence number, or `null` if none of them was running.
   */
  cancelOwner(owner: UnitOwner, reason: CancelReason): number | null;
  /**
   * True for an executor whose units wait in a queue of its own (a cluster's task stream, which
   * workers take from as they have room): the pool hands it every queued unit at once, up to
   * `MAX_UNANSWERED` unanswered, instead of pacing batches by measured task time. Such an
   * executor does not call `noteSent()`: its workers enforce each unit's timeout from the
   * unit's start. Absent means false.
   */
  readonly queues?: boolean;
  /** True until its module loaded and its initializer returned; absent means false. */
  readonly starting?: boolean;
  /** True once it takes no new units (it is about to be stopped); absent means false. */
  readonly closing?: boolean;
  /**
   * Units sent and neither answered nor taken back; without it, `inflight.length` (an executor
   * that cannot take units back).
   */
  readonly pending?: number;
  /**
   * How many units it has passed (started or skipped), for telling a stuck executor from a busy
   * one; absent where that cannot be seen.
   */
  passed?(): number;
  /**
   * Takes back up to `max` of its newest units that have not started: they will never run
   * there, and are returned, oldest first, for another executor; or, where that takes a round
   * trip (a child process), are handed to the listener's `onTakenBack` later. Absent where it
   * cannot be done safely.
   */
  takeBack?(max: number): Unit[];
  /** Whether unit `seq` has been answered. */
  answered(seq: number): boolean;
  /**
   * Whether it keeps this process running (true from its start). The pool releases the
   * executors of an idle pool: they stay alive, but only as long as something else keeps the
   * process running. Absent, or without effect, where that cannot be done.
   */
  holdProcess?(held: boolean): void;
  /** Stops it now, without reporting; units in flight are left for the caller to settle. */
  terminate(): void;
  /** Stops it now and reports its death with `reason`, as if it had died by itself. */
  kill(reason: Death["reason"], cause: unknown): void;
}

/**
 * Makes the executor for a slot: a worker thread or a child process. It starts the executor
 * (which reports to `listener` from then on) or throws, leaving nothing running.
 */
export type ExecutorFactory = (spec: ExecutorSpec, listener: ExecutorListener) => Executor;
