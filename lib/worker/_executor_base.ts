/**
 * The half of an executor that does not depend on how its messages travel: the units in flight
 * and their sequence numbers, those taken back, packing a batch into one `run` message, checking
 * and settling what the worker answers, holding the process, and a death reported once. A worker
 * thread (`thread_executor.ts`) and a child process (`process_executor.ts`) extend it with how
 * they start, post, encode, and learn that their worker is gone.
 *
 * Sequence numbers: the units sent to one executor are numbered from 0 in the order sent; unit
 * `firstUnanswered + offset` is `inflight.at(offset)`. A unit taken back stays in `inflight`, its
 * number in `withdrawn`, until the worker reports it passed over it.
 *
 * @module
 */
import { Deque } from "../internal/deque.ts";
import { fromFailure } from "../wire/failure.ts";
import { canRelease } from "./_idle_release.ts";
import { runMessage, settleResults, splitUnanswered } from "./_batch.ts";
import { messageFault } from "./_message_check.ts";
import { unpackPlainResults } from "./_plain_results.ts";
import type { CancelReason } from "./control_block.ts";
import type { FromWorker, RunMessage } from "./protocol.ts";
import type {
  Death,
  Executor,
  ExecutorListener,
  ExecutorSpec,
  Unit,
  UnitOwner,
} from "./executor.ts";

/** What both executors share; each subclass says how its worker starts, talks and ends. */
export abstract class ExecutorBase implements Executor {
  readonly name: string;
  abstract readonly pid: number;
  abstract readonly closed: Promise<void>;
  readonly inflight: Deque<Unit> = new Deque();
  sent = 0;
  alive = true;
  starting = true;
  protected readonly listener: ExecutorListener;
  /** The task module: instances of its classes travel as instances (wire/_class_space.ts). */
  protected readonly module: string | null;
  /** Sequence number of the first unit not answered yet: how many were answered. */
  protected firstUnanswered = 0;
  /** Sequence numbers of units taken back, still in `inflight` until the worker passes them. */
  protected readonly withdrawn: Set<number> = new Set();
  // Whether it may be released when idle (decided at its start), and whether it holds now.
  readonly #releasable = canRelease();
  #held = true;
  readonly #decode = (value: unknown): unknown => this.decode(value);

  constructor(spec: ExecutorSpec, listener: ExecutorListener) {
    this.name = spec.name;
    this.module = spec.module;
    this.listener = listener;
  }

  abstract passed(): number;
  abstract takeBack(max: number): Unit[];
  abstract cancelOwner(owner: UnitOwner, reason: CancelReason): number | null;

  /** The payload of `unit` as it travels; adds what must be transferred with it to `transfer`. */
  protected abstract encode(unit: Unit, transfer: Transferable[]): unknown;
  /** A value of a `results` message as it travelled, back to what the task returned. */
  protected abstract decode(value: unknown): unknown;
  /** Posts a `run` message to the worker; throws if it cannot be serialized. */
  protected abstract post(message: RunMessage, transfer: readonly Transferable[]): void;
  /** The error `unit` fails with when its arguments cannot be encoded for this worker. */
  protected abstract argumentError(unit: Unit, error: unknown): Error;
  /**
   * After posting `units` in one message threw `error`: fails the units that cannot travel,
   * sends the others, and returns the failed ones with their errors.
   */
  protected abstract sendFailed(
    units: readonly Unit[],
    error: unknown,
  ): Array<readonly [Unit, Error]>;
  /** Stops the worker and lets go of what it holds; called once, after `alive` became false. */
  protected abstract stop(): void;
  /** Makes the worker keep this process running, or not. */
  protected abstract applyHold(held: boolean): void;
  /** The worker sent `what`, which breaks the protocol: kill it ("protocol-violation"). */
  protected abstract violation(what: string, cause?: unknown): void;

  /** How many units had started when it died of `reason`; by default, `passed()`. */
  protected passedAtDeath(_reason: Death["reason"]): number {
    return this.passed();
  }

  /** Units it took back itself and still holds, to go to another executor when it dies. */
  protected reclaimed(): Unit[] {
    return [];
  }

  /** Called after a `results` message settled its units, before the listener hears of it. */
  protected resultsSettled(): void {}

  get pending(): number {
    return this.owed();
  }

  /** Units sent here that this worker still owes an answer for. */
  protected owed(): number {
    return this.inflight.length - this.withdrawn.size;
  }

