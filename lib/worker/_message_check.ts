/**
 * Checks a message from a worker thread (or child process) against what its parent expects of
 * that worker, before anything acts on it. A task in a sandboxed worker runs in the same thread as the worker's own
 * code: whatever arrives is checked, so a malformed or forged message costs only its worker.
 *
 * @module
 */
import type { DeathReason, Failure } from "./protocol.ts";

/** What the parent knows of a worker when a message arrives. */
export interface WorkerExpectation {
  /** Sequence number of the first unanswered unit. */
  readonly answered: number;
  /** Units sent and not answered (taken-back ones included). */
  readonly unanswered: number;
  /** Units the worker has passed by its control block: started, or skipped. */
  readonly passed: number;
  /** How many of the units `first`..`first + count - 1` were taken back. */
  withdrawnIn(first: number, count: number): number;
}

const DEATH_REASONS: ReadonlySet<DeathReason> = new Set<DeathReason>([
  "close",
  "exit",
  "unhandled-rejection",
  "uncaught-error",
]);

/**
 * What is wrong with `message` as a message from a worker in the state `expect` describes, or
 * `null` if it is a well-formed `results`, `ready`, `init-error` or `died` message that fits.
 */
export function messageFault(message: unknown, expect: WorkerExpectation): string | null {
  if (!isRecord(message)) return `a ${describe(message)} instead of a message object`;
  switch (message.type) {
    case "results":
      return resultsFault(message, expect);
    case "ready":
      // Not checked against units started: a child's I/O thread may announce a start first.
      return null;
    case "init-error":
      if (expect.answered > 0 || expect.passed > 0) {
        return "an init-error after it had started running units";
      }
      return failureFault(message.failure, "init-error failure");
    case "died":
      if (!DEATH_REASONS.has(message.reason as DeathReason)) {
        return `a died message with unknown reason ${describe(message.reason)}`;
      }
      if (message.failure !== null) {
        const fault = failureFault(message.failure, "died failure");
        if (fault !== null) return fault;
      }
      if (message.exitCode !== null && !Number.isInteger(message.exitCode)) {
        return `a died message with exit code ${describe(message.exitCode)}`;
      }
      return null;
    default:
      return `a message of unknown type ${describe(message.type)}`;
  }
}

function resultsFault(message: Record<string, unknown>, expect: WorkerExpectation): string | null {
  const { values, skipped, first, failures, shared, busyMs } = message;
  if (!Array.isArray(values)) return `results whose values are a ${describe(values)}`;
  if (!isCount(skipped)) return `results with skipped = ${describe(skipped)}`;
  if (first !== expect.answered) {
    return `results for units from #${describe(first)} when #${expect.answered} was next`;
  }
  const count = values.length + skipped;
  const started = expect.passed - expect.answered;
  if (count === 0 || count > Math.min(started, expect.unanswered)) {
    return `results for ${count} unit(s) when it had started ${started} unanswered one(s)`;
  }
  const withdrawn = expect.withdrawnIn(expect.answered, count);
  if (withdrawn !== skipped) {
    return `results skipping ${skipped} unit(s) where ${withdrawn} had been taken back`;
  }
  if (typeof busyMs !== "number" || !(busyMs >= 0) || busyMs === Infinity) {
    return `results with busyMs = ${describe(busyMs)}`;
  }
  const sharedFault = positionsFault(shared, values.length, "shared");
  if (sharedFault !== null) return sharedFault;
  if (failures === null) return null;
  if (!Array.isArray(failures)) return `results whose failures are a ${describe(failures)}`;
  let last = -1;
  for (const entry of failures) {
    if (!Array.isArray(entry) || entry.length !== 2) return "a failure entry that is not a pair";
    const position = entry[0];
    if (!isCount(position) || position <= last || position >= values.length) {
      return `a failure at position ${describe(position)} of ${values.length} value(s)`;
    }
    last = position;
    const fault = failureFault(entry[1], "task failure");
    if (fault !== null) return fault;
  }
  return null;
}

function positionsFault(positions: unknown, length: number, what: string): string | null {
  if (positions === null) return null;
  if (!Array.isArray(positions)) return `results whose ${what} is a ${describe(positions)}`;
  let last = -1;
  for (const position of positions) {
    if (!isCount(position) || position <= last || position >= length) {
      return `results with ${what} position ${describe(position)} of ${length} value(s)`;
    }
    last = position;
  }
  return null;
}

function failureFault(failure: unknown, what: string): string | null {
  if (!isRecord(failure) || typeof (failure as Partial<Failure>).encoded !== "boolean") {
    return `a ${what} that is a ${describe(failure)}, not a failure record`;
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "string") return JSON.stringify(value.slice(0, 40));
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value;
}

/** What a pool knows of a child process when its `taken-back` answer arrives. */
export interface TakeBackExpectation {
  /** Sequence number of the first unanswered unit. */
  readonly answered: number;
  /** Units the child announced it passed (`started` frames). */
  readonly passed: number;
  /** The units asked back, `from`..`to`; `null` if no request is outstanding. */
  readonly requested: { readonly from: number; readonly to: number } | null;
  /** Whether unit `seq` was taken back before. */
  withdrawn(seq: number): boolean;
}

/**
 * What is wrong with `message` as a child's answer to a take-back request, or `null` if it
 * lists, ascending, only units that were asked back, are unanswered, not announced as started,
 * and not taken back already.
 */
export function takenBackFault(message: unknown, expect: TakeBackExpectation): string | null {
  if (!isRecord(message) || message.type !== "taken-back") {
    return `a ${describe(message)} instead of a taken-back message`;
  }
  if (expect.requested === null) return "a taken-back message when none was asked for";
  const { seqs } = message;
  if (!Array.isArray(seqs)) return `a taken-back message whose seqs are a ${describe(seqs)}`;
  const lowest = Math.max(expect.requested.from, expect.answered, expect.passed);
  let last = -1;
  for (const seq of seqs) {
    if (!isCount(seq) || seq <= last || seq < lowest || seq > expect.requested.to) {
      return `units taken back up to #${describe(seq)} when units #${lowest} to ` +
        `#${expect.requested.to} could be`;
    }
    if (expect.withdrawn(seq)) return `unit #${seq} taken back twice`;
    // The child takes back from the newest unit down and stops at the first started one.
    if (last >= 0 && seq !== last + 1) return `units taken back with a gap before #${seq}`;
    last = seq;
  }
  if (seqs.length > 0 && last !== expect.requested.to) {
    return `units taken back up to #${last} when #${expect.requested.to} was asked for first`;
  }
  return null;
}

/** Whether `value` looks like a child's `taken-back` message (checked by {@linkcode takenBackFault}). */
export function isTakenBack(value: unknown): value is { type: "taken-back"; seqs: unknown } {
  return typeof value === "object" && value !== null &&
    (value as { type?: unknown }).type === "taken-back";
}

/** Whether `value` is a child's `started` message with an integer count. */
export function isStarted(value: unknown): value is { type: "started"; count: number } {
  if (typeof value !== "object" || value === null) return false;
  const { type, count } = value as { type?: unknown; count?: unknown };
  return type === "started" && Number.isInteger(count);
}
