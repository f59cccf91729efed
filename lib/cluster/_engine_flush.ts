/**
 * A cluster pool's flush: what the slots posted in one tick goes into the task stream as few
 * entries. The units are grouped into tasks (`_engine_entries.ts`), a task no live worker would
 * take fails at once (`_engine_workers.ts`), the rest are encoded (storing large values as blobs)
 * and enqueued behind a refresh of the pool's liveness key; an entry whose calls were cancelled
 * while it was encoded or enqueued is not sent, or withdrawn once it has its id.
 *
 * Separate from `engine.ts` because it is the longest path of the pool, with its own failures
 * (no connection, a blob that cannot be stored, an enqueue that fails), each delivered to the
 * units it concerns; the engine only decides when to flush and what is in the outbox.
 *
 * @module
 */
import type { Broker } from "./broker.ts";
import type { ClusterSettings } from "./options.ts";
import type { BlobCache, EncodeOptions } from "./wire.ts";
import { type Encoded, encodeGroup, groupTasks, type PoolTaskContext } from "./_engine_entries.ts";
import type { BrokerLink } from "./_engine_link.ts";
import { connectionLost } from "./_engine_replies.ts";
import type { WorkerWatch } from "./_engine_workers.ts";
import { type Entry, failEntries, type Posted } from "./_engine_settle.ts";
import type { Unit } from "../worker/executor.ts";

/** What a flush reads and changes of its pool. */
export interface FlushHost {
  readonly pool: string;
  readonly module: string | null;
  readonly settings: ClusterSettings;
  readonly blobCache: BlobCache;
  readonly link: BrokerLink;
  readonly workers: WorkerWatch;
  /** Entries not answered yet, by `${call}:${chunk}`: the flush adds those it sends. */
  readonly entries: Map<string, Entry>;
  /** A new id for a batch entry, from the counter the calls' ids come from too. */
  nextId(): number;
  /** Entries were enqueued: the reply loop reads while they wait. */
  wake(): void;
}

/** A task as grouped, with the units it carries. */
type Group = ReturnType<typeof groupTasks>[number];

/** Sends `outgoing` (the outbox of one tick) as entries; every failure goes to its units. */
export async function flushOutbox(outgoing: readonly Posted[], host: FlushHost): Promise<void> {
  let broker: Broker;
  try {
    broker = await host.link.broker();
  } catch (error) {
    for (const posted of outgoing) posted.slot.deliver(posted.seq, { error });
    return;
  }
  const nextId = (): number => host.nextId();
  const options: EncodeOptions = {
    blobThreshold: host.settings.blobThreshold,
    maxEntryBytes: host.settings.maxEntryBytes,
    blobCache: host.blobCache,
    putBlob: (bytes, ttlMs) => broker.putBlob(bytes, ttlMs),
  };
  // Every slot of the pool has the pool's spec: its initializer and initargs.
  const { initializer, initargs } = outgoing[0]!.slot.spec;
  const context: PoolTaskContext = { module: host.module, initializer, initargs };
  const byUnit = new Map(outgoing.map((posted) => [posted.unit, posted]));
  await host.workers.current();
  const groups = await acceptedGroups(groupTasks(outgoing, context, nextId), byUnit, host.workers);
  let encoded: Encoded[];
  try {
    encoded = (await Promise.all(
      groups.map((group) => encodeGroup(group, host.pool, options, nextId)),
    )).flat();
  } catch (error) {
    // putBlob failed: the server is gone.
    const lost = connectionLost(host.settings.url, error, "could not store an argument");
    for (const posted of outgoing) posted.slot.deliver(posted.seq, { error: lost });
    return;
  }
  const sending: Array<{ key: string; entry: Entry; encoded: Encoded }> = [];
  for (const one of encoded) {
    for (const [item, error] of one.failed) {
      const posted = byUnit.get(item.unit)!;
      posted.slot.deliver(posted.seq, { error });
    }
    if (one.envelope === null) continue;
    const units = one.units.map((item) => byUnit.get(item.unit)!);
    // Units cancelled while their values were encoded are not sent.
    if (units.every((posted) => posted.unit.owner.settled)) continue;
    const entry: Entry = { id: null, task: one.task, units, withdrawn: false };
    const key = one.key;
    host.entries.set(key, entry);
    sending.push({ key, entry, encoded: one });
  }
  if (sending.length === 0) return;
  // The liveness key goes first on the same connection (a server that lost it takes no entry
  // of ours for a dead pool's), and a key found gone starts a recovery.
  host.link.refresh(broker);
  let ids: string[];
  try {
    ids = await broker.enqueue(sending.map((one) => one.encoded.envelope!));
  } catch (error) {
    const lost = connectionLost(host.settings.url, error, "could not send the task");
    failEntries(host.entries, sending.map((one) => one.key), lost);
    return;
  }
  const withdraw: string[] = [];
  sending.forEach((one, i) => {
    one.entry.id = ids[i]!;
    if (one.entry.withdrawn) withdraw.push(ids[i]!);
  });
  if (withdraw.length > 0) void broker.withdraw(withdraw).catch(() => {});
  host.wake();
}

/**
 * The groups some live worker would run, in order. A task no live worker would take fails now,
 * rather than wait in the stream for ever: its units get the refusal.
 */
async function acceptedGroups(
  grouped: readonly Group[],
  byUnit: ReadonlyMap<Unit, Posted>,
  workers: WorkerWatch,
): Promise<Group[]> {
  const groups: Group[] = [];
  for (const group of grouped) {
    const refusal = await workers.refusal(group.task.task) ??
      (group.task.initializer === undefined ? null : await workers.refusal(group.task.initializer));
    if (refusal === null) {
      groups.push(group);
      continue;
    }
    for (const item of group.units) {
      const posted = byUnit.get(item.unit)!;
      posted.slot.deliver(posted.seq, { error: refusal });
    }
  }
  return groups;
}
