/**
 * The parts of an executor's job that do not depend on how messages travel: packing units into a
 * `run` message, settling the units a `results` message answers, and turning a worker's other
 * messages into a death.
 *
 * @module
 */
import type { Deque } from "./deque.ts";
import type { Death, Unit } from "./executor.ts";
import { fromFailure } from "./failure.ts";
import type { FromWorker, ResultsMessage, RunMessage, TaskRef, UnitKind } from "./protocol.ts";

/** One `run` message for `units`, whose payloads are already encoded for the way they travel. */
export function runMessage(
  units: readonly Unit[],
  payloads: unknown[],
  shared: number[] | null,
): RunMessage {
  const refs: TaskRef[] = [];
  const refPositions = new Map<TaskRef, number>();
  const refIndex: number[] = new Array(units.length);
  const kinds: UnitKind[] = new Array(units.length);
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    let position = refPositions.get(unit.ref);
    if (position === undefined) {
      position = refs.push(unit.ref) - 1;
      refPositions.set(unit.ref, position);
    }
    refIndex[i] = position;
    kinds[i] = unit.kind;
  }
  return { type: "run", refs, refIndex, kinds, payloads, shared };
}

/**
 * Settles the next units of `inflight` from a `results` message, first decoding with `decode`
 * the values at the positions its `shared` field lists (the way they travelled decides how);
 * returns how many units it answered.
 */
export function settleResults(
  inflight: Deque<Unit>,
  message: ResultsMessage,
  decode: (value: unknown) => unknown,
): number {
  const values = message.values as unknown[];
  if (message.shared !== null) {
    for (const i of message.shared) values[i] = decode(values[i]);
  }
  const failures = message.failures;
  let nextFailure = 0;
  for (let i = 0; i < values.length; i++) {
    const unit = inflight.shift()!;
    const failure = failures?.[nextFailure];
    if (failure !== undefined && failure[0] === i) {
      nextFailure++;
      if (!unit.owner.settled) unit.owner.rejectUnit(unit.index, fromFailure(failure[1]));
    } else if (!unit.owner.settled) {
      unit.owner.resolveUnit(unit.index, values[i]);
    }
  }
  return values.length;
}

/** Reports an `init-error` or `died` message as the executor's death. */
export function reportEnd(
  message: Exclude<FromWorker, { type: "results" }>,
  kill: (reason: Death["reason"], cause: unknown, exitCode?: number | null) => void,
): void {
  if (message.type === "init-error") {
    kill("init-error", fromFailure(message.failure));
    return;
  }
  kill(
    message.reason,
    message.failure === null ? null : fromFailure(message.failure),
    message.exitCode,
  );
}
