/**
 * The bytes of a cluster task entry's `body` (this module) and of a reply (`wire_reply.ts`).
 * Values cross as they cross to a child process (`encodeForProcess`, then `node:v8`): Errors keep
 * their name, message, stack, cause and own fields; Maps, Sets, Dates, BigInts and typed arrays
 * arrive as themselves; shared memory, locks, pipes and functions are refused when encoding, with
 * a TypeError naming where they were. A body is an 8-byte prefix, a small header (ids, kind,
 * task, blob keys) and the values, so a reader refuses an oversized body, another wire version
 * or a forged header before it deserializes any value. Arguments bigger than `blobThreshold`
 * travel once, as blobs (`Broker.putBlob`), and the entry carries their keys.
 *
 * @module
 */
import type { TaskEnvelope } from "./broker.ts";
import { BodyType, deserializeSection, readBody, serialize, writeBody } from "./_wire_frame.ts";
import { BlobCache, storeBlobs } from "./_wire_blobs.ts";
import { malformed } from "./_wire_check.ts";
import { encodeGroups, type Group } from "./_wire_values.ts";
import { decodeGroups } from "./_wire_decode.ts";
import {
  type DecodeOptions,
  type EncodeOptions,
  limitsOf,
  tooBig,
  versionError,
  WIRE_VERSION,
} from "./_wire_options.ts";
import {
  checkTask,
  headerOf,
  readTaskHeader,
  type TaskHeader,
  type WireTask,
} from "./_wire_task.ts";

export { BlobCache } from "./_wire_blobs.ts";
export type { GetBlob, PutBlob } from "./_wire_blobs.ts";
export {
  type DecodeOptions,
  DEFAULT_BLOB_THRESHOLD,
  DEFAULT_BLOB_TTL_MS,
  DEFAULT_MAX_ENTRY_BYTES,
  type EncodeOptions,
  WIRE_VERSION,
} from "./_wire_options.ts";
export type { TaskEnvelope } from "./broker.ts";
export type { ApplyUnit, TaskFields, TaskHeader, TaskSource, WireTask } from "./_wire_task.ts";
export { decodeReply, encodeReply } from "./wire_reply.ts";
export type {
  DecodeReplyOptions,
  EncodeReplyOptions,
  ReplyFields,
  UnitOutcome,
  WireReply,
} from "./wire_reply.ts";

/** A task as a worker decodes it: the entry's fields, its pool, and live arguments. */
export type DecodedTask = WireTask & { readonly pool: string; readonly version: number };

/** How a worker reads entries: sizes, blobs, and which tasks it accepts. */
export interface DecodeTaskOptions extends DecodeOptions {
  /**
   * Called with the entry's header (pool, ids, kind, task) before any argument is deserialized
   * or any blob fetched: throw to refuse the task (a module outside the allowed prefixes).
   */
  readonly admit?: (header: TaskHeader) => void | Promise<void>;
}

/**
 * Encodes `task` for pool `pool` as an envelope for `Broker.enqueue`. Arguments are serialized
 * once; each argument bigger than `blobThreshold` is stored through `putBlob` (once per content
 * while `blobCache` remembers it) and referenced by key.
 *
 * @throws {TypeError} for a malformed task, or an argument that cannot cross machines (its path
 * and why). @throws {RangeError} for an entry or blob over `maxEntryBytes`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const task = { module: "https://example.com/tasks.ts", name: "add" };
 * const envelope = await encodeTask({ call: 7, chunk: 0, kind: "starmap", task, items: [[1, 2], [3, 4]] }, "pool-a");
 * const decoded = await decodeTask(envelope);
 * assert.equal(decoded.kind, "starmap");
 * assert.deepEqual(decoded.kind === "starmap" && decoded.items, [[1, 2], [3, 4]]);
 * await assert.rejects(
 *   encodeTask({ call: 8, chunk: 0, kind: "map", task, items: [{ f: () => 1 }] }, "pool-a"),
 *   /items\[0\]\.f is a function/,
 * );
 * ```
 */
