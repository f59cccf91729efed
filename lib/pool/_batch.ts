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
 * returns how many units it removed from `inflight`. Units whose sequence number is in
 * `withdrawn` (taken back from the worker, which skipped them) get no value and leave the set;
 * `firstSeq` is the sequence number of `inflight`'s front unit. Everything is decoded before any
 * unit is settled, so a message that cannot be decoded throws without settling any.
 */
export function settleResults(
  inflight: Deque<Unit>,
  message: ResultsMessage,
  decode: (value: unknown) => unknown,
  withdrawn: Set<number> | null = null,
  firstSeq = 0,
): number {
  const values = message.values as unknown[];
  if (message.shared !== null) {
    for (const i of message.shared) values[i] = decode(values[i]);
  }
  let errors: Map<number, unknown> | null = null;
  for (const [position, failure] of message.failures ?? []) {
    (errors ??= new Map()).set(position, fromFailure(failure));
  }
  const count = values.length + (withdrawn === null ? 0 : message.skipped);
  let next = 0;
  for (let i = 0; i < count; i++) {
    const unit = inflight.shift()!;
    if (withdrawn !== null && withdrawn.delete(firstSeq + i)) continue;
    const position = next++;
    if (unit.owner.settled) continue;
    if (errors?.has(position)) unit.owner.rejectUnit(unit.index, errors.get(position));
    else unit.owner.resolveUnit(unit.index, values[position]);
  }
  return count;
}

/** Reports an `init-error` or `died` message as the executor's death. */
export function reportEnd(
  message: Exclude<FromWorker, { type: "results" | "ready" }>,
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

/**
 * Empties `inflight` after its executor died and splits its units by whether they had started:
 * the first `passed` (counted from unit `answered`, the front) had; units in `withdrawn` were
 * taken back, never ran there and went elsewhere, so they are in neither list.
 */
export function splitUnanswered(
  inflight: Deque<Unit>,
  answered: number,
  passed: number,
  withdrawn: Set<number>,
): { started: Unit[]; notStarted: Unit[] } {
  const started: Unit[] = [];
  const notStarted: Unit[] = [];
  inflight.drain().forEach((unit, offset) => {
    if (withdrawn.has(answered + offset)) return;
    (offset < passed - answered ? started : notStarted).push(unit);
  });
  withdrawn.clear();
  return { started, notStarted };
}
