/**
 * What a worker's death means for the units it held: which calls reject with what, and which
 * units go back in the queue (those not started, and those with retries left).
 *
 * @module
 */
import { WorkerDiedError } from "../errors.ts";
import type { Death, Executor, Unit } from "../worker/executor.ts";
import { permissionHint } from "../worker/_permission_hint.ts";

const DEATH_REASONS: Record<Death["reason"], string> = {
  "close": "it called close()",
  "exit": "it called Deno.exit() or process.exit()",
  "unhandled-rejection": "an unhandled promise rejection escaped the task",
  "uncaught-error": "an uncaught error escaped the task",
  "init-error": "it could not start",
  "unresponsive": "it kept running a cancelled task past the pool's cancelGrace and was " +
    "replaced (Deno cannot stop a thread stuck in synchronous code, deno#35657: tasks should " +
    'call checkCancelled(), or run with isolation: "process")',
  "crashed": "its process ended unexpectedly",
  "protocol-violation": "it sent a message the pool cannot accept, which breaks the pool's " +
    "protocol (a task forged it, or the worker is corrupted); it was stopped so that no result " +
    "goes to the wrong call",
};

/** Why an executor ended, as a clause: "it called close()". */
export function deathReason(reason: Death["reason"]): string {
  return DEATH_REASONS[reason];
}

/** The worker could not start: its units, and every queued one, reject with why. */
export function failAll(handle: Executor, death: Death, queued: readonly Unit[]): void {
  const message = death.cause instanceof Error ? death.cause.message : String(death.cause);
  const hint = permissionHint(death.cause);
  const error = new Error(`pool worker ${handle.name} could not start: ${message}${hint}`, {
    cause: death.cause,
  });
  for (const unit of [...death.started, ...death.notStarted, ...queued]) {
    unit.owner.rejectUnit(unit.index, error);
  }
}

/**
 * Rejects the started units that have no retries left with `WorkerDiedError`; returns the units
 * to queue again, front first: reruns (they have waited longest), then those never started.
 */
export function unitsToRequeue(handle: Executor, death: Death): Unit[] {
  const why = DEATH_REASONS[death.reason];
  const retried: Unit[] = [];
  death.started.forEach((unit, i) => {
    if (unit.owner.settled) return;
    unit.attempts++;
    if (unit.attempts <= unit.owner.retries) {
      retried.push(unit);
      return;
    }
    const running = i === death.started.length - 1;
    const what = running
      ? `while running task "${unit.ref.name}"`
      : `after finishing task "${unit.ref.name}", before its result was sent back`;
    const tries = unit.attempts > 1 ? ` (on its attempt ${unit.attempts})` : "";
    const error = new WorkerDiedError(`worker ${handle.name} died ${what}${tries}: ${why}`, {
      cause: death.cause,
      taskName: unit.ref.name,
      workerName: handle.name,
      attempts: unit.attempts,
    });
    unit.owner.rejectUnit(unit.index, error);
  });
  return [...retried, ...death.notStarted];
}
