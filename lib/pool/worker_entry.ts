/**
 * The script every pool worker and Process runs. It imports the pool's module, runs the
 * initializer, then runs units in the order they arrive, one at a time, and answers with their
 * outcomes in batches. It announces its own death, since the parent gets no event when a worker
 * closes itself.
 *
 * @module
 */
import { setCurrent } from "../process/_state.ts";
import { decodeShared, encodeShared } from "../shared/transport.ts";
import "../shared/_register.ts";
import { toFailure } from "./failure.ts";
import type {
  DeathReason,
  Failure,
  FromWorker,
  InitMessage,
  RunMessage,
  TaskRef,
  ToWorker,
} from "./protocol.ts";
import { explainReferenceError, type ResolvedTask, TaskCatalog } from "./task_catalog.ts";
import { isThenable, runUnit } from "./run_unit.ts";

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  close(): void;
  addEventListener(
    type: "error" | "unhandledrejection",
    listener: (event: Event & { error?: unknown; reason?: unknown }) => void,
  ): void;
}

// Results are held back at most about this long while a batch runs, so slow tasks report
// promptly; the clock is read only every few units when units are fast.
const FLUSH_INTERVAL_MS = 1;
const MAX_CLOCK_STRIDE = 64;
// After its last result, an idle worker watches the doorbell this long before parking: on a
// virtual machine, waking a parked thread on a halted vCPU costs tens of µs, so a next batch
// that arrives while the thread still runs is answered that much sooner. With a single usable
// core the spin would only take the CPU from the thread about to send, so it is off.
const SPIN_BEFORE_PARK_MS = navigator.hardwareConcurrency > 1 ? 0.05 : 0;

const scope = globalThis as unknown as WorkerScope;
const realClose = scope.close.bind(scope);
let catalog: TaskCatalog | null = null;
let progress: Int32Array<ArrayBufferLike> = new Int32Array(2);
let closing = false;
let running = false;
// Batches are run in place, unit by unit: no per-unit objects are made.
const batches: RunMessage[] = [];
let unitIndex = 0;
let clockStride = 1;
let unitsSinceClock = 0;
let values: unknown[] = [];
let failures: Array<readonly [number, Failure]> | null = null;
let busySince = 0;
let busyMs = 0;
let lastFlush = 0;

function flush(): void {
  if (values.length === 0 || closing) return;
  let shared: number[] | null = null;
  const transfer: Transferable[] = [];
  for (let i = 0; i < values.length; i++) {
    const encoded = encodeShared(values[i], transfer);
    if (encoded !== values[i]) {
      values[i] = encoded;
      (shared ??= []).push(i);
    }
  }
  const message: FromWorker = { type: "results", values, failures, busyMs, shared };
  try {
    if (transfer.length === 0) scope.postMessage(message);
    else scope.postMessage(message, transfer);
  } catch (error) {
    scope.postMessage(withUncloneableReplaced(message, error));
  }
  values = [];
  failures = null;
  busyMs = 0;
  lastFlush = performance.now();
}

function withUncloneableReplaced(message: FromWorker & { type: "results" }, cause: unknown) {
  const fixed = [...(message.failures ?? [])];
  const cleanValues = message.values.map((value, position) => {
    try {
      structuredClone(value);
      return value;
    } catch {
      const reason = cause instanceof Error ? cause.message : String(cause);
      fixed.push([
        position,
        toFailure(
          new TypeError(
            `the task's result cannot be sent back from the worker (${reason}); return data ` +
              "that structured clone can copy: no functions, symbols or class instances with methods",
          ),
        ),
      ]);
      return undefined;
    }
  });
  fixed.sort((a, b) => a[0] - b[0]);
  return { ...message, values: cleanValues, failures: fixed };
}

function recordFailure(error: unknown, task: ResolvedTask | null, ref: TaskRef): void {
  (failures ??= []).push([values.length, toFailure(explainReferenceError(error, task, ref))]);
  values.push(undefined);
}

