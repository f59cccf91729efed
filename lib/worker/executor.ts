/**
 * What the dispatcher and Process see of a place tasks run: a worker thread
 * (`thread_executor.ts`) or a child process (`process_executor.ts`). Units, their owners, and how
 * an executor reports back.
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
  onResults(executor: Executor, count: number, busyMs: number): void;
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

/** A running worker thread or child process and the units it holds. */
export interface Executor {
  readonly name: string;
  readonly pid: number;
  readonly inflight: Deque<Unit>;
  /** Units ever sent; the pool uses it for `maxTasksPerChild`. */
  readonly sent: number;
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

/** Makes the executor for a slot: a worker thread or a child process. */
export type ExecutorFactory = (spec: ExecutorSpec, listener: ExecutorListener) => Executor;
