/**
 * The script every pool worker and Process thread runs: a {@linkcode Runner} whose messages
 * travel by `postMessage` and whose cancellations are read from the control block shared with
 * the parent. It announces its own death, since the parent gets no event when a worker closes
 * itself.
 *
 * @module
 */
import { installEntryHooks, startFromInit } from "./_entry_hooks.ts";
import { decodeForTask, decodeShared, encodeShared } from "../wire/codec.ts";
import "./_revivers.ts";
import { type Failure, type FromWorker, type ToWorker, UnitKind } from "./protocol.ts";
import { Runner } from "./runner.ts";
import {
  CancelReason,
  cancelReasonOf,
  claimUnit,
  type ControlBlock,
  doorbell,
  newControlBlock,
} from "./control_block.ts";
import { abortIfCurrent, setCancelProbe } from "./_task_state.ts";
import { decodeOrDefer } from "./_undecoded.ts";
import { toFailure } from "../wire/failure.ts";
import { preloadNodeV8 } from "../wire/_node_v8.ts";
import { packPlainResults, type PlainResults } from "./_plain_results.ts";
import { type PlainRun, unpackPlainRun } from "./_plain_run.ts";

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker | PlainResults, transfer?: Transferable[]): void;
  close(): void;
}

// After its last result, an idle worker watches the doorbell this long before parking: on a
// virtual machine, waking a parked thread on a halted vCPU costs tens of µs, so a next batch
// that arrives while the thread still runs is answered that much sooner. With a single usable
// core the spin would only take the CPU from the thread about to send, so it is off.
const SPIN_BEFORE_PARK_MS = navigator.hardwareConcurrency > 1 ? 0.05 : 0;
// A spin that sees no ring backs off: the next 1, 2, 4, ... 64 idles park at once. Measured on
// this 2-vCPU VM, same run, one awaited apply() at a time: with the other vCPU free the spin
// saves ~13 µs a trip (34 against 47 µs), but with it busy with other processes the spinning
// thread holds the core the parent needs to wake up on, and an unconditional spin made trips
// 2-2.7x longer (83-131 against 30-66 µs). The parent's ring then comes after the spin ends.
const MAX_SPIN_BACKOFF = 64;

const scope = globalThis as unknown as WorkerScope;
const realClose = scope.close.bind(scope);
let control: ControlBlock = newControlBlock();
let unitsReceived = 0;
// The channel to the parent, from the init message. Module-private, and its methods captured
// before any task module loads: task code can call the global postMessage, but the parent
// treats anything arriving there as a violation, and it cannot reach this port.
let port: MessagePort | null = null;
// The pool's module: instances of its classes travel as instances (see wire/_class_space.ts).
let taskModule: string | null = null;
const portPost = MessagePort.prototype.postMessage;
const callMethod = Reflect.apply;

function postOnPort(message: FromWorker | PlainResults, transfer?: Transferable[]): void {
  if (port === null) {
    // Only a death before init can get here: the parent stops a worker that posts this way,
    // which is what a death calls for anyway.
    scope.postMessage(message);
    return;
  }
  callMethod(portPost, port, transfer === undefined ? [message] : [message, transfer]);
}

function post(message: FromWorker, send: typeof postOnPort = postOnPort): void {
  if (message.type !== "results") {
    send(message);
    return;
  }
  let shared: number[] | null = null;
  let failures: Array<readonly [number, Failure]> | null = null;
  const transfer: Transferable[] = [];
  const values = message.values as unknown[];
  for (let i = 0; i < values.length; i++) {
    let encoded: unknown;
    try {
      encoded = encodeShared(values[i], transfer, taskModule);
    } catch (error) {
      // A result that cannot be sent (an instance of a class the parent cannot find) fails its
      // own unit.
      (failures ??= [...(message.failures ?? [])]).push([i, toFailure(error)]);
      values[i] = undefined;
      continue;
    }
    if (encoded !== values[i]) {
      values[i] = encoded;
      (shared ??= []).push(i);
    }
  }
  if (failures !== null) failures.sort((a, b) => a[0] - b[0]);
  const sent = shared === null && failures === null
    ? message
    : { ...message, shared, failures: failures ?? message.failures };
  if (transfer.length === 0) send(packPlainResults(sent) ?? sent);
  else send(sent, transfer);
}

let spinBackoff = 0;
let idlesToSkip = 0;
// `run` messages received on the port. The parent rings the doorbell once after posting each
// one, so a doorbell ahead of this count means the next batch is already queued. Compared
// rather than sampled at the start of the spin: a parent that answers at once may ring before
// this thread reads the doorbell (a thread woken by the results it posted can preempt it), and
// a sampled value would hide that ring for the whole spin. Both counts wrap as int32.
let runsReceived = 0;

