// Reading a values section (see _wire_values.ts): everything is checked (shapes, references,
// records, array lengths) before blobs are fetched and values revived.
import { ClassesPending, decodeFromProcess } from "../wire/codec.ts";
import { deserializeSection } from "./_wire_frame.ts";
import { checkIndexes, checkValues, malformed } from "./_wire_check.ts";
import { fetchBlobs, type GetBlob } from "./_wire_blobs.ts";
import { inner, type ValueLimits } from "./_wire_values.ts";

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
  // A dense array takes at least a byte per element: four times the bytes is generous for real
  // values (a sparse one with a huge length is refused) and keeps every later walk bounded.
  checkValues(groups, 4 * bytes.byteLength + (1 << 20), section);
  const blobs = await fetchBlobs(
    keys,
    options.getBlob,
    options.maxEntryBytes,
    options.version,
    what,
    (blob, size, where) => checkValues(blob, 4 * size + (1 << 20), where),
  );
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