export async function encodeTask(
  task: WireTask,
  pool: string,
  options: EncodeOptions = {},
): Promise<TaskEnvelope> {
  const limits = limitsOf(options);
  checkTask(task, pool);
  const module = "module" in task.task ? task.task.module : null;
  const groups: Group[] = task.kind === "apply"
    ? task.units.map((unit) => ({
      values: unit.args,
      nested: false,
      label: `the arguments of call ${unit.call}`,
      path: "args",
    }))
    : [{
      values: task.items,
      nested: task.kind === "starmap",
      label: `the items of call ${task.call} (chunk ${task.chunk})`,
      path: "items",
    }];
  // The initializer's arguments go last, as one more group.
  if (task.initializer !== undefined) {
    groups.push({
      values: task.initargs!,
      nested: false,
      label: "the pool's initargs",
      path: "initargs",
    });
  }
  const values = encodeGroups(groups, { ...limits, module, version: WIRE_VERSION });
  const fields = {
    ...headerOf(task),
    calls: task.kind === "apply" ? task.units.map((unit) => unit.call) : null,
    coded: values.coded,
    refs: values.refs,
  };
  // Sized before blobs are stored (their keys aside): an entry that will be refused stores none.
  const size = 8 + serialize({ ...fields, keys: [] }).byteLength + values.bytes.byteLength;
  if (size > limits.maxEntryBytes) {
    throw tooBig(
      `the entry of call ${task.call} (chunk ${task.chunk})`,
      size,
      limits.maxEntryBytes,
      "send fewer items per entry (a smaller chunksize), or raise maxEntryBytes",
    );
  }
  const keys = await storeBlobs(
    values.blobs,
    limits.blobTtlMs,
    options.putBlob,
    options.blobCache ?? new BlobCache(),
  );
  const header = serialize({ ...fields, keys });
  const body = writeBody(BodyType.Task, WIRE_VERSION, header, values.bytes);
  if (body.byteLength > limits.maxEntryBytes) {
    throw tooBig("the entry", body.byteLength, limits.maxEntryBytes, "raise maxEntryBytes");
  }
  return { version: WIRE_VERSION, pool, body };
}

/**
 * Decodes a task entry. Before deserializing anything it refuses a body over `maxEntryBytes`
 * (RangeError), another wire version (Error naming both) and a malformed body (TypeError); then
 * it checks the header, calls `admit`, fetches blobs and revives the arguments.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const task = { source: "(x) => x * 2" };
 * const envelope = await encodeTask({ call: 1, chunk: 0, kind: "map", task, items: [1, 2] }, "p");
 * await assert.rejects(decodeTask(envelope, { maxEntryBytes: 16 }), /maxEntryBytes/);
 * await assert.rejects(decodeTask({ ...envelope, version: 99 }), /version 99.*version 1/);
 * const refused = decodeTask(envelope, {
 *   admit: (header) => {
 *     if ("source" in header.task) throw new Error("start the worker with --allow-source");
 *   },
 * });
 * await assert.rejects(refused, /--allow-source/);
 * ```
 */
export async function decodeTask(
  envelope: TaskEnvelope,
  options: DecodeTaskOptions = {},
): Promise<DecodedTask> {
  const { maxEntryBytes } = limitsOf(options);
  const what = "the task entry";
  const body = envelope?.body;
  if (!(body instanceof Uint8Array) || typeof envelope.pool !== "string") {
    throw malformed(what, "expected an envelope { version, pool, body: Uint8Array }");
  }
  if (body.byteLength > maxEntryBytes) {
    throw tooBig(what, body.byteLength, maxEntryBytes, "it was refused unread");
  }
  if (envelope.version !== WIRE_VERSION) throw versionError(what, envelope.version);
  const sections = readBody(body, BodyType.Task, what);
  if (sections.version !== envelope.version) {
    throw malformed(
      what,
      `its envelope says version ${envelope.version}, its bytes ${sections.version}`,
    );
  }
  const fields = deserializeSection(sections.header, `the header of ${what}`);
  const header = readTaskHeader(fields, envelope.pool, what);
  await options.admit?.(header.task);
  const hasInit = header.task.initializer !== undefined;
  const groups = (header.calls?.length ?? 1) + (hasInit ? 1 : 0);
  const module = "module" in header.task.task ? header.task.task.module : null;
  const values = await decodeGroups(
    sections.values,
    fields as Record<string, unknown>,
    groups,
    (g) => g === 0 && header.task.kind === "starmap",
    {
      blobThreshold: 0,
      maxEntryBytes,
      module,
      version: WIRE_VERSION,
      what,
      getBlob: options.getBlob,
    },
  );
  const base = hasInit
    ? { ...header.task, initargs: values.pop()!, version: WIRE_VERSION }
    : { ...header.task, version: WIRE_VERSION };
  if (header.calls !== null) {
    const units = header.calls.map((call, i) => ({ call, args: values[i]! }));
    return { ...base, kind: "apply", units };
  }
  return { ...base, kind: header.task.kind as "map", items: values[0]! };
}
