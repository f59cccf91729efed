/**
 * What a cluster pool does when its server lost what it held: a Redis restarted without
 * persistence comes back empty — no task stream, no consumer group, no liveness key, no reply
 * stream — and the entries the pool waits for will never be answered.
 *
 * **When.** The pool's liveness refresh (every second, and before each send) uses `SET … GET`:
 * a refresh that finds the key gone means the server lost its keys (or the pool went
 * unrefreshed past the key's TTL); so does a new server id (`Broker.serverId`, read every few
 * seconds: a restart with persistence keeps the key but may lose the last second of entries).
 * Why this signal, and not ioredis's `ready` after a reconnect:
 * a reconnect says the connection dropped, not that the server lost anything (a network blip
 * loses nothing, a restart with persistence little), while a missing key says the keys are
 * gone, costs no extra command, and comes from the same connection the entries go through.
 *
 * **What.** The entries the pool sent and waits for are looked up in the task stream
 * (`Broker.queued`); one that is there will be answered. One that is not was answered — its
 * reply, written in the same transaction that removed it, is read from the reply stream now —
 * or was lost. A lost entry is sent again, as a new entry with the same (call, chunk), when its
 * call's `retries` allow: each resend uses up one retry, as a worker's death does, and the
 * first reply still wins. Otherwise its calls reject with an error naming the server (masked)
 * and saying it restarted and lost the task. A server that stays down is not handled here: the
 * reply loop rejects what waits after the cluster's `visibility`.
 *
 * @module
 */
import type { Broker } from "./broker.ts";
import type { ClusterSettings } from "./options.ts";
import { type BlobCache, encodeTask, type WireTask } from "./wire.ts";
import { maskUrl } from "./_mask_url.ts";
import type { Unit } from "../worker/executor.ts";

/** How long to wait before trying again when the server failed during a recovery. */
const RETRY_MS = 1000;

/** An entry the pool sent and waits for: its id in the stream (null while being sent). */
export interface SentEntry {
  id: string | null;
  /** The task it carries, as first sent. */
  readonly task: WireTask;
  readonly units: ReadonlyArray<{ readonly unit: Unit; readonly call: number }>;
}

/** What a recovery reads and changes of its pool. */
export interface ResendHost {
  readonly pool: string;
  readonly settings: ClusterSettings;
  readonly blobCache: BlobCache;
  /** The entries waiting for a reply, by `${call}:${chunk}`. */
  readonly entries: ReadonlyMap<string, SentEntry>;
  broker(): Promise<Broker>;
  /** Settles the entry a reply answers, if it still waits. */
  settle(body: Uint8Array): Promise<void>;
  /** Rejects the calls of the entries `keys` with `error` and forgets the entries. */
  fail(keys: readonly string[], error: unknown): void;
}

/** The error calls get when the server lost their entry and their retries are used up. */
export function lostByRestart(url: string, key: string, retries: number): Error {
  return new Error(
    `the cluster's Redis at ${maskUrl(url)} restarted and lost the task of this call ` +
      `(entry ${key}) before it was answered; its retries are used up (retries: ${retries}), ` +
      "so it is not sent again. It may or may not have run on a worker: pass `retries` ≥ 1 to " +
      "have such a task sent again, or run Redis with persistence",
  );
}

/** Recovers the entries a server lost; see the module documentation. */
export class Resender {
  readonly #host: ResendHost;
  /** Resends so far per entry key: each used one retry. */
  readonly #resent = new Map<string, number>();
  #running = false;
  #again = false;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(host: ResendHost) {
    this.#host = host;
  }

  /** Looks for lost entries now (again after the one under way, if one is). */
  recover(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    void this.#loop();
  }

  /** Recovers no more. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retry);
  }

  async #loop(): Promise<void> {
    try {
      do {
        this.#again = false;
        await this.#recover();
      } while (this.#again && !this.#stopped);
    } catch {
      // The server failed again: look again shortly (while it stays down, the reply loop
      // rejects what waits after the cluster's visibility).
      if (!this.#stopped && this.#host.entries.size > 0) {
        this.#retry = setTimeout(() => this.recover(), RETRY_MS);
        // Waiting calls keep the process running, not this timer.
        Deno.unrefTimer(this.#retry as unknown as number);
      }
    } finally {
      this.#running = false;
    }
  }

  async #recover(): Promise<void> {
    const host = this.#host;
    // The blobs went with the rest: what is sent from now on stores its blobs anew.
    host.blobCache.clear();
    for (const key of this.#resent.keys()) if (!host.entries.has(key)) this.#resent.delete(key);
    const sent = [...host.entries].filter(([, entry]) => entry.id !== null);
    if (sent.length === 0) return;
    const broker = await host.broker();
    const queued = await broker.queued(sent.map(([, entry]) => entry.id!));
    const gone = sent.filter((_, i) => !queued[i]).map(([key, entry]) => ({
      key,
      entry,
      id: entry.id,
    }));
    if (gone.length === 0) return;
    // An entry leaves the stream in the transaction that writes its reply: read those now.
    for (let after = "0", page = 0; page < 1000; page++) {
      const replies = await broker.replies(host.pool, after, 0);
      if (replies.length === 0) break;
      for (const reply of replies) {
        after = reply.id;
        await host.settle(reply.body);
      }
    }
    for (const { key, entry, id } of gone) {
      // Answered meanwhile, cancelled, or sent again by a recovery before this one.
      if (host.entries.get(key) !== entry || entry.id !== id) continue;
      await this.#resend(broker, key, entry);
    }
  }

  /** Sends `entry` again if its retries allow, or rejects its calls. */
  async #resend(broker: Broker, key: string, entry: SentEntry): Promise<void> {
    const host = this.#host;
    const retries = entry.units[0]!.unit.owner.retries;
    const used = (this.#resent.get(key) ?? 0) + 1;
    if (used > retries) {
      host.fail([key], lostByRestart(host.settings.url, key, retries));
      return;
    }
    // A failure here (a putBlob or the enqueue: the server again) ends this recovery; the
    // entry is still gone from the stream, so the next one looks at it again.
    const envelope = await encodeTask(taskOf(entry, retries - used), host.pool, {
      blobThreshold: host.settings.blobThreshold,
      maxEntryBytes: host.settings.maxEntryBytes,
      blobCache: host.blobCache,
      putBlob: (bytes, ttlMs) => broker.putBlob(bytes, ttlMs),
    });
    const [id] = await broker.enqueue([envelope]);
    this.#resent.set(key, used);
    if (host.entries.get(key) === entry) entry.id = id!;
    // Cancelled while it was sent: take it back unless a worker has it already.
    else await broker.withdraw([id!]).catch(() => {});
  }
}

/** The task of `entry` again, as first sent (timeout, initializer…) but with `retries` left. */
function taskOf(entry: SentEntry, retries: number): WireTask {
  return { ...entry.task, retries };
}
