/**
 * One capacity slot of a cluster Pool, as the dispatcher sees it: an {@linkcode Executor} whose
 * units go to the shared {@linkcode ClusterEngine} (which coalesces them with the other slots'
 * into task entries) and come back from its reply loop. Its queue is the task stream
 * (`queues`): the dispatcher hands it what waits at once, up to `MAX_UNANSWERED`.
 *
 * Replies arrive in any order (entries run on different machines). An owner is settled as soon
 * as its outcome arrives, as Python settles each `apply_async` on its own; the contract's
 * bookkeeping (`inflight`, `answered`, `onResults`) still advances in order: an outcome that
 * came early is counted once every older unit of the slot has one.
 *
 * @module
 */
import { Deque } from "../internal/deque.ts";
import type { CancelReason } from "../worker/control_block.ts";
import type {
  Death,
  Executor,
  ExecutorListener,
  ExecutorSpec,
  Unit,
  UnitOwner,
} from "../worker/executor.ts";

/** How a unit ended: its value, its error, or nothing (its owner withdrew it). */
export type Outcome =
  | { readonly ok: unknown }
  | { readonly error: unknown }
  | { readonly skip: true };

/** What a slot needs from the engine it belongs to. */
export interface SlotEngine {
  /** Queues `unit` (the slot's `seq`) for the next entries; its outcome comes by `deliver`. */
  post(slot: ClusterExecutor, seq: number, unit: Unit): void;
  /** Withdraws `owner`'s units; true if one of them may already run on a worker. */
  cancel(owner: UnitOwner, reason: CancelReason): boolean;
  /** The slot stopped. */
  detach(slot: ClusterExecutor): void;
}

let lastPid = 0;

/** A capacity slot of a cluster: units out through the engine, outcomes back in order. */
export class ClusterExecutor implements Executor {
  readonly name: string;
  readonly pid: number;
  readonly inflight: Deque<Unit> = new Deque();
  sent = 0;
  alive = true;
  /** Its units wait in the task stream, which workers take from as they have room. */
  readonly queues = true;
  /** Nothing to reap: the engine closes the connection when the pool ends. */
  readonly closed: Promise<void> = Promise.resolve();
  /** What the pool made it with: every entry carries the pool's initializer and initargs. */
  readonly spec: ExecutorSpec;
  readonly #engine: SlotEngine;
  readonly #listener: ExecutorListener;
  // Sequence number of inflight's front unit; outcomes that came early wait in #outcomes.
  #first = 0;
  readonly #outcomes = new Map<number, Outcome>();
  #busyMs = 0;
  #drainScheduled = false;

  constructor(engine: SlotEngine, spec: ExecutorSpec, listener: ExecutorListener) {
    this.name = spec.name;
    this.spec = spec;
    // Not a thread id: remote workers have their own pids; this only tells slots apart.
    this.pid = -++lastPid;
    this.#engine = engine;
    this.#listener = listener;
  }

  send(units: readonly Unit[]): Array<readonly [Unit, Error]> {
    for (const unit of units) {
      const seq = this.#first + this.inflight.length;
      this.inflight.push(unit);
      this.sent++;
      // No noteSent(): time waiting in the stream does not count; the worker that takes the
      // unit enforces its timeout from the unit's start (the entry carries it).
      this.#engine.post(this, seq, unit);
    }
    // Values are encoded asynchronously (blobs): one that cannot travel is its unit's outcome.
    return [];
  }

  /** Records unit `seq`'s outcome; settles it and every answered unit behind it, in order. */
  deliver(seq: number, outcome: Outcome, busyMs = 0): void {
    if (!this.alive || seq < this.#first || this.#outcomes.has(seq)) return;
    this.#outcomes.set(seq, outcome);
    this.#busyMs += busyMs;
    const unit = this.inflight.at(seq - this.#first)!;
    if (!unit.owner.settled && !("skip" in outcome)) {
      if ("error" in outcome) unit.owner.rejectUnit(unit.index, outcome.error);
      else unit.owner.resolveUnit(unit.index, outcome.ok);
    }
    this.#drain();
  }

  /** Units sent and not answered (those answered early still sit in `inflight`). */
  get pending(): number {
    return this.inflight.length - this.#outcomes.size;
  }

  answered(seq: number): boolean {
    return seq < this.#first || this.#outcomes.has(seq);
  }

  cancelOwner(owner: UnitOwner, reason: CancelReason): number | null {
    const seqs: number[] = [];
    for (let offset = 0; offset < this.inflight.length; offset++) {
      const seq = this.#first + offset;
      if (this.inflight.at(offset)!.owner === owner && !this.#outcomes.has(seq)) seqs.push(seq);
    }
    if (seqs.length === 0) return null;
    const running = this.#engine.cancel(owner, reason);
    for (const seq of seqs) this.#outcomes.set(seq, { skip: true });
    // Not now: the caller is inside the call's cancel(), which settles the call after this.
    if (!this.#drainScheduled) {
      this.#drainScheduled = true;
      queueMicrotask(() => {
        this.#drainScheduled = false;
        this.#drain();
      });
    }
    return running ? seqs[0]! : null;
  }

  terminate(): void {
    if (!this.alive) return;
    this.alive = false;
    this.#outcomes.clear();
    this.#engine.detach(this);
  }

  kill(reason: Death["reason"], cause: unknown): void {
    if (!this.alive) return;
    // Whether a unit ran somewhere cannot be known here: all unanswered count as started.
    const first = this.#first;
    const started = this.inflight.drain()
      .filter((_, offset) => !this.#outcomes.has(first + offset));
    this.terminate();
    this.#listener.onDeath(this, { reason, cause, exitCode: null, started, notStarted: [] });
  }

  #drain(): void {
    if (!this.alive) return;
    let count = 0;
    for (;;) {
      const outcome = this.#outcomes.get(this.#first);
      if (outcome === undefined) break;
      this.#outcomes.delete(this.#first);
      this.#first++;
      count++;
      this.inflight.shift();
    }
    if (count === 0) return;
    const busyMs = this.#busyMs;
    this.#busyMs = 0;
    this.#listener.onResults(this, count, busyMs);
  }
}