  /** Whether it holds the process now (it does from its start). */
  protected get held(): boolean {
    return this.#held;
  }

  answered(seq: number): boolean {
    return seq < this.firstUnanswered;
  }

  send(units: readonly Unit[]): Array<readonly [Unit, Error]> {
    const rejected: Array<readonly [Unit, Error]> = [];
    const good: Unit[] = [];
    const payloads: unknown[] = [];
    const transfer: Transferable[] = [];
    let shared: number[] | null = null;
    for (const unit of units) {
      // Its own list: what a unit that fails halfway added must not be transferred.
      const own: Transferable[] = [];
      let payload: unknown;
      try {
        payload = this.encode(unit, own);
      } catch (error) {
        // Its transfer list went stale or its arguments could not be read: that unit alone fails.
        rejected.push([unit, this.argumentError(unit, error)]);
        continue;
      }
      // The worker decodes only what was encoded.
      if (payload !== unit.payload) (shared ??= []).push(payloads.length);
      payloads.push(payload);
      good.push(unit);
      transfer.push(...own);
    }
    if (good.length === 0) return rejected;
    try {
      this.post(runMessage(good, payloads, shared), transfer);
    } catch (error) {
      return [...rejected, ...this.sendFailed(good, error)];
    }
    for (const unit of good) {
      this.inflight.push(unit);
      unit.owner.noteSent();
    }
    this.sent += good.length;
    return rejected;
  }

  holdProcess(held: boolean): void {
    if (held === this.#held || !this.alive || !this.#releasable) return;
    this.#held = held;
    this.applyHold(held);
  }

  /** Holds the process again if it was released: whoever waits for `closed` must be kept running. */
  protected holdUntilClosed(): void {
    if (this.#held) return;
    this.#held = true;
    this.applyHold(true);
  }

  terminate(): void {
    if (!this.alive) return;
    this.alive = false;
    this.stop();
  }

  kill(reason: Death["reason"], cause: unknown, exitCode: number | null = null): void {
    if (!this.alive) return;
    this.terminate();
    const { started, notStarted } = splitUnanswered(
      this.inflight,
      this.firstUnanswered,
      this.passedAtDeath(reason),
      this.withdrawn,
    );
    notStarted.unshift(...this.reclaimed());
    this.listener.onDeath(this, { reason, cause, exitCode, started, notStarted });
  }

  /** Sequence numbers of `owner`'s units here, unanswered and not taken back, oldest first. */
  protected unitsOf(owner: UnitOwner): number[] {
    const seqs: number[] = [];
    for (let offset = 0; offset < this.inflight.length; offset++) {
      const seq = this.firstUnanswered + offset;
      if (this.inflight.at(offset)!.owner === owner && !this.withdrawn.has(seq)) seqs.push(seq);
    }
    return seqs;
  }

  /**
   * Acts on a message from the worker, checked first against what it may say now: a malformed
   * or forged one costs only this worker (see `_message_check.ts`).
   */
  protected receive(received: unknown): void {
    if (!this.alive) return;
    const message = unpackPlainResults(received);
    const fault = messageFault(message, {
      answered: this.firstUnanswered,
      unanswered: this.inflight.length,
      passed: this.passed(),
      withdrawnIn: (first, count) => this.#withdrawnIn(first, count),
    });
    if (fault !== null) {
      this.violation(fault);
      return;
    }
    const checked = message as FromWorker;
    switch (checked.type) {
      case "ready":
        this.starting = false;
        this.listener.onReady?.(this);
        return;
      case "init-error":
        this.kill("init-error", fromFailure(checked.failure));
        return;
      case "died": {
        const cause = checked.failure === null ? null : fromFailure(checked.failure);
        this.kill(checked.reason, cause, checked.exitCode);
        return;
      }
    }
    let covered: number;
    try {
      covered = settleResults(
        this.inflight,
        checked,
        this.#decode,
        this.withdrawn,
        this.firstUnanswered,
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.violation(`results that could not be decoded (${reason})`, error);
      return;
    }
    this.firstUnanswered += covered;
    this.resultsSettled();
    this.listener.onResults(this, checked.values.length, checked.busyMs);
  }

  #withdrawnIn(first: number, count: number): number {
    if (this.withdrawn.size === 0) return 0;
    let found = 0;
    for (const seq of this.withdrawn) if (seq >= first && seq < first + count) found++;
    return found;
  }
}
