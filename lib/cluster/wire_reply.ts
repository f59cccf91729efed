/**
 * The bytes of a reply, which a worker writes for each entry it settles and a pool reads from
 * its reply stream. Values cross as a task entry's do (`wire.ts`); a worker's reply never fails
 * to encode for a value: a result that cannot cross becomes that unit's TypeError, and a thrown
 * value that cannot keeps its name, message and stack with a `cause` saying what was lost.
 *
 * @module
 */
import { BodyType, deserializeSection, readBody, serialize, writeBody } from "./_wire_frame.ts";
import { BlobCache, storeBlobs } from "./_wire_blobs.ts";
import { checkIndexes, malformed } from "./_wire_check.ts";
import { encodeGroups, type Group } from "./_wire_values.ts";
import { decodeGroups } from "./_wire_decode.ts";
import { limitsOf, tooBig, versionError, WIRE_VERSION } from "./_wire_options.ts";
import { standIn } from "./_wire_stand_in.ts";
import {
  checkReplyFields,
  type DecodeReplyOptions,
  type EncodeReplyOptions,
  type WireReply,
} from "./_wire_reply_fields.ts";

export type {
  DecodeReplyOptions,
  EncodeReplyOptions,
  ReplyFields,
  UnitOutcome,
  WireReply,
} from "./_wire_reply_fields.ts";

const SHAPES = new Set(["ok", "units", "error"]);

/**
 * Encodes a reply for `Broker.settle`. Never throws for a value: a result that cannot cross
 * (or is over `maxEntryBytes`) becomes an error saying so. Throws a TypeError for malformed ids.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const cause = new RangeError("bad row");
 * const error = Object.assign(new TypeError("count failed", { cause }), { code: "E_ROW" });
 * const common = { call: 3, chunk: 1, worker: "host-1-abc", deliveries: 1, busyMs: 12 };
 * const reply = await decodeReply(await encodeReply({ ...common, error }));
 * assert.ok("error" in reply);
 * const arrived = reply.error as TypeError & { code: string };
 * assert.ok(arrived instanceof TypeError);
 * assert.equal(arrived.code, "E_ROW");
 * assert.equal((arrived.cause as Error).message, "bad row");
 * ```
 */
export function encodeReply(
  reply: WireReply,
  options: EncodeReplyOptions = {},
): Promise<Uint8Array> {
  return encode(reply, options, 0);
}

async function encode(
  reply: WireReply,
  options: EncodeReplyOptions,
  attempt: number,
): Promise<Uint8Array> {
  const limits = limitsOf(options);
  const fields = checkReplyFields(reply, "encodeReply()'s reply");
  const label = `call ${fields.call} (chunk ${fields.chunk}) on worker ${fields.worker}`;
  let shape: "ok" | "units" | "error";
  let groups: Group[];
  let calls: number[] | null = null;
  const failed = new Set<number>();
  if ("units" in reply) {
    shape = "units";
    calls = checkIndexes(
      Array.isArray(reply.units) ? reply.units.map((unit) => unit?.call) : null,
      "each unit's call",
      "encodeReply()'s reply",
      1 << 20,
    );
    if (new Set(calls).size !== calls.length) throw new TypeError("a reply lists a call twice");
    groups = reply.units.map((unit, i) => {
      if ("error" in unit) failed.add(i);
      const value = "error" in unit ? unit.error : unit.ok;
      const what = "error" in unit ? "error" : "result";
      return {
        values: [value],
        nested: false,
        label: `the ${what} of call ${unit.call}`,
        path: what,
      };
    });
  } else if ("ok" in reply) {
    if (!Array.isArray(reply.ok)) throw new TypeError("a reply's ok must be the list of results");
    shape = "ok";
    groups = [{
      values: reply.ok,
      nested: false,
      label: `the results of ${label}`,
      path: "results",
    }];
  } else {
    shape = "error";
    groups = [{
      values: [reply.error],
      nested: false,
      label: `the error of ${label}`,
      path: "error",
    }];
  }
  const replace = (g: number, problem: Error): Group | null => {
    const thrown = shape === "error" || failed.has(g);
    const error = standIn(groups[g]!.values[0], thrown, problem, fields.worker);
    if (shape === "ok") shape = "error";
    if (shape === "units") failed.add(g);
    return { values: [error], nested: false, label: `the error of ${label}`, path: "error" };
  };
  try {
    const values = encodeGroups(
      groups,
      { ...limits, module: options.module ?? null, version: WIRE_VERSION },
      replace,
    );
    const header = {
      ...fields,
      shape,
      calls,
      failed: [...failed].sort((a, b) => a - b),
      coded: values.coded,
      refs: values.refs,
    };
    const size = 8 + serialize({ ...header, keys: [] }).byteLength + values.bytes.byteLength;
    if (size > limits.maxEntryBytes) {
      throw tooBig(
        `the reply of ${label}`,
        size,
        limits.maxEntryBytes,
        "return less per chunk (a smaller chunksize), or raise maxEntryBytes",
      );
    }
    const cache = options.blobCache ?? new BlobCache();
    const keys = await storeBlobs(values.blobs, limits.blobTtlMs, options.putBlob, cache);
    return writeBody(BodyType.Reply, WIRE_VERSION, serialize({ ...header, keys }), values.bytes);
  } catch (error) {
    if (!(error instanceof RangeError) || attempt > 1) throw error;
    // Too big: the call fails saying so. A thrown error too big itself keeps its name and
    // message, or else only says that it was too big.
    const instead = !("error" in reply)
      ? error
      : attempt === 0
      ? standIn(reply.error, true, error, fields.worker)
      : new RangeError(`the error of ${label} was too big to send back: ${error.message}`);
    return encode({ ...fields, error: instead }, options, attempt + 1);
  }
}