/** Rung-for `run` messages not received yet (0 when none; a ring may trail its message). */
function runsQueued(): number {
  return Math.max(0, (doorbell(control) - runsReceived) | 0);
}

function spinBeforePark(): void {
  if (SPIN_BEFORE_PARK_MS === 0) return;
  // The next batch is already queued: the event loop takes it at once.
  if (runsQueued() > 0) return;
  if (idlesToSkip > 0) {
    idlesToSkip--;
    return;
  }
  const deadline = performance.now() + SPIN_BEFORE_PARK_MS;
  while (runsQueued() === 0) {
    // Busy-wait: returning to the event loop now would park the thread.
    if (performance.now() >= deadline) {
      spinBackoff = Math.min(MAX_SPIN_BACKOFF, spinBackoff === 0 ? 1 : 2 * spinBackoff);
      idlesToSkip = spinBackoff;
      return;
    }
  }
  spinBackoff = 0;
}

const cancelReason = (seq: number): CancelReason => cancelReasonOf(control, seq);
const runner = new Runner({
  post,
  end: realClose,
  startUnit: () => {
    const seq = unitsReceived++;
    return claimUnit(control, seq) ? seq : null;
  },
  cancelReason,
  idle: spinBeforePark,
});

/**
 * Runs a trivial unit (`() => 0`, compiled from its source as a Process's target is) through a
 * runner of its own whose messages go nowhere, before this worker has its init message: a warm
 * spare does so while it waits (`_spare_entry.ts`). A fresh thread compiles each function the
 * first time it runs it, and a Process's start → join runs dozens for the first time (the
 * runner's loop, the task's compilation, the result's encoding): a few milliseconds, now spent
 * before the spare is counted as ready. It leaves nothing behind: no global, no message, and
 * this thread's cancellation probe is its runner's again.
 */
export async function warmUp(): Promise<void> {
  if (port !== null) return;
  const discard = (): void => {};
  let last: unknown = null;
  const warming = new Runner({
    post: (message) => post(message, (sent) => last = sent),
    end: discard,
    startUnit: () => 0,
    cancelReason: () => CancelReason.None,
    idle: discard,
  });
  setCancelProbe(cancelReason);
  await warming.init(null, null, []);
  const ref = { name: "warmUp", source: "() => 0" };
  const batch = { type: "run", refs: [ref], refIndex: [0], kinds: [UnitKind.Apply] } as const;
  warming.enqueue({ ...batch, payloads: [[]], shared: null });
  // Its results through a channel of its own, as a Process's go: sent, received, dispatched.
  const { port1, port2 } = new MessageChannel();
  const received = new Promise<void>((resolve) => port1.onmessage = () => resolve());
  port2.postMessage(last);
  await received;
  port1.close();
  port2.close();
}

function receive(event: MessageEvent<ToWorker | PlainRun>): void {
  const message = unpackPlainRun(event.data);
  switch (message.type) {
    case "cancel":
      abortIfCurrent(message.seq, message.reason);
      return;
    case "run":
      // Counted before it runs: the runner goes idle, and watches the doorbell, inside enqueue.
      runsReceived = (runsReceived + 1) | 0;
      if (message.shared !== null) {
        const payloads = message.payloads as unknown[];
        const releases: Array<(() => void) | null> = [];
        for (const i of message.shared) {
          // A Process's arguments are released when its worker ends, not when the target returns.
          const keep = message.keep?.includes(i) ?? false;
          payloads[i] = decodeOrDefer(payloads[i], (value) => {
            const revived = decodeForTask(value, taskModule);
            releases[i] = keep ? null : revived.release;
            return revived.value;
          });
        }
        runner.enqueue({ ...message, releases });
      } else runner.enqueue(message);
  }
}

// Registered before any await, as module workers require. Only the init message comes this
// way; everything after it travels on the port it brings.
scope.onmessage = (event) => {
  const message = event.data;
  if (message.type !== "init" || port !== null) return;
  scope.onmessage = null;
  control = new Int32Array(message.control);
  port = message.port;
  taskModule = message.module;
  port.onmessage = receive;
  // Decoded whether or not the parent encoded them: harmless on plain data, and done once.
  const decode = (value: unknown): unknown => decodeShared(value, taskModule);
  startFromInit(runner, message, message.pid, message.registry, decode);
};
// Before any task code runs.
installEntryHooks(runner);
// A Queue a task receives reads and writes node:v8 bytes at once: loaded in the background
// here, so that loading it does not delay the script's start.
preloadNodeV8();
