// Per-thread state of the task a worker is running, kept apart from the public
// `current_task.ts` so the setters are not re-exported by mod.ts. The runner and user code
// import this same file, so both see one copy.
import { AbortError, TimeoutError } from "../errors.ts";
import { CancelReason } from "./control_block.ts";

type CancelProbe = (seq: number) => CancelReason;

let probe: CancelProbe | null = null;
let currentSeq = -1;
let currentName: string | null = null;
// Made only when a task asks for its signal: most tasks never do, and a controller per unit
// would cost tiny tasks more than their work.
let controller: AbortController | null = null;
const neverAborted = new AbortController().signal;

/** Installs how this thread learns that unit `seq` was cancelled (its control block). */
export function setCancelProbe(next: CancelProbe): void {
  probe = next;
}

/** The runner starts unit `seq` of task `name`. */
export function beginTask(seq: number, name: string): void {
  currentSeq = seq;
  currentName = name;
  controller = null;
}

/** The runner finished the current unit. */
export function endTask(): void {
  currentSeq = -1;
  currentName = null;
  controller = null;
}

/** The name of the running task, or `null` outside one. */
export function runningTaskName(): string | null {
  return currentName;
}

/** The error a task cancelled for `reason` is stopped with. */
export function cancellationError(reason: CancelReason, name: string | null): Error {
  const what = `task "${name ?? "anonymous"}"`;
  return reason === CancelReason.Timeout
    ? new TimeoutError(`${what} ran past its call's timeout and was cancelled`)
    : new AbortError(`${what} was cancelled: its call was aborted`);
}

/** Why the running unit was cancelled; `None` outside a task or when it was not. */
export function currentCancelReason(): CancelReason {
  return currentSeq < 0 || probe === null ? CancelReason.None : probe(currentSeq);
}

/** Aborts the running unit's signal if it is unit `seq` (a cancel message reached the thread). */
export function abortIfCurrent(seq: number, reason: CancelReason): void {
  if (seq === currentSeq && controller !== null && !controller.signal.aborted) {
    controller.abort(cancellationError(reason, currentName));
  }
}

/** The running unit's signal, aborted already if its cancellation is in shared memory. */
export function currentSignal(): AbortSignal {
  if (currentSeq < 0) return neverAborted;
  controller ??= new AbortController();
  const reason = currentCancelReason();
  if (reason !== CancelReason.None && !controller.signal.aborted) {
    controller.abort(cancellationError(reason, currentName));
  }
  return controller.signal;
}
