/**
 * How the entries a cluster pool waits for end: settled by the first reply that answers them
 * (delivering its value, its error or each unit's outcome to the slots), or failed all at once
 * when the server is lost. A reply that cannot be read fails the call its header names, or is
 * dropped aloud when not even the header can be read.
 *
 * Separate from `engine.ts` because several parts of the pool settle entries — the reply loop,
 * a recovery after a restart, a flush whose send failed — while the engine only owns them.
 *
 * @module
 */
import type { Broker } from "./broker.ts";
import type { ClusterExecutor } from "./cluster_executor.ts";
import type { ClusterSettings } from "./options.ts";
import { decodeReply, type WireReply, type WireTask } from "./wire.ts";
import type { Outgoing } from "./_engine_entries.ts";
import { replyKey } from "./_engine_replies.ts";

/** A unit on its way, with its slot and sequence number there. */
export interface Posted extends Outgoing {
  readonly slot: ClusterExecutor;
  readonly seq: number;
}

/** One entry in the stream: its id once enqueued, and the units it answers. */
export interface Entry {
  id: string | null;
  /** What it carries: sent again as is (but its retries) if the server loses it. */
  readonly task: WireTask;
  readonly units: Posted[];
  withdrawn: boolean;
}

/** What settling a reply reads of its pool. */
export interface SettleHost {
  /** The pool's id, named when a reply is dropped. */
  readonly pool: string;
  /** The pool's module, where the classes of a reply's values are looked up. */
  readonly module: string | null;
  /** The cluster's settings: a reply's size is bounded by its `maxEntryBytes`. */
  readonly settings: ClusterSettings;
  /** Entries not answered yet, by `${call}:${chunk}`: the first reply takes its entry out. */
  readonly entries: Map<string, Entry>;
  broker(): Promise<Broker>;
}

/** Rejects the units of the entries `keys` with `error` and forgets the entries. */
export function failEntries(
  entries: Map<string, Entry>,
  keys: readonly string[],
  error: unknown,
): void {
  for (const key of keys) {
    const entry = entries.get(key);
    if (entry === undefined) continue;
    entries.delete(key);
    for (const posted of entry.units) posted.slot.deliver(posted.seq, { error });
  }
}

/** Settles the entry a reply answers, if it is the first reply for it. */
export async function settleReply(body: Uint8Array, host: SettleHost): Promise<void> {
  let reply: WireReply;
  try {
    const broker = await host.broker();
    reply = await decodeReply(body, {
      maxEntryBytes: host.settings.maxEntryBytes,
      module: host.module,
      getBlob: (key) => broker.getBlob(key),
    });
  } catch (error) {
    // The call it answers fails saying why (a blob expired, a class missing here), if its
    // header names one; a reply with no readable header cannot be attributed: said aloud.
    const key = replyKey(body);
    if (key !== null && host.entries.has(key)) {
      const reason = error instanceof Error ? error.message : String(error);
      const failure = new TypeError(`the reply to this call could not be read: ${reason}`, {
        cause: error,
      });
      failEntries(host.entries, [key], failure);
    } else {
      console.warn(`multiproc: pool ${host.pool} dropped a reply it could not read: ${error}`);
    }
    return;
  }
  const key = `${reply.call}:${reply.chunk}`;
  const entry = host.entries.get(key);
  if (entry === undefined) return; // a second delivery's reply, or a withdrawn entry
  host.entries.delete(key);
  deliverReply(reply, key, entry);
}

/** Hands `reply`'s outcomes to the slots of `entry`'s units (it answers the entry `key`). */
function deliverReply(reply: WireReply, key: string, entry: Entry): void {
  const busyMs = reply.busyMs / Math.max(1, entry.units.length);
  if ("ok" in reply) {
    const posted = entry.units[0]!;
    posted.slot.deliver(posted.seq, { ok: reply.ok }, busyMs);
  } else if ("error" in reply) {
    const error = { error: reply.error };
    for (const posted of entry.units) posted.slot.deliver(posted.seq, error, busyMs);
  } else {
    const outcomes = new Map(reply.units.map((unit) => [unit.call, unit]));
    for (const posted of entry.units) {
      const outcome = outcomes.get(posted.call) ?? {
        error: new Error(
          `worker ${reply.worker} answered entry ${key} without call ${posted.call}, ` +
            "expected one outcome per call of the batch: the worker is broken or forged",
        ),
      };
      const settled = "error" in outcome ? { error: outcome.error } : { ok: outcome.ok };
      posted.slot.deliver(posted.seq, settled, busyMs);
    }
  }
}
