/**
 * The pool's engine: a FIFO of units, a slot per worker, and batches sized from measured task
 * time so that tiny tasks share messages while slow ones are handed out one by one.
 *
 * @module
 */
import { PoolClosedError } from "../errors.ts";
import { setLongTimeout } from "../internal/long_timer.ts";
import { releaseTimer } from "../worker/_idle_release.ts";
import { failAll, unitsToRequeue } from "./_deaths.ts";
import { type CancelReason, MAX_UNANSWERED } from "../worker/control_block.ts";
import type { Call } from "../worker/calls.ts";
import { Deque } from "../internal/deque.ts";
import { StallWatch } from "./_stall_watch.ts";
import { StartFailures } from "./_start_failures.ts";
import { lightTimeout, type LightTimer } from "./_light_timer.ts";
import type { TaskRef } from "../worker/protocol.ts";
import type {
  Death,
  Executor,
  ExecutorFactory,
  ExecutorListener,
  ExecutorSpec,
  Unit,
} from "../worker/executor.ts";

/** Settings the dispatcher needs from the pool's options. */
export interface DispatcherConfig {
  readonly processes: number;
  readonly name: string;
  readonly module: string | null;
  readonly initargs: readonly unknown[];
  readonly maxTasksPerChild: number | null;
  readonly idleTimeout: number;
  /** How long a cancelled task may keep running before its worker is replaced (ms). */
  readonly cancelGrace: number;
  /** Most units that may wait in the queue. */
  readonly maxQueue: number;
  readonly spawn: ExecutorFactory;
  /**
   * Start one worker at construction and the others once it has answered, died, or taken long to
   * start (see {@linkcode Dispatcher.start}). For worker threads: Deno's `new Worker` blocks the
   * calling thread while it builds the worker's runtime, so a second worker started at once
   * delays the first result by that much.
   */
  readonly staggerStart?: boolean;
  /**
   * How long the `new Worker` of the worker just started blocked, when it was built ahead (a
   * warm spare, `_warm_workers.ts`), else `null`: the stagger is then measured by that, not by
   * a take that cost nothing, so the others do not start before its first result is likely.
   */
  readonly builtAheadMs?: (() => number | null) | undefined;
}

// A batch should keep a worker busy about this long; enough to amortize a message (~20 µs).
const TARGET_BATCH_MS = 2;
// A worker may hold this much estimated work, so the next batch is there when one ends.
const PIPELINE_AHEAD_MS = 4;
const MAX_BATCH = MAX_UNANSWERED;
// Before any task time is known, hand out small batches so slow tasks spread over workers.
const INITIAL_BATCH = 64;
// A worker that has not moved past its current unit for STALL_UNITS times the measured unit
// time (at least STALL_MS, at most MAX_STALL_MS), while another worker has nothing to do, loses
// the units queued behind that one to the idle workers. Units of ordinary length are left
// alone: moving them would cost a second send for nothing.
const STALL_MS = 20;
const STALL_UNITS = 8;
const MAX_STALL_MS = 1_000;
// With staggerStart, the other workers start at the latest this many times as long after the
// first as its `new Worker` took (a slow task module or initializer: they then load side by
// side), within these bounds (ms).
const STAGGER_FACTOR = 2;
const MIN_STAGGER_MS = 5;
const MAX_STAGGER_MS = 250;
// An idle pool releases its workers (they stop holding the process) after this long: late
// enough that the worker's port has armed its next receive, which is what a release reaches,
// and that back-to-back calls arm at most one timer per this many ms.
const RELEASE_AFTER_MS = 10;

/** Runs units on up to `processes` workers. */
export class Dispatcher implements ExecutorListener {
  readonly #config: DispatcherConfig;
  readonly #slots: (Executor | null)[];
  readonly #graceTimers = new Set<ReturnType<typeof setTimeout>>();
  readonly #roomWaiters: Array<() => void> = [];
  // Executors stopped but maybe not yet gone (a child process being reaped).
  readonly #closing = new Set<Promise<void>>();
  #idleTimer: ReturnType<typeof setTimeout> | undefined = undefined;
  // Light timers (see _light_timer.ts): a pool's first result must not wait for setTimeout's.
  #releaseTimer: LightTimer | undefined = undefined;
  // True once the idle workers were released, until the next send.
  #released = false;
  // Bumped on every send; the idle timer compares it instead of being re-armed per batch,
  // which would cost a timer per round trip.
  #activity = 0;
  readonly #queue = new Deque<Unit>();
  #initializer: TaskRef | null = null;
  #unitMs: number | null = null;
  #flushScheduled = false;
  #workersStarted = 0;
  readonly #stallWatch: StallWatch;
  readonly #startFailures = new StartFailures();
  #accepting = true;
  #stopped = false;
  // Set while the slots left empty by a staggered start wait for their first start.
  #staggered = false;
  #staggerTimer: LightTimer | undefined = undefined;
  readonly #stopWaiters: Array<() => void> = [];

