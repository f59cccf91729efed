/**
 * How the units sent in one tick become task entries: `apply` units of the same task and retry
 * budget share one batch entry, each `map`/`starmap` chunk is an entry of its own. Encoding is
 * all-or-nothing per entry, so a batch that fails is encoded again unit by unit: only the units
 * whose values cannot cross fail, each with its own error.
 *
 * @module
 */
import type { TaskEnvelope } from "./broker.ts";
import { type EncodeOptions, encodeTask, type TaskSource, type WireTask } from "./wire.ts";
import type { Unit } from "../worker/executor.ts";
import { type TaskRef, UnitKind } from "../worker/protocol.ts";

/** A unit sent, with the call id its reply carries. */
export interface Outgoing {
  readonly unit: Unit;
  /** The owner's call id (one per owner, so a map's chunks share it). */
  readonly call: number;
}

/** One entry to enqueue, or the units that could not be encoded. */
export interface Encoded {
  readonly envelope: TaskEnvelope | null;
  /** `${call}:${chunk}` of the entry: the first reply carrying it settles the entry. */
  /** The task it carries, as grouped (a recovery sends it again). */
  readonly task: WireTask;
  readonly key: string;
  /** The units the entry carries (those it answers). */
  readonly units: readonly Outgoing[];
  /** Units that cannot travel, with why. */
  readonly failed: ReadonlyArray<readonly [Outgoing, Error]>;
}

/** What every entry of a pool says besides its units: its module and its initializer. */
export interface PoolTaskContext {
  readonly module: string | null;
  readonly initializer: TaskRef | null;
  readonly initargs: readonly unknown[];
}

/**
 * Where a worker finds the task `ref` names: an export of the pool's module by name (a task
 * given as a string), or a function's name and source text (with the module when the pool has
 * one). The worker takes a function as the module's export only when it is that export (as a
 * local Pool's worker does), and otherwise compiles it, if started with `--allow-source`.
 */
export function taskSource(ref: TaskRef, module: string | null): TaskSource {
  const { name, source, twins } = ref;
  // A name without a module cannot be sent (taskRef refuses it first): encodeTask refuses the
  // empty source, failing only its units, should one ever get here.
  if (source === "" && module !== null) return { module, name };
  const task = module === null ? { source, name } : { module, name, source };
  return twins ? { ...task, twins } : task;
}

/** Groups `outgoing` into the tasks of as few entries as the wire allows, in order. */
export function groupTasks(
  outgoing: readonly Outgoing[],
  context: PoolTaskContext,
  nextBatchId: () => number,
): Array<{ task: WireTask; units: Outgoing[] }> {
  const { module } = context;
  const init = context.initializer === null
    ? {}
    : { initializer: taskSource(context.initializer, module), initargs: context.initargs };
  const groups: Array<{ task: WireTask; units: Outgoing[] }> = [];
  const batches = new Map<string, Batch>();
  for (const item of outgoing) {
    const { unit } = item;
    const task = taskSource(unit.ref, module);
    const retries = unit.owner.retries;
    const timeout = finiteTimeout(unit);
    if (unit.kind === UnitKind.Apply) {
      const key = `${JSON.stringify(task)}|${retries}|${timeout}`;
      let batch = batches.get(key);
      if (batch === undefined) batches.set(key, batch = { task, retries, timeout, units: [] });
      batch.units.push(item);
      continue;
    }
    const kind = unit.kind === UnitKind.Starmap ? "starmap" : "map";
    const items = unit.payload as unknown[];
    groups.push({
      task: {
        kind,
        call: item.call,
        chunk: unit.index,
        task,
        retries,
        ...(timeout === undefined ? {} : { timeout }),
        items,
        ...init,
      } as WireTask,
      units: [item],
    });
  }
  for (const batch of batches.values()) groups.push(applyGroup(batch, nextBatchId(), init));
  return groups;
}

/** `apply` units that travel in one entry: the same task, retries and timeout. */
interface Batch {
  readonly task: TaskSource;
  readonly retries: number;
  readonly timeout: number | undefined;
  readonly units: Outgoing[];
}

/** The unit's call timeout for the wire, or undefined for none (the worker enforces it). */
function finiteTimeout(unit: Unit): number | undefined {
  const timeout = unit.owner.timeout;
  return timeout === undefined || timeout === Infinity ? undefined : timeout;
}

type Init = Pick<WireTask, "initializer" | "initargs">;

function applyGroup(batch: Batch, id: number, init: Init): { task: WireTask; units: Outgoing[] } {
  const units = batch.units.map((item) => ({
    call: item.call,
    args: item.unit.payload as unknown[],
  }));
  return {
    task: {
      kind: "apply",
      call: id,
      chunk: 0,
      task: batch.task,
      retries: batch.retries,
      ...(batch.timeout === undefined ? {} : { timeout: batch.timeout }),
      units,
      ...init,
    },
    units: batch.units,
  };
}

/**
 * Encodes one grouped task. When a batch of several units fails, each unit is encoded alone,
 * so that only those that cannot travel fail.
 */
export async function encodeGroup(
  group: { task: WireTask; units: Outgoing[] },
  pool: string,
  options: EncodeOptions,
  nextBatchId: () => number,
): Promise<Encoded[]> {
  const key = `${group.task.call}:${group.task.chunk}`;
  try {
    const envelope = await encodeTask(group.task, pool, options);
    return [{ envelope, key, task: group.task, units: group.units, failed: [] }];
  } catch (error) {
    const task = group.task;
    if (task.kind !== "apply" || task.units.length === 1) {
      const failed: Array<[Outgoing, Error]> = [[group.units[0]!, asError(error)]];
      return [{ envelope: null, key, task: group.task, units: [], failed }];
    }
    const single = group.units.map((item) =>
      applyGroup(
        { task: task.task, retries: task.retries ?? 0, timeout: task.timeout, units: [item] },
        nextBatchId(),
        task.initializer === undefined
          ? {}
          : { initializer: task.initializer, initargs: task.initargs! },
      )
    );
    const encoded = await Promise.all(
      single.map((one) => encodeGroup(one, pool, options, nextBatchId)),
    );
    return encoded.flat();
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
