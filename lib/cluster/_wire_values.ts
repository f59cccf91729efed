// The values section of a body: groups of values (a call's arguments, a chunk's items, a unit's
// result) encoded by the library's value codec for another process (`encodeForProcess`: Errors
// with their fields, typed arrays, class instances; shared memory refused), serialized together
// once. Arguments bigger than the blob threshold leave their slot empty and travel as blobs,
// which the header lists as references (group, index, position in a tuple or -1, blob).
import { encodeForProcess } from "../wire/codec.ts";
import { TAG } from "../wire/_value_check.ts";
import { crossingError, mayExceed } from "./_wire_crossing.ts";
import { serialize } from "./_wire_frame.ts";
import { frameBlob } from "./_wire_blobs.ts";

/** One group of values as the caller gave them. */
export interface Group {
  readonly values: readonly unknown[];
  /** Each value is an argument list (a `starmap` item): its elements are the arguments. */
  readonly nested: boolean;
  /** Whose values these are, for messages: "call 7's arguments". */
  readonly label: string;
  /** The values' name in paths: "args", "items". */
  readonly path: string;
}

/** What {@linkcode encodeGroups} made. */
export interface EncodedGroups {
  readonly bytes: Uint8Array;
  /** Groups the value codec changed, which the receiver must decode. */
  readonly coded: number[];
  /** Quadruples: group, index, position in the tuple (-1: none), blob. */
  readonly refs: number[];
  /** Each distinct big value, framed, in the order `refs` counts them. */
  readonly blobs: Uint8Array[];
}

/** Sizes and class space an encode or decode works with. */
export interface ValueLimits {
  readonly blobThreshold: number;
  readonly maxEntryBytes: number;
  readonly module: string | null;
  readonly version: number;
}

/** A group wrapped by the value codec with the list of its class instances' classes. */
type Classes = { [TAG]: { t: "classes"; value: unknown[] } };
/** Whether `value` is a group wrapped with its classes. */
export const isClasses = (value: unknown): value is Classes =>
  typeof value === "object" && value !== null && !Array.isArray(value) &&
  (value as Classes)[TAG]?.t === "classes";
/** A group's values, inside its classes wrapper if it has one. */
export const inner = (value: unknown): unknown[] =>
  (isClasses(value) ? value[TAG].value : value) as unknown[];

/**
 * Encodes and serializes `groups`. A value that cannot cross throws a TypeError naming its path;
 * `replace`, when given, is asked for a group to send instead (a reply's failure), and the
 * error is thrown only when it returns null. A blob over `maxEntryBytes` throws a RangeError.
 */
export function encodeGroups(
  groups: Group[],
  limits: ValueLimits,
  replace: ((index: number, error: Error) => Group | null) | null = null,
): EncodedGroups {
  const encoded: unknown[] = new Array(groups.length);
  const coded = new Set<number>();
  const fail = (g: number, error: Error): void => {
    const instead = replace?.(g, error) ?? null;
    if (instead === null) throw error;
    groups[g] = instead;
    encodeOne(g, false);
  };
  const encodeOne = (g: number, retry = true): void => {
    const { values, label, path } = groups[g]!;
    try {
      encoded[g] = encodeForProcess(values, limits.module);
      if (encoded[g] !== values) coded.add(g);
      else coded.delete(g);
    } catch (error) {
      if (!retry) throw error;
      fail(
        g,
        error instanceof TypeError ? crossingError(label, values, path, error) : error as Error,
      );
    }
  };
  for (let g = 0; g < groups.length; g++) encodeOne(g);
  let bytes = serializeGroups(groups, encoded, fail);
  const blobs: Uint8Array[] = [];
  const refs: number[] = [];
  if (bytes.byteLength > limits.blobThreshold) {
    const copies = new Set<unknown>();
    const writable = (g: number, holder: unknown[] | null, i: number): unknown[] => {
      if (holder === null) {
        if (!copies.has(encoded[g])) {
          const copy = inner(encoded[g]).slice();
          encoded[g] = isClasses(encoded[g])
            ? { [TAG]: { ...(encoded[g] as Classes)[TAG], value: copy } }
            : copy;
          copies.add(encoded[g]);
        }
        return inner(encoded[g]);
      }
      const outer = writable(g, null, -1);
      if (!copies.has(outer[i])) copies.add(outer[i] = (outer[i] as unknown[]).slice());
      return outer[i] as unknown[];
    };
    const memo = new Map<unknown, number>();
    const consider = (g: number, i: number, j: number, raw: unknown, value: unknown): void => {
      if (typeof raw !== "object" && typeof raw !== "string" && typeof raw !== "bigint") return;
      let blob = memo.get(raw);
      if (blob === undefined) {
        blob = -1;
        if (mayExceed(value, limits.blobThreshold)) {
          const serialized = serialize(value);
          if (serialized.byteLength > limits.blobThreshold) {
            if (serialized.byteLength > limits.maxEntryBytes) {
              throw new RangeError(
                `${groups[g]!.label}: ${groups[g]!.path}[${i}]${j < 0 ? "" : `[${j}]`} takes ` +
                  `${serialized.byteLength} bytes serialized, more than maxEntryBytes ` +
                  `(${limits.maxEntryBytes}): send smaller pieces, or raise maxEntryBytes`,
              );
            }
            blob = blobs.push(frameBlob(serialized, limits.version)) - 1;
          }
        }
        if (raw !== null) memo.set(raw, blob);
      }
      if (blob < 0) return;
      (j < 0 ? writable(g, null, -1) : writable(g, [], i))[j < 0 ? i : j] = undefined;
      refs.push(g, i, j, blob);
    };
    groups.forEach(({ values, nested }, g) => {
      values.forEach((raw, i) => {
        const value = inner(encoded[g])[i];
        if (!nested) return consider(g, i, -1, raw, value);
        (raw as unknown[]).forEach((arg, j) => consider(g, i, j, arg, (value as unknown[])[j]));
      });
    });
    if (refs.length > 0) bytes = serialize(encoded);
  }
  return { bytes, coded: [...coded].sort((a, b) => a - b), refs, blobs };
}

function serializeGroups(
  groups: readonly Group[],
  encoded: unknown[],
  fail: (g: number, error: Error) => void,
): Uint8Array {
  try {
    return serialize(encoded);
  } catch {
    // Found group by group, so the error names the value and a reply can fail just that unit.
    for (let g = 0; g < groups.length; g++) {
      try {
        serialize(encoded[g]);
      } catch (error) {
        const { label, values, path } = groups[g]!;
        fail(g, crossingError(label, values, path, error));
      }
    }
    return serialize(encoded);
  }
}
