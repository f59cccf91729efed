/**
 * The parts of an executor's job that do not depend on how messages travel: packing units into a
 * `run` message, settling the units a `results` message answers, sorting out the units of one
 * that died, the init message's common fields, and the errors of arguments that cannot travel.
 *
 * @module
 */
import type { Deque } from "../internal/deque.ts";
import type { ExecutorSpec, Unit } from "./executor.ts";
import { fromFailure } from "../wire/failure.ts";
import { getCurrent } from "../internal/threads.ts";
import type {
  ChildInitMessage,
  ResultsMessage,
  RunMessage,
  TaskRef,
  UnitKind,
} from "./protocol.ts";
import { ClassesPending, ClassTravelError } from "../wire/codec.ts";

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
  let keep: number[] | undefined;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    if (unit.keepArguments === true) (keep ??= []).push(i);
    let position = refPositions.get(unit.ref);
    if (position === undefined) {
      position = refs.push(unit.ref) - 1;
      refPositions.set(unit.ref, position);
    }
    refIndex[i] = position;
    kinds[i] = unit.kind;
  }
  const message: RunMessage = { type: "run", refs, refIndex, kinds, payloads, shared };
  return keep === undefined ? message : { ...message, keep };
}

/**
 * Settles the next units of `inflight` from a `results` message, first decoding with `decode`
 * the values at the positions its `shared` field lists (the way they travelled decides how);
 * returns how many units it removed from `inflight`. Units whose sequence number is in
 * `withdrawn` (taken back from the worker, which skipped them) get no value and leave the set;
 * `firstSeq` is the sequence number of `inflight`'s front unit. Everything is decoded before any
 * unit is settled, so a message that cannot be decoded throws without settling any. A value
 * holding an instance of a class that cannot be found here fails its own unit; one whose classes
 * are found once the task module is imported here settles its unit after that import.
 */
export function settleResults(
  inflight: Deque<Unit>,
  message: ResultsMessage,
  decode: (value: unknown) => unknown,
  withdrawn: Set<number> | null = null,
  firstSeq = 0,
): number {
  const values = message.values as unknown[];
  let errors: Map<number, unknown> | null = null;
  let waiting: Map<number, Promise<void>> | null = null;
  for (const i of message.shared ?? []) {
    try {
      values[i] = decode(values[i]);
    } catch (error) {
      if (error instanceof ClassTravelError) (errors ??= new Map()).set(i, error);
      else if (error instanceof ClassesPending) (waiting ??= new Map()).set(i, error.ready);
      else throw error;
    }
  }
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
    const ready = waiting?.get(position);
    if (ready !== undefined) settleLater(unit, ready, values[position], decode);
    else if (errors?.has(position)) unit.owner.rejectUnit(unit.index, errors.get(position));
    else unit.owner.resolveUnit(unit.index, values[position]);
  }
  return count;
}

// Decoding left `raw` untouched when it found a class missing, so it is decoded again once the
// module is imported (then every class is found, or the unit fails saying which is missing).
function settleLater(
  unit: Unit,
  ready: Promise<void>,
  raw: unknown,
  decode: (value: unknown) => unknown,
): void {
  void ready.then(() => {
    if (unit.owner.settled) return;
    try {
      unit.owner.resolveUnit(unit.index, decode(raw));
    } catch (error) {
      unit.owner.rejectUnit(unit.index, error);
    }
  });
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

/** The fields of a new worker's init message that do not depend on how it travels. */
export function initFields(spec: ExecutorSpec, initargs: readonly unknown[]): ChildInitMessage {
  const { name, module, initializer } = spec;
  return { type: "init", module, initializer, initargs, name, parent: getCurrent() };
}

/**
 * The error a unit fails with when its arguments cannot be sent `to` a worker (`"a worker"`),
 * saying how they travel (`travel`, as `"structured clone"`) when that is what went wrong.
 */
export function argumentError(
  unit: Unit,
  error: unknown,
  to: string,
  travel: string | null,
): TypeError {
  const reason = error instanceof Error ? error.message : String(error);
  const how = travel === null
    ? ""
    : `. Arguments travel by ${travel}: pass data, not functions or symbols`;
  return new TypeError(
    `the arguments of task "${unit.ref.name}" cannot be sent to ${to}: ${reason}${how}`,
    { cause: error },
  );
}

/** The error a new executor throws when its initargs cannot be sent `to` its worker. */
export function initargsError(error: unknown, to: string, travel: string): TypeError {
  const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
  return new TypeError(
    `the initializer's arguments (initargs) cannot be sent to ${to}: ${reason}. ` +
      `They travel as task arguments do, by ${travel}: pass data, not functions or symbols`,
    { cause: error },
  );
}
