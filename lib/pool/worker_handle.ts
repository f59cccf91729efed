/**
 * Parent side of one worker thread: starts it, sends batches of units, matches the answers to
 * the units in flight, cancels units through the shared control block, and works out after a
 * death which unit was running and which had not started.
 *
 * @module
 */
import { markDead, nextPid, registryFor } from "../process/_state.ts";
import { Deque } from "./deque.ts";
import { checkTransfer } from "./options.ts";
import { decodeShared, encodeShared } from "../shared/transport.ts";
import {
  type CancelReason,
  type ControlBlock,
  markCancelled,
  newControlBlock,
  ring,
  startedCount,
} from "./_control.ts";
import type { FromWorker } from "./protocol.ts";
import { reportEnd, runMessage, settleResults } from "./_batch.ts";
import type {
  Death,
  Executor,
  ExecutorListener,
  ExecutorSpec,
  Unit,
  UnitOwner,
} from "./executor.ts";

const WORKER_URL = new URL("./worker_entry.ts", import.meta.url);

/** Extra settings of a worker thread. */
export interface WorkerOptions {
  /** Deno's worker permissions (needs `--unstable-worker-options`), or `undefined` to inherit. */
  readonly permissions?: Deno.PermissionOptions;
}

/** A running worker thread and the units it holds. */
export class WorkerHandle implements Executor {
  readonly name: string;
  readonly pid: number;
  readonly inflight: Deque<Unit> = new Deque();
  sent = 0;
  alive = true;
  /** A terminated worker thread is gone at once, as far as the parent can tell. */
  readonly closed: Promise<void> = Promise.resolve();
  readonly #worker: Worker;
  readonly #control: ControlBlock = newControlBlock();
  readonly #listener: ExecutorListener;
  #answered = 0;

  constructor(spec: ExecutorSpec, listener: ExecutorListener, options: WorkerOptions = {}) {
    this.name = spec.name;
    this.pid = nextPid();
    this.#listener = listener;
    const workerOptions: WorkerOptions & { type: "module"; name: string } = {
      type: "module",
      name: spec.name,
    };
    if (options.permissions !== undefined) {
      Object.assign(workerOptions, { deno: { permissions: options.permissions } });
    }
    this.#worker = new Worker(WORKER_URL, workerOptions);
    this.#worker.onmessage = (event: MessageEvent<FromWorker>) => this.#receive(event.data);
    this.#worker.onerror = (event) => {
      // Unhandled, an error event from a worker takes the whole process down.
      event.preventDefault();
      this.kill("uncaught-error", new Error(`worker ${this.name} failed: ${event.message}`));
    };
    this.#worker.onmessageerror = () => {
      this.kill(
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
      control: this.#control.buffer,
      registry: registryFor(this.pid, options.permissions !== undefined),
    });
  }

  send(units: readonly Unit[]): Array<readonly [Unit, Error]> {
    const payloads: unknown[] = new Array(units.length);
    let transfer: Transferable[] | null = null;
    let shared: number[] | null = null;
    const sharedTransfer: Transferable[] = [];
    for (let i = 0; i < units.length; i++) {
      const unit = units[i]!;
      let payload: unknown;
      try {
        checkTransfer(unit.transfer);
        payload = encodeShared(unit.payload, sharedTransfer);
      } catch (error) {
        // Its transfer list went stale or its arguments could not be read: that unit alone fails.
        const others = units.filter((other) => other !== unit);
        const failed = [unit, unsendable(unit, error)] as const;
        return others.length === 0 ? [failed] : [failed, ...this.send(others)];
      }
      if (payload !== unit.payload) (shared ??= []).push(i);
      payloads[i] = payload;
      if (unit.transfer !== null) (transfer ??= []).push(...unit.transfer);
    }
    if (sharedTransfer.length > 0) (transfer ??= []).push(...sharedTransfer);
    const message = runMessage(units, payloads, shared);
    try {
      // An empty transfer list still takes the slower transfer path: pass one only when needed.
      if (transfer === null) this.#worker.postMessage(message);
      else this.#worker.postMessage(message, transfer);
      ring(this.#control);
    } catch (error) {
      return this.#sendCloneable(units, error);
    }
    for (const unit of units) {
      this.inflight.push(unit);
      unit.owner.noteSent();
    }
    this.sent += units.length;
    return [];
  }

  cancelOwner(owner: UnitOwner, reason: CancelReason): number | null {
    const started = startedCount(this.#control);
    let running: number | null = null;
    for (let offset = 0; offset < this.inflight.length; offset++) {
      if (this.inflight.at(offset)!.owner !== owner) continue;
      const seq = this.#answered + offset;
      markCancelled(this.#control, seq, reason);
      if (seq === started - 1) {
        running = seq;
        // An async task waiting on its signal learns of it only by message.
        this.#worker.postMessage({ type: "cancel", seq, reason });
      }
    }
    return running;
  }

  answered(seq: number): boolean {
    return seq < this.#answered;
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

  terminate(): void {
    this.alive = false;
    this.#worker.terminate();
    // Locks it held can now be taken over by their next acquirer.
    markDead(this.pid);
  }

  kill(reason: Death["reason"], cause: unknown, exitCode: number | null = null): void {
    if (!this.alive) return;
    this.terminate();
    const unanswered = this.inflight.drain();
    const startedCountNow = Math.min(
      unanswered.length,
      Math.max(0, startedCount(this.#control) - this.#answered),
    );
    this.#listener.onDeath(this, {
      reason,
      cause,
      exitCode,
      started: unanswered.slice(0, startedCountNow),
      notStarted: unanswered.slice(startedCountNow),
    });
  }

  #receive(message: FromWorker): void {
    if (!this.alive) return;
    if (message.type !== "results") {
      reportEnd(message, (reason, cause, exitCode) => this.kill(reason, cause, exitCode));
      return;
    }
    const answered = settleResults(this.inflight, message, decodeShared);
    this.#answered += answered;
    this.#listener.onResults(this, answered, message.busyMs);
  }
}

function unsendable(unit: Unit, error: unknown): TypeError {
  const reason = error instanceof Error ? error.message : String(error);
  return new TypeError(
    `the arguments of task "${unit.ref.name}" cannot be sent to a worker: ${reason}`,
    { cause: error },
  );
}