  constructor(config: DispatcherConfig) {
    this.#config = config;
    this.#slots = new Array(config.processes).fill(null);
    this.#stallWatch = new StallWatch({
      slots: this.#slots,
      pendingOf,
      wantsUnits: () => !this.#stopped && this.#queue.length === 0,
      requeue: (units) => this.#requeue(units),
    }, () => Math.min(MAX_STALL_MS, Math.max(STALL_MS, STALL_UNITS * (this.#unitMs ?? 0))));
  }

  /**
   * Starts every worker ahead of the first call, as Python's Pool does. Throws if not one of
   * them could be started; a slot that fails while others start stays empty, to be retried.
   *
   * With `staggerStart`, only the first worker that starts is started now, so the first call
   * is answered as soon as that worker is ready; the others start as soon as it has answered or
   * died, when the queue holds more than it takes, when the pool is closed, or at the latest
   * {@linkcode STAGGER_FACTOR} times its start later.
   */
  start(initializer: TaskRef | null): void {
    this.#initializer = initializer;
    if (this.#stopped) return;
    let failure: Error | null = null;
    const stagger = this.#config.staggerStart === true;
    for (let i = 0; i < this.#slots.length; i++) {
      if (this.#slots[i] !== null) continue;
      const began = performance.now();
      if (this.#trySpawn(i) === null) failure ??= this.#spawnError;
      else if (stagger && i < this.#slots.length - 1) {
        this.#staggerRest(this.#config.builtAheadMs?.() ?? performance.now() - began);
        break;
      }
    }
    if (failure !== null && this.#slots.every((handle) => handle === null)) {
      this.#stop();
      throw failure;
    }
    this.#armIdleTimer();
    this.#armRelease();
  }

  /** Whether `count` more units fit in the queue (`maxQueue`). */
  hasRoom(count: number): boolean {
    return this.#queue.length + count <= this.#config.maxQueue;
  }

  /** Units waiting in the queue. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Resolves once the queue has room for one more unit, or the pool stops. */
  whenRoom(): Promise<void> {
    if (this.hasRoom(1) || this.#stopped) return Promise.resolve();
    return new Promise((resolve) => this.#roomWaiters.push(resolve));
  }

  /**
   * Withdraws a cancelled call: queued units are dropped as they come up, sent ones are marked
   * in their worker's control block, and a worker still running one after `cancelGrace` is
   * replaced. Returns true if a unit of it was running.
   */
  readonly cancel = (call: Call<unknown>, reason: CancelReason): boolean => {
    let running = false;
    for (const handle of this.#slots) {
      if (handle === null || !handle.alive) continue;
      const seq = handle.cancelOwner(call, reason);
      if (seq === null) continue;
      running = true;
      this.#armGrace(handle, seq);
    }
    return running;
  };

  /** Queues a unit; it is sent on the next microtask, together with others queued this tick. */
  submit(unit: Unit): void {
    this.#queue.push(unit);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      queueMicrotask(() => this.#flush());
    }
  }

  /** Takes no more work; workers stop once what is queued is done. */
  close(): void {
    // Every worker starts, as in Python, and runs its initializer before the pool ends.
    this.#startStaggered();
    this.#accepting = false;
    // Until they stop, the workers hold the process: join() waits for them.
    for (const handle of this.#slots) handle?.holdProcess?.(true);
    this.#stopIfDrained();
  }

  /** Resolves once every worker has stopped after `close()` or `terminate()`. */
  whenStopped(): Promise<void> {
    if (this.#stopped) return Promise.all(this.#closing).then(() => {});
    return new Promise((resolve) => this.#stopWaiters.push(resolve));
  }

  /** Stops every worker now; queued and running units reject with `PoolClosedError`. */
  terminate(reason: string): void {
    this.#accepting = false;
    const error = new PoolClosedError(reason);
    for (const unit of this.#queue.drain()) unit.owner.rejectUnit(unit.index, error);
    for (const slot of this.#slots) {
      if (slot === null) continue;
      for (const unit of slot.inflight.drain()) unit.owner.rejectUnit(unit.index, error);
    }
    this.#stop();
  }

  onResults(handle: Executor, count: number, busyMs: number): void {
    this.#startFailures.noteStarted(handle);
    // After the results are delivered: starting a worker blocks this thread for a while.
    if (this.#staggered) this.#armStagger(0);
    if (count > 0) {
      const sample = busyMs / count;
      this.#unitMs = this.#unitMs === null ? sample : 0.7 * this.#unitMs + 0.3 * sample;
    }
    const max = this.#config.maxTasksPerChild;
    if (max !== null && handle.sent >= max && pendingOf(handle) === 0) {
      this.#retire(handle);
    }
    this.#flush();
  }

  onReady(): void {
    this.#stopIfDrained();
    this.#armIdleTimer();
    // The pool may have gone idle while this worker was starting (busy, not idle, until now).
    this.#armRelease();
  }

  onTakenBack(_handle: Executor, units: Unit[]): void {
    this.#requeue(units);
  }

  /** Queues units taken back from a stalled worker, ahead of the rest, and hands them out. */
  #requeue(units: Unit[]): void {
    this.#queue.unshiftAll(units);
    this.#flush();
  }

  onDeath(handle: Executor, death: Death): void {
    if (this.#staggered) this.#armStagger(0);
    const index = this.#slots.indexOf(handle);
    if (index >= 0) this.#vacate(index);
    const failedToStart = this.#startFailures.noteDeath(handle, death);
    if (death.reason === "init-error") {
      failAll(handle, death, this.#queue.drain());
    } else {
      this.#queue.unshiftAll(unitsToRequeue(handle, death));
      // Python's Pool replaces a lost worker at once; so do we, unless the pool is winding down
      // or has given up on workers that cannot start (see _start_failures.ts).
      if (index >= 0 && this.#accepting && !this.#startFailures.gaveUp) this.#trySpawn(index);
    }
    // Only a new call may try to start a worker again; what waits now is rejected with why.
    if (failedToStart && this.#startFailures.gaveUp && !this.#hasLiveWorker()) {
      const error = this.#startFailures.error();
      for (const unit of this.#queue.drain()) unit.owner.rejectUnit(unit.index, error);
    }
    this.#flush();
  }

  /** Leaves the slots after the first to `#startStaggered`, at the latest after a while. */
  #staggerRest(firstSpawnMs: number): void {
    this.#staggered = true;
    const wait = Math.min(MAX_STAGGER_MS, Math.max(MIN_STAGGER_MS, STAGGER_FACTOR * firstSpawnMs));
    this.#armStagger(wait);
  }

  #armStagger(ms: number): void {
    this.#staggerTimer?.cancel();
    this.#staggerTimer = lightTimeout(() => this.#startStaggered(), ms);
  }

  #cancelStagger(): void {
    this.#staggered = false;
    this.#staggerTimer?.cancel();
    this.#staggerTimer = undefined;
  }

  /** Starts the workers a staggered start left for later, in their empty slots. */
  #startStaggered(): void {
    if (!this.#staggered) return;
    this.#cancelStagger();
    if (this.#stopped || !this.#accepting) return;
    for (let i = 0; i < this.#slots.length && this.#maySpawn(); i++) {
      if (this.#slots[i] === null) this.#trySpawn(i);
    }
    this.#flush();
  }

  // Why the last spawn failed, for the units no worker is left to run.
  #spawnError: Error | null = null;

  /**
   * Starts a worker in slot `index`. If that fails (out of file handles, a permission revoked)
   * the slot stays empty and `null` is returned: the next flush tries again, and units no live
   * worker can take reject with why.
   */
  #trySpawn(index: number): Executor | null {
    const spec: ExecutorSpec = {
      name: `${this.#config.name}-${++this.#workersStarted}`,
      module: this.#config.module,
      initializer: this.#initializer,
      initargs: this.#config.initargs,
    };
    try {
      const handle = this.#config.spawn(spec, this);
      this.#slots[index] = handle;
      // A new worker holds the process until the pool releases it.
      this.#released = false;
      this.#spawnError = null;
      return handle;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#spawnError = new Error(
        `pool worker ${spec.name} could not be started: ${reason}. The call was not run; ` +
          "later calls try to start a worker again",
        { cause: error },
      );
      return null;
    }
  }

  #hasLiveWorker(): boolean {
    return this.#slots.some((handle) => handle !== null && handle.alive);
  }

  /**
   * Whether a flush may start a worker in an empty slot: always, unless the pool has given up on
   * workers that cannot start; then only one at a time, for the calls that wait for it.
   */
  #maySpawn(): boolean {
    return !this.#startFailures.gaveUp || !this.#hasLiveWorker();
  }

  /** Rejects the queued units when no live worker is left to run them after a failed spawn. */
  #failIfNoWorker(): void {
    const error = this.#spawnError;
    if (error === null || this.#queue.length === 0) return;
    if (this.#slots.some((handle) => handle !== null && handle.alive)) return;
    for (const unit of this.#queue.drain()) unit.owner.rejectUnit(unit.index, error);
  }

  #armGrace(handle: Executor, seq: number): void {
    if (this.#config.cancelGrace === Infinity) return; // never replaced: wait for the task
    const timer = setLongTimeout(() => {
      this.#graceTimers.delete(timer);
      if (!handle.alive || handle.answered(seq)) return;
      handle.kill("unresponsive", null);
    }, this.#config.cancelGrace);
    this.#graceTimers.add(timer);
  }

  #canAccept(handle: Executor): boolean {
    const max = this.#config.maxTasksPerChild;
    if (!handle.alive || handle.closing === true) return false;
    if (max !== null && handle.sent >= max) return false;
    if (handle.inflight.length >= MAX_UNANSWERED) return false;
    // Its units wait in a remote queue that workers take from: no pacing here.
    if (handle.queues === true) return true;
    if (this.#stallWatch.isStalled(handle)) return false;
    const held = pendingOf(handle);
    return held === 0 || (this.#unitMs !== null && held * this.#unitMs < PIPELINE_AHEAD_MS);
  }

  #takeBatch(handle: Executor): Unit[] {
    const queued = this.#queue.length;
    const processes = this.#config.processes;
    const queues = handle.queues === true;
    let size = queues
      ? queued
      : this.#unitMs === null
      ? Math.min(INITIAL_BATCH, Math.ceil(queued / (4 * processes)))
      : Math.min(MAX_BATCH, Math.floor(TARGET_BATCH_MS / Math.max(this.#unitMs, 1e-6)));
    size = Math.max(1, Math.min(size, Math.ceil(queued / processes)));
    // Two unanswered units on one worker must never share a control-block slot.
    size = Math.min(size, MAX_UNANSWERED - handle.inflight.length);
    const max = this.#config.maxTasksPerChild;
    if (max !== null) size = Math.min(size, max - handle.sent);
    const batch: Unit[] = [];
    while (batch.length < size) {
      const unit = this.#queue.peek();
      if (unit === undefined) break;
      if (unit.owner.settled) {
        this.#queue.shift();
        continue;
      }
      // A call's timeout starts when its first unit is sent, so that unit must start at once:
      // first in a batch to a worker with nothing else to do.
      if (
        !queues && unit.owner.awaitingStart && (batch.length > 0 || pendingOf(handle) > 0)
      ) break;
      batch.push(this.#queue.shift()!);
    }
    return batch;
  }

  #flush(): void {
    this.#flushScheduled = false;
    if (this.#stopped) return;
    let progressed = true;
    // A slot whose spawn fails is not tried again in this flush.
    let spawnFailed: Set<number> | null = null;
    while (progressed && this.#queue.length > 0) {
      progressed = false;
      // Always from the first slot: sequential calls reuse the same, warm worker thread, which
      // answers sooner than waking a cold one (measured: ~4 µs against ~11 µs added per trip).
      for (let i = 0; i < this.#slots.length && this.#queue.length > 0; i++) {
        let handle = this.#slots[i] ?? null;
        if (handle === null) {
          if (spawnFailed?.has(i) || !this.#maySpawn()) continue;
          handle = this.#trySpawn(i);
          if (handle === null) {
            (spawnFailed ??= new Set()).add(i);
            continue;
          }
        }
        if (!this.#canAccept(handle)) continue;
        const batch = this.#takeBatch(handle);
        if (batch.length === 0) continue;
        this.#activity++;
        this.#released = false;
        handle.holdProcess?.(true);
        for (const [unit, error] of handle.send(batch)) unit.owner.rejectUnit(unit.index, error);
        progressed = true;
      }
    }
    if (spawnFailed !== null) this.#failIfNoWorker();
    if (this.#roomWaiters.length > 0 && this.hasRoom(1)) {
      for (const resolve of this.#roomWaiters.splice(0)) resolve();
    }
    this.#stopIfDrained();
    this.#armIdleTimer();
    this.#armRelease();
    this.#stallWatch.arm();
  }

  // A worker still running its initializer is busy, not idle: stopping it then would waste the
  // start, and leave a pool closed meanwhile waiting for a worker it had stopped.
  #isIdle(): boolean {
    return this.#queue.length === 0 &&
      this.#slots.every((handle) =>
        handle === null || (pendingOf(handle) === 0 && handle.starting !== true)
      );
  }

  /**
   * Releases every worker once the pool is idle (`_idle_release.ts`): they stay, with their
   * module state, while something else keeps the process running, and no longer keep it
   * running themselves, so a script that never closes its pool still exits. A pool that is
   * closing keeps holding: `join()` waits for it.
   */
  #armRelease(): void {
    if (this.#released || this.#releaseTimer !== undefined || !this.#accepting) return;
    if (!this.#isIdle()) return;
    this.#releaseTimer = lightTimeout(() => {
      this.#releaseTimer = undefined;
      if (this.#stopped || !this.#accepting || !this.#isIdle()) return;
      this.#released = true;
      for (const handle of this.#slots) handle?.holdProcess?.(false);
    }, RELEASE_AFTER_MS);
  }

  /**
   * Stops every worker once the whole pool has been idle for `idleTimeout`, to give back their
   * memory; they restart on demand, running the initializer again. Where idle workers hold the
   * process (`idleWorkersHoldProcess()`), this is also what lets a script that never closes its
   * pool exit; elsewhere the timer does not hold the process either.
   */
  #armIdleTimer(): void {
    if (
      this.#idleTimer !== undefined || this.#stopped ||
      !Number.isFinite(this.#config.idleTimeout) ||
      !this.#isIdle() || this.#slots.every((handle) => handle === null)
    ) return;
    const activityAtArm = this.#activity;
    this.#idleTimer = setLongTimeout(() => {
      this.#idleTimer = undefined;
      if (!this.#isIdle()) return;
      if (this.#activity !== activityAtArm) this.#armIdleTimer();
      else {
        // Workers that never started are not started now: the pool restarts on demand.
        this.#cancelStagger();
        for (let i = 0; i < this.#slots.length; i++) this.#vacate(i);
      }
    }, this.#config.idleTimeout);
    releaseTimer(this.#idleTimer);
  }

  #vacate(index: number): void {
    const handle = this.#slots[index];
    if (handle === null || handle === undefined) return;
    handle.terminate();
    this.#slots[index] = null;
    this.#stallWatch.forget(handle);
    const closed = handle.closed;
    this.#closing.add(closed);
    void closed.then(() => this.#closing.delete(closed));
  }

  #retire(handle: Executor): void {
    const index = this.#slots.indexOf(handle);
    if (index >= 0) this.#vacate(index);
  }

  #stopIfDrained(): void {
    if (this.#accepting || this.#stopped) return;
    while (this.#queue.peek()?.owner.settled) this.#queue.shift();
    if (this.#queue.length > 0) return;
    if (this.#slots.some((handle) => handle !== null && pendingOf(handle) > 0)) return;
    // Python's Pool starts all its workers at construction, and close() + join() lets each run
    // its initializer: a worker still starting is stopped only once it is ready (or dead). An
    // initializer that never returns keeps join() waiting, as in Python.
    if (this.#slots.some((handle) => handle?.alive === true && handle.starting === true)) return;
    this.#stop();
  }

  #stop(): void {
    this.#stopped = true;
    this.#cancelStagger();
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    this.#releaseTimer?.cancel();
    this.#releaseTimer = undefined;
    for (const timer of this.#graceTimers) clearTimeout(timer);
    this.#graceTimers.clear();
    this.#stallWatch.stop();
    for (let i = 0; i < this.#slots.length; i++) this.#vacate(i);
    void Promise.all(this.#closing).then(() => {
      for (const resolve of this.#stopWaiters.splice(0)) resolve();
    });
    for (const resolve of this.#roomWaiters.splice(0)) resolve();
  }
}

/** Units an executor holds that are neither answered nor taken back. */
function pendingOf(handle: Executor): number {
  return handle.pending ?? handle.inflight.length;
}