function afterUnit(): void {
  if (++unitsSinceClock < clockStride) return;
  const now = performance.now();
  const perUnit = (now - busySince) / unitsSinceClock;
  // Read the clock after every unit when units are slow, every few dozen when they are tiny.
  clockStride = Math.max(1, Math.min(MAX_CLOCK_STRIDE, Math.floor(0.05 / Math.max(perUnit, 1e-6))));
  unitsSinceClock = 0;
  busyMs += now - busySince;
  busySince = now;
  if (now - lastFlush >= FLUSH_INTERVAL_MS) flush();
}

function stopClock(): void {
  busyMs += performance.now() - busySince;
  unitsSinceClock = 0;
}

function drain(): void {
  if (running || catalog === null || closing) return;
  running = true;
  busySince = performance.now();
  while (batches.length > 0 && !closing) {
    const batch = batches[0]!;
    if (unitIndex >= batch.kinds.length) {
      batches.shift();
      unitIndex = 0;
      // A new batch may hold slower tasks: measure from its first unit.
      clockStride = 1;
      continue;
    }
    const i = unitIndex++;
    const ref = batch.refs[batch.refIndex[i]!]!;
    Atomics.add(progress, 0, 1);
    let outcome: unknown;
    let task: ResolvedTask | null = null;
    try {
      task = catalog.resolve(ref);
      outcome = runUnit(task.fn, batch.kinds[i]!, batch.payloads[i]);
    } catch (error) {
      recordFailure(error, task, ref);
      afterUnit();
      continue;
    }
    if (isThenable(outcome)) {
      stopClock();
      flush();
      const awaitStart = performance.now();
      outcome.then(
        (value) => values.push(value),
        (error) => recordFailure(error, task, ref),
      ).then(() => {
        running = false;
        busySince = awaitStart;
        stopClock();
        drain();
      });
      return;
    }
    values.push(outcome);
    afterUnit();
  }
  running = false;
  stopClock();
  flush();
  spinBeforePark();
}

function spinBeforePark(): void {
  if (SPIN_BEFORE_PARK_MS === 0) return;
  const rung = Atomics.load(progress, 1);
  const deadline = performance.now() + SPIN_BEFORE_PARK_MS;
  while (Atomics.load(progress, 1) === rung && performance.now() < deadline) {
    // Busy-wait: returning to the event loop now would park the thread.
  }
}

function die(reason: DeathReason, thrown?: unknown, exitCode: number | null = null): void {
  if (closing) return;
  flush();
  const failure = reason === "close" || reason === "exit" ? null : toFailure(thrown);
  scope.postMessage({ type: "died", reason, failure, exitCode });
  closing = true;
  realClose();
}

async function init(message: InitMessage): Promise<void> {
  setCurrent({ name: message.name, pid: message.pid }, message.registry);
  progress = new Int32Array(message.progress);
  try {
    const loaded = await TaskCatalog.load(message.module);
    if (message.initializer !== null) {
      const result = loaded.resolve(message.initializer).fn(...message.initargs);
      if (isThenable(result)) await result;
    }
    catalog = loaded;
  } catch (error) {
    scope.postMessage({ type: "init-error", failure: toFailure(error) });
    closing = true;
    realClose();
    return;
  }
  drain();
}

// Registered before any await, as module workers require.
scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === "init") {
    void init(message);
    return;
  }
  if (message.shared !== null) {
    const payloads = message.payloads as unknown[];
    for (const i of message.shared) payloads[i] = decodeShared(payloads[i]);
  }
  batches.push(message);
  drain();
};
scope.close = () => die("close");
// Deno.exit() (and node:process's exit(), which calls it) ends a worker without any event in
// the parent: announce it first.
const realExit = Deno.exit;
Deno.exit = (code?: number): never => {
  const exitCode = typeof code === "number" ? code : 0;
  die("exit", undefined, exitCode);
  return realExit(exitCode);
};
scope.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  die("unhandled-rejection", event.reason);
});
scope.addEventListener("error", (event) => {
  event.preventDefault();
  die("uncaught-error", event.error);
});
