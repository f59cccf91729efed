// The executor interface is the seam a new backend plugs into: the real Dispatcher, given a
// factory for an executor written here (it runs self-contained tasks on this thread), hands out
// units, settles their results, retries a unit whose executor died under it on a fresh one, and
// rejects it once its retries are used up, all without a line of pool/ knowing what the
// executor is. Nothing here starts a worker, so it runs in the test process.
import assert from "node:assert/strict";
import { Dispatcher } from "../../lib/pool/dispatcher.ts";
import { type CallLimits, NO_LIMITS, SingleCall } from "../../lib/worker/calls.ts";
import { UnitKind } from "../../lib/worker/protocol.ts";
import { taskRef } from "../../lib/worker/task_ref.ts";
import { Deque } from "../../lib/internal/deque.ts";
import { WorkerDiedError } from "../../lib/errors.ts";
import type {
  Death,
  Executor,
  ExecutorFactory,
  ExecutorListener,
  ExecutorSpec,
  Unit,
  UnitOwner,
} from "../../lib/worker/executor.ts";

/** The name of a task that makes its executor die while running it, while `deaths` lasts. */
const CRASHING_TASK = "crashOnce";

/**
 * A third executor: runs each batch on this thread one timer tick after `send`, in order, by
 * compiling the task's source. Only the members the interface requires.
 */
class MainThreadExecutor implements Executor {
  static deaths = 0;
  readonly name: string;
  readonly pid: number;
  readonly inflight: Deque<Unit> = new Deque();
  sent = 0;
  alive = true;
  readonly closed: Promise<void> = Promise.resolve();
  readonly #listener: ExecutorListener;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #answered = 0;

  constructor(spec: ExecutorSpec, listener: ExecutorListener, pid: number) {
    this.name = spec.name;
    this.pid = pid;
    this.#listener = listener;
  }

  send(units: readonly Unit[]): Array<readonly [Unit, Error]> {
    const rejected: Array<readonly [Unit, Error]> = [];
    const accepted: Unit[] = [];
    for (const unit of units) {
      if (unit.kind !== UnitKind.Apply) {
        rejected.push([unit, new TypeError("this executor runs apply units only")]);
        continue;
      }
      this.inflight.push(unit);
      unit.owner.noteSent();
      accepted.push(unit);
    }
    this.sent += accepted.length;
    if (accepted.length > 0) {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#run(accepted.length);
      }, 0);
      this.#timers.add(timer);
    }
    return rejected;
  }

  #run(count: number): void {
    if (!this.alive) return;
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const unit = this.inflight.at(0)!;
      if (unit.ref.name === CRASHING_TASK && MainThreadExecutor.deaths > 0) {
        MainThreadExecutor.deaths--;
        this.#die("crashed", new Error(`executor ${this.name} crashed`));
        return;
      }
      this.inflight.shift();
      this.#answered++;
      if (unit.owner.settled) continue;
      try {
        const task = new Function(`return (${unit.ref.source});`)();
        unit.owner.resolveUnit(unit.index, task(...(unit.payload as unknown[])));
      } catch (error) {
        unit.owner.rejectUnit(unit.index, error);
      }
    }
    this.#listener.onResults(this, count, performance.now() - started);
  }

  cancelOwner(_owner: UnitOwner): number | null {
    // Units run in one go, a tick after they are sent: none is ever caught running.
    return null;
  }

  answered(seq: number): boolean {
    return seq < this.#answered;
  }

  terminate(): void {
    this.alive = false;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  kill(reason: Death["reason"], cause: unknown): void {
    this.#die(reason, cause);
  }

  /** The front unit was running; the rest of the batch had not started. */
  #die(reason: Death["reason"], cause: unknown): void {
    if (!this.alive) return;
    this.terminate();
    const [running, ...rest] = this.inflight.drain();
    const started = running === undefined ? [] : [running];
    this.#listener.onDeath(this, { reason, cause, exitCode: null, started, notStarted: rest });
  }
}

interface Seam {
  readonly dispatcher: Dispatcher;
  readonly spawned: string[];
  run<R>(task: (...args: never[]) => R, args: unknown[], limits?: CallLimits): Promise<R>;
  stop(): Promise<void>;
}

function seam(processes: number): Seam {
  const spawned: string[] = [];
  const spawn: ExecutorFactory = (spec, listener) => {
    spawned.push(spec.name);
    return new MainThreadExecutor(spec, listener, 10_000 + spawned.length);
  };
  const dispatcher = new Dispatcher({
    processes,
    name: "Seam",
    module: null,
    initargs: [],
    maxTasksPerChild: null,
    idleTimeout: Infinity,
    cancelGrace: 1000,
    maxQueue: Infinity,
    spawn,
  });
  dispatcher.start(null);
  return {
    dispatcher,
    spawned,
    run(task, args, limits = NO_LIMITS) {
      const call = new SingleCall<never>(taskRef(task, false), UnitKind.Apply, args, null, limits);
      dispatcher.submit(call);
      return call.promise;
    },
    async stop() {
      dispatcher.terminate("test over");
      await dispatcher.whenStopped();
    },
  };
}

Deno.test("a third executor plugs into the Dispatcher: units flow to it and results settle in order", async () => {
  const pool = seam(2);
  try {
    assert.deepEqual(pool.spawned, ["Seam-1", "Seam-2"], "start() spawns through the factory");
    const squares = await Promise.all(
      Array.from({ length: 50 }, (_, i) => pool.run((x: number) => x * x, [i])),
    );
    assert.deepEqual(squares, Array.from({ length: 50 }, (_, i) => i * i));
    await assert.rejects(
      pool.run(() => {
        throw new RangeError("the task's own failure");
      }, []),
      RangeError,
      "a task's failure rejects its call, and is not a death",
    );
    assert.deepEqual(pool.spawned, ["Seam-1", "Seam-2"], "no executor died");
  } finally {
    await pool.stop();
  }
});

Deno.test("a third executor that dies under a unit: the pool reruns it on a fresh one, then rejects when retries are used up", async () => {
  const pool = seam(1);
  // A function named like the task the executor crashes on.
  const crashOnce = (x: number) => x + 1;
  try {
    MainThreadExecutor.deaths = 1;
    const behind = [1, 2, 3].map((x) => pool.run((y: number) => y * 10, [x]));
    const retried = pool.run(crashOnce, [41], { ...NO_LIMITS, retries: 1 });
    assert.equal(await retried, 42, "rerun on a fresh executor after the death");
    assert.deepEqual(await Promise.all(behind), [10, 20, 30]);
    assert.deepEqual(pool.spawned, ["Seam-1", "Seam-2"], "the dead executor was replaced");

    MainThreadExecutor.deaths = 1;
    const error = await pool.run(crashOnce, [0]).then(
      () => assert.fail("a call without retries must reject when its executor dies"),
      (error: unknown) => error,
    );
    assert.ok(error instanceof WorkerDiedError, String(error));
    assert.match(error.message, /worker Seam-2 died while running task "crashOnce"/);
    assert.match(error.message, /its process ended unexpectedly/);
    assert.equal(error.attempts, 1);
    assert.equal(await pool.run((x: number) => -x, [5]), -5, "the pool goes on");
    assert.deepEqual(pool.spawned, ["Seam-1", "Seam-2", "Seam-3"]);
  } finally {
    MainThreadExecutor.deaths = 0;
    await pool.stop();
  }
});
