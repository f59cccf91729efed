/**
 * Parent side of one worker: starts it, sends batches of units, matches the answers to the units
 * in flight, and works out after a death which unit was running and which had not started.
 *
 * @module
 */
import { markDead, nextPid, registryBuffer } from "../process/_state.ts";
import { Deque } from "./deque.ts";
import { decodeShared, encodeShared } from "../shared/transport.ts";
import { fromFailure } from "./failure.ts";
import type {
  DeathReason,
  Failure,
  FromWorker,
  RunMessage,
  TaskRef,
  UnitKind,
} from "./protocol.ts";

/** Whoever waits for a unit's outcome: a call, or one chunk of it. */
export interface UnitOwner {
  /** True once the owner wants no more outcomes (settled, failed or cancelled). */
  readonly settled: boolean;
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
}

/** Why a worker is gone, as its parent saw it. */
export interface Death {
  readonly reason: DeathReason | "init-error";
  readonly cause: unknown;
  /** The code given to `Deno.exit()`, when that is how it ended. */
  readonly exitCode: number | null;
  /** Units it had started but not answered; the last one was running. */
  readonly started: Unit[];
  /** Units it had been sent but not started. */
  readonly notStarted: Unit[];
}

/** What a handle reports to the pool or Process that owns it. */
export interface WorkerListener {
  onResults(handle: WorkerHandle, count: number, busyMs: number): void;
  onDeath(handle: WorkerHandle, death: Death): void;
}

/** Settings for a new worker. */
export interface WorkerSpec {
  readonly name: string;
  readonly module: string | null;
  readonly initializer: TaskRef | null;
  readonly initargs: readonly unknown[];
}

const WORKER_URL = new URL("./worker_entry.ts", import.meta.url);

/** A running worker and the units it holds. */
export class WorkerHandle {
  readonly name: string;
  readonly pid: number;
  readonly inflight: Deque<Unit> = new Deque();
  /** Units ever sent; the pool uses it for `maxTasksPerChild`. */
  sent = 0;
  alive = true;
  readonly #worker: Worker;
  readonly #progress = new Int32Array(new SharedArrayBuffer(8));
  readonly #listener: WorkerListener;
  #answered = 0;

