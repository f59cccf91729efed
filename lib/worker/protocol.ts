/**
 * The message protocol between a pool (or a Process) and its workers, defined once and used on
 * both sides. Tasks travel in batches: a `run` message carries many units, a `results` message
 * answers many, so that a message is not paid per call.
 *
 * @module
 */
import type { Failure } from "../wire/failure.ts";
export type { Failure } from "../wire/failure.ts";
import type { CancelReason } from "./control_block.ts";

/**
 * How a worker finds a task function: the export of the pool's module with this `name` when its
 * source text is `source` (the function travels by reference and sees its module's scope), or
 * else a fresh function compiled from `source` (it must be self-contained). The rules are in
 * `task_catalog.ts`.
 */
export interface TaskRef {
  readonly name: string;
  readonly source: string;
  /**
   * Set when the parent has sent other live functions with the same name and source (closures
   * made by one factory look alike): the worker then never takes the export for it.
   */
  readonly twins?: true;
  /**
   * Set (by a cluster worker not started with `--allow-source`) when the worker must not
   * compile the task from its source: it then throws a TypeError ending with this text instead.
   */
  readonly noSource?: string;
}

/** What a unit does with its payload. */
export const UnitKind = {
  /** `fn(...payload)`: one call (`apply`, a Process target). */
  Apply: 0,
  /** `payload.map(item => fn(item))`: a chunk of `map`/`imap`. */
  Map: 1,
  /** `payload.map(args => fn(...args))`: a chunk of `starmap`. */
  Starmap: 2,
} as const;
/** One of {@linkcode UnitKind}'s values. */
export type UnitKind = typeof UnitKind[keyof typeof UnitKind];

/** First message to a new worker. */
export interface InitMessage {
  readonly type: "init";
  /** The pool's `module`, imported before any task runs. */
  readonly module: string | null;
  readonly initializer: TaskRef | null;
  /** Encoded as a `run` message's payloads are (see `wire/codec.ts`); always decoded. */
  readonly initargs: readonly unknown[];
  readonly name: string;
  readonly pid: number;
  /** Name and pid of the thread that started this worker or child, for `parentProcess()`. */
  readonly parent?: { readonly name: string; readonly pid: number };
  /**
   * The control block (see `control_block.ts`): how many units this worker has started, a doorbell
   * the parent rings after every batch, and which units are cancelled.
   */
  readonly control: SharedArrayBuffer;
  /**
   * The worker's end of the channel every later message travels on, both ways. Task code cannot
   * name it (the worker entry keeps it private), so it cannot forge protocol messages on it;
   * anything the parent receives on the worker's own `postMessage` after this is a violation.
   */
  readonly port: MessagePort;
  /** Shared by every thread: the pid counter and which pids are alive (see internal/threads.ts). */
  readonly registry: SharedArrayBuffer;
}

/** A batch of units; `refIndex[i]` points into `refs`. */
export interface RunMessage {
  readonly type: "run";
  readonly refs: readonly TaskRef[];
  readonly refIndex: readonly number[];
  readonly kinds: readonly UnitKind[];
  readonly payloads: readonly unknown[];
  /** Positions of payloads the value codec changed, which the receiver decodes; or `null`. */
  readonly shared: readonly number[] | null;
  /** Positions of units whose revived arguments stay open until the worker ends (a Process). */
  readonly keep?: readonly number[];
}

/**
 * Unit `seq` was cancelled (its mark is already in the control block): aborts its signal if it
 * is running, for async tasks waiting on it.
 */
export interface CancelMessage {
  readonly type: "cancel";
  readonly seq: number;
  readonly reason: CancelReason;
}

/** Messages a worker receives. */
export type ToWorker = InitMessage | RunMessage | CancelMessage;

/**
 * Outcomes of the next `values.length + skipped` units in the order they were sent, from unit
 * `first` on; units the parent took back have no entry in `values`.
 */
export interface ResultsMessage {
  readonly type: "results";
  /** Sequence number of the first unit this message covers (a check against lost or forged ones). */
  readonly first: number;
  /** How many units the parent took back the runner passed over since its last message. */
  readonly skipped: number;
  /** Result of each unit; `undefined` where `failures` has an entry for that position. */
  readonly values: readonly unknown[];
  /** Positions (within `values`) that failed, and how. */
  readonly failures: ReadonlyArray<readonly [number, Failure]> | null;
  /** Milliseconds spent running these units, for the parent's batch sizing. */
  readonly busyMs: number;
  /** Positions of values the value codec changed, which the receiver decodes; or `null`. */
  readonly shared: readonly number[] | null;
}

/**
 * The module loaded and the initializer returned: the worker runs units from now on. A pool
 * that was closed waits for this (or a death) from every worker it started before it stops them,
 * so that each runs its initializer once, as in Python.
 */
export interface ReadyMessage {
  readonly type: "ready";
}

/** Loading the module or running the initializer failed; the worker closes. */
export interface InitErrorMessage {
  readonly type: "init-error";
  readonly failure: Failure;
}

/** Why a worker ends before its parent stops it. */
export type DeathReason = "close" | "exit" | "unhandled-rejection" | "uncaught-error";

/**
 * The worker is about to die: it called `close()` or `Deno.exit()` (also behind
 * `process.exit()`), or an error escaped every task.
 */
export interface DiedMessage {
  readonly type: "died";
  readonly reason: DeathReason;
  readonly failure: Failure | null;
  /** The code given to `Deno.exit()`; `null` for other reasons. */
  readonly exitCode: number | null;
}

/** Messages a worker sends. */
export type FromWorker = ResultsMessage | ReadyMessage | InitErrorMessage | DiedMessage;

/**
 * First message to a child process: an {@linkcode InitMessage} without what only a thread can
 * share (its pid is its OS pid, and it has no control block, port or registry in common with
 * its parent).
 */
export type ChildInitMessage = Omit<InitMessage, "pid" | "control" | "port" | "registry">;

/**
 * Asks a child to take back units `from`..`to` (its newest unanswered ones) so that another
 * worker runs them. The child's I/O thread handles it, even while a task blocks the main thread:
 * it takes back from `to` down and stops at the first unit already started, then answers with a
 * {@linkcode TakenBackMessage}.
 */
export interface TakeBackMessage {
  readonly type: "take-back";
  readonly from: number;
  readonly to: number;
}

/** Messages a child process receives. */
export type ToChild = ChildInitMessage | RunMessage | CancelMessage | TakeBackMessage;

/**
 * The child is about to start a unit: `count` units passed so far (started, or skipped because
 * they were taken back), this one included. Sent before the task's code runs, so that if the
 * process dies the parent knows exactly which units had started (a worker thread shows it in its
 * control block instead).
 */
export interface StartedMessage {
  readonly type: "started";
  readonly count: number;
}

/**
 * Answer to a {@linkcode TakeBackMessage}: the units taken back, ascending (possibly none). The
 * child will skip them; they count in a later `results` message's `skipped`.
 */
export interface TakenBackMessage {
  readonly type: "taken-back";
  readonly seqs: readonly number[];
}

/** Messages a child process sends. */
export type ChildMessage = FromWorker | StartedMessage | TakenBackMessage;
