// The values section of a body: groups of values (a call's arguments, a chunk's items, a unit's
// result) encoded by the library's value codec for another process (`encodeForProcess`: Errors
// with their fields, typed arrays, class instances; shared memory refused), serialized together
// once. Arguments bigger than the blob threshold leave their slot empty and travel as blobs,
// which the header lists as references (group, index, position in a tuple or -1, blob).
import { ClassesPending, decodeFromProcess, encodeForProcess } from "../wire/codec.ts";
import { TAG } from "../wire/_value_check.ts";
import { crossingError, mayExceed } from "./_wire_crossing.ts";
import { deserializeSection, serialize } from "./_wire_frame.ts";
import { checkIndexes, checkValues, malformed } from "./_wire_check.ts";
import { fetchBlobs, frameBlob, type GetBlob } from "./_wire_blobs.ts";

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

type Classes = { [TAG]: { t: "classes"; value: unknown[] } };
const isClasses = (value: unknown): value is Classes =>
  typeof value === "object" && value !== null && !Array.isArray(value) &&
  (value as Classes)[TAG]?.t === "classes";
const inner = (value: unknown): unknown[] =>
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

/** The header fields a values section is read with. */
export interface ValuesHeader {
  readonly coded?: unknown;
  readonly refs?: unknown;
  readonly keys?: unknown;
}

/**
 * Deserializes, checks and decodes a values section of `count` groups: every group an array
 * (of arrays where `nested(g)`), every reference to an empty slot, every record well formed,
 * before blobs are fetched and values revived.
 */
export async function decodeGroups(
  bytes: Uint8Array,
  header: ValuesHeader,
  count: number,
  nested: (g: number) => boolean,
  options: ValueLimits & { readonly getBlob?: GetBlob | undefined; readonly what: string },
): Promise<unknown[][]> {
  const { what } = options;
  const section = `the values of ${what}`;
  const groups = deserializeSection(bytes, section);
  if (!Array.isArray(groups) || groups.length !== count) {
    throw malformed(what, `expected ${count} group(s) of values`);
  }
  groups.forEach((group, g) => {
    const values = inner(group);
    if (!Array.isArray(values) || (nested(g) && !values.every(Array.isArray))) {
      throw malformed(
        what,
        `group ${g} of its values is not a list${nested(g) ? " of lists" : ""}`,
      );
    }
  });
  const coded = checkIndexes(header.coded, "coded", what, count);
  const keys = header.keys;
  if (!Array.isArray(keys) || !keys.every((key) => typeof key === "string")) {
    throw malformed(what, "its blob keys are not a list of strings");
  }
  const refs = checkRefs(header.refs, groups, keys.length, what);
  checkValues(groups, 4 * bytes.byteLength + (1 << 20), section);
  const blobs = await fetchBlobs(
    keys,
    options.getBlob,
    options.maxEntryBytes,
    options.version,
    what,
  );
  blobs.forEach((blob, k) => checkValues(blob, 4 * options.maxEntryBytes, `blob ${k} of ${what}`));
  for (let r = 0; r < refs.length; r += 4) {
    const [g, i, j, k] = refs.slice(r, r + 4) as [number, number, number, number];
    const values = inner(groups[g]);
    if (j < 0) values[i] = blobs[k];
    else (values[i] as unknown[])[j] = blobs[k];
  }
  for (const g of coded) groups[g] = await decodeRetrying(groups[g], options.module);
  return groups.map(inner);
}

function checkRefs(value: unknown, groups: unknown[], blobs: number, what: string): number[] {
  const bad = (detail: string) => malformed(what, `blob reference ${detail}`);
  if (!Array.isArray(value) || value.length % 4 !== 0) throw bad("list is not quadruples");
  for (let r = 0; r < value.length; r += 4) {
    const [g, i, j, k] = value.slice(r, r + 4);
    const values = Number.isInteger(g) ? inner(groups[g]) : undefined;
    if (values === undefined || !Number.isInteger(i) || i < 0 || i >= values.length) {
      throw bad(`${r / 4} points outside the values`);
    }
    const slot = values[i];
    const empty = j === -1
      ? slot === undefined
      : Array.isArray(slot) && Number.isInteger(j) && j >= 0 && j < slot.length &&
        slot[j] === undefined;
    if (!empty) throw bad(`${r / 4} points to a slot that is not empty`);
    if (!Number.isInteger(k) || k < 0 || k >= blobs) throw bad(`${r / 4} names no blob`);
  }
  return value as number[];
}

async function decodeRetrying(group: unknown, module: string | null): Promise<unknown> {
  try {
    return decodeFromProcess(group, module);
  } catch (error) {
    if (!(error instanceof ClassesPending)) throw error;
    await error.ready; // the module is imported to find the classes: once, then decoded again
    return decodeFromProcess(group, module);
  }
}