  constructor(spec: WorkerSpec, listener: WorkerListener) {
    this.name = spec.name;
    this.pid = nextPid();
    this.#listener = listener;
    this.#worker = new Worker(WORKER_URL, { type: "module", name: spec.name });
    this.#worker.onmessage = (event: MessageEvent<FromWorker>) => this.#receive(event.data);
    this.#worker.onerror = (event) => {
      // Unhandled, an error event from a worker takes the whole process down.
      event.preventDefault();
      this.#die("uncaught-error", new Error(`worker ${this.name} failed: ${event.message}`));
    };
    this.#worker.onmessageerror = () => {
      this.#die(
        "uncaught-error",
        new Error(`worker ${this.name} sent a message that could not be read`),
      );
    };
    this.#worker.postMessage({
      type: "init",
      module: spec.module,
      initializer: spec.initializer,
      initargs: spec.initargs,
      name: spec.name,
      pid: this.pid,
      progress: this.#progress.buffer,
      registry: registryBuffer(),
    });
  }

  /**
   * Sends `units` in one message. Units whose payload cannot be cloned are returned with the
   * clone error instead of being sent; the rest go.
   */
  send(units: readonly Unit[]): Array<readonly [Unit, Error]> {
    const refs: TaskRef[] = [];
    const refPositions = new Map<TaskRef, number>();
    const refIndex: number[] = new Array(units.length);
    const kinds: UnitKind[] = new Array(units.length);
    const payloads: unknown[] = new Array(units.length);
    let transfer: Transferable[] | null = null;
    let shared: number[] | null = null;
    const sharedTransfer: Transferable[] = [];
    for (let i = 0; i < units.length; i++) {
      const unit = units[i]!;
      let position = refPositions.get(unit.ref);
      if (position === undefined) {
        position = refs.push(unit.ref) - 1;
        refPositions.set(unit.ref, position);
      }
      refIndex[i] = position;
      kinds[i] = unit.kind;
      const payload = encodeShared(unit.payload, sharedTransfer);
      if (payload !== unit.payload) (shared ??= []).push(i);
      payloads[i] = payload;
      if (unit.transfer !== null) (transfer ??= []).push(...unit.transfer);
    }
    if (sharedTransfer.length > 0) (transfer ??= []).push(...sharedTransfer);
    const message: RunMessage = { type: "run", refs, refIndex, kinds, payloads, shared };
    try {
      // An empty transfer list still takes the slower transfer path: pass one only when needed.
      if (transfer === null) this.#worker.postMessage(message);
      else this.#worker.postMessage(message, transfer);
      Atomics.add(this.#progress, 1, 1);
    } catch (error) {
      return this.#sendCloneable(units, error);
    }
    for (const unit of units) this.inflight.push(unit);
    this.sent += units.length;
    return [];
  }

  #sendCloneable(units: readonly Unit[], error: unknown): Array<readonly [Unit, Error]> {
    const rejected: Array<readonly [Unit, Error]> = [];
    const good: Unit[] = [];
    for (const unit of units) {
      try {
        structuredClone(unit.payload);
        good.push(unit);
      } catch (cloneError) {
        const reason = cloneError instanceof Error ? cloneError.message : String(cloneError);
        rejected.push([
          unit,
          new TypeError(
            `the arguments of task "${unit.ref.name}" cannot be sent to a worker: ${reason}. ` +
              "Arguments travel by structured clone: pass data, not functions or symbols",
            { cause: cloneError },
          ),
        ]);
      }
    }
    if (rejected.length === 0) throw error;
    if (good.length > 0) rejected.push(...this.send(good));
    return rejected;
  }

  /** Stops the worker now. Units in flight are left for the caller to settle. */
  terminate(): void {
    this.alive = false;
    this.#worker.terminate();
    // Locks it held can now be taken over by their next acquirer.
    markDead(this.pid);
  }

  #receive(message: FromWorker): void {
    if (!this.alive) return;
    switch (message.type) {
      case "results":
        if (message.shared !== null) {
          const values = message.values as unknown[];
          for (const i of message.shared) values[i] = decodeShared(values[i]);
        }
        this.#settle(message.values, message.failures);
        this.#listener.onResults(this, message.values.length, message.busyMs);
        return;
      case "init-error":
        this.#die("init-error", fromFailure(message.failure));
        return;
      case "died":
        this.#die(
          message.reason,
          message.failure === null ? null : fromFailure(message.failure),
          message.exitCode,
        );
    }
  }

  #settle(values: readonly unknown[], failures: ReadonlyArray<readonly [number, Failure]> | null) {
    let nextFailure = 0;
    for (let i = 0; i < values.length; i++) {
      const unit = this.inflight.shift()!;
      const failure = failures?.[nextFailure];
      if (failure !== undefined && failure[0] === i) {
        nextFailure++;
        if (!unit.owner.settled) unit.owner.rejectUnit(unit.index, fromFailure(failure[1]));
      } else if (!unit.owner.settled) {
        unit.owner.resolveUnit(unit.index, values[i]);
      }
    }
    this.#answered += values.length;
  }

  #die(reason: Death["reason"], cause: unknown, exitCode: number | null = null): void {
    if (!this.alive) return;
    this.terminate();
    const unanswered = this.inflight.drain();
    const startedCount = Math.min(
      unanswered.length,
      Math.max(0, Atomics.load(this.#progress, 0) - this.#answered),
    );
    this.#listener.onDeath(this, {
      reason,
      cause,
      exitCode,
      started: unanswered.slice(0, startedCount),
      notStarted: unanswered.slice(startedCount),
    });
  }
}