/**
 * Decodes a reply. Before deserializing anything it refuses a body over `maxEntryBytes`
 * (RangeError), another wire version (Error naming both) and a malformed body (TypeError).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const common = { call: 5, chunk: 0, worker: "w", deliveries: 1, busyMs: 1 };
 * const units = [{ call: 5, ok: new Map([[1n, new Date(0)]]) }, { call: 6, error: "no" }];
 * const reply = await decodeReply(await encodeReply({ ...common, units }));
 * assert.deepEqual("units" in reply && reply.units, units);
 * ```
 */
export async function decodeReply(
  body: Uint8Array,
  options: DecodeReplyOptions = {},
): Promise<WireReply> {
  const { maxEntryBytes } = limitsOf(options);
  const what = "the reply";
  if (!(body instanceof Uint8Array)) throw malformed(what, "expected a Uint8Array");
  if (body.byteLength > maxEntryBytes) {
    throw tooBig(what, body.byteLength, maxEntryBytes, "it was refused unread");
  }
  const sections = readBody(body, BodyType.Reply, what);
  if (sections.version !== WIRE_VERSION) throw versionError(what, sections.version);
  const header = deserializeSection(sections.header, `the header of ${what}`);
  if (typeof header !== "object" || header === null) {
    throw malformed(what, "its header is not a record");
  }
  const record = header as Record<string, unknown>;
  const fields = checkReplyFields(record, what);
  const shape = record.shape as string;
  if (!SHAPES.has(shape)) throw malformed(what, 'its shape is not "ok", "units" or "error"');
  const calls = shape === "units" ? checkIndexes(record.calls, "calls", what, 1 << 20) : null;
  const failed = new Set(checkIndexes(record.failed, "failed", what, calls?.length ?? 0));
  if ([...failed].some((i) => i >= (calls?.length ?? 0))) {
    throw malformed(what, "it fails a unit it does not have");
  }
  const count = calls?.length ?? 1;
  const groups = await decodeGroups(sections.values, record, count, () => false, {
    blobThreshold: 0,
    maxEntryBytes,
    module: options.module ?? null,
    version: WIRE_VERSION,
    what,
    getBlob: options.getBlob,
  });
  if (shape !== "ok" && groups.some((group) => group.length !== 1)) {
    throw malformed(what, "a unit or error holds other than one value");
  }
  if (shape === "ok") return { ...fields, ok: groups[0]! };
  if (shape === "error") return { ...fields, error: groups[0]![0] };
  const units = calls!.map((call, i) =>
    failed.has(i) ? { call, error: groups[i]![0] } : { call, ok: groups[i]![0] }
  );
  return { ...fields, units };
}
