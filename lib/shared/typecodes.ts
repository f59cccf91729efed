/**
 * Python's `array` typecodes mapped to typed arrays. `'l'`/`'L'` are 32-bit here (the size
 * Python guarantees at least); use `'q'`/`'Q'` (bigint) for 64-bit integers.
 *
 * @module
 */

/** A typecode as in Python's `array` module. */
export type Typecode = "b" | "B" | "h" | "H" | "i" | "I" | "l" | "L" | "q" | "Q" | "f" | "d";

/** Typecodes whose values are bigints. */
export type BigTypecode = "q" | "Q";

/** The JavaScript type of a value of `T`: bigint for `'q'`/`'Q'`, number otherwise. */
export type ValueOf<T extends Typecode> = T extends BigTypecode ? bigint : number;

/** Any typed array a typecode maps to. */
export type SharedTypedArray =
  | Int8Array<SharedArrayBuffer>
  | Uint8Array<SharedArrayBuffer>
  | Int16Array<SharedArrayBuffer>
  | Uint16Array<SharedArrayBuffer>
  | Int32Array<SharedArrayBuffer>
  | Uint32Array<SharedArrayBuffer>
  | BigInt64Array<SharedArrayBuffer>
  | BigUint64Array<SharedArrayBuffer>
  | Float32Array<SharedArrayBuffer>
  | Float64Array<SharedArrayBuffer>;

interface TypedArrayMaker {
  readonly BYTES_PER_ELEMENT: number;
  new (buffer: SharedArrayBuffer): SharedTypedArray;
}

const MAKERS: Record<Typecode, TypedArrayMaker> = {
  b: Int8Array,
  B: Uint8Array,
  h: Int16Array,
  H: Uint16Array,
  i: Int32Array,
  I: Uint32Array,
  l: Int32Array,
  L: Uint32Array,
  q: BigInt64Array,
  Q: BigUint64Array,
  f: Float32Array,
  d: Float64Array,
} as unknown as Record<Typecode, TypedArrayMaker>;

/** Validates a typecode, with an error listing the valid ones. */
export function checkTypecode(typecode: unknown, where: string): Typecode {
  if (typeof typecode === "string" && Object.hasOwn(MAKERS, typecode)) {
    return typecode as Typecode;
  }
  throw new TypeError(
    `${where} expects a typecode, one of ${Object.keys(MAKERS).join(" ")}, received ` +
      (typeof typecode === "string" ? `"${typecode}"` : typeof typecode),
  );
}

/** Whether the typecode holds 64-bit integers, as bigint. */
export function isBig(typecode: Typecode): typecode is BigTypecode {
  return typecode === "q" || typecode === "Q";
}

/** Whether `typecode` holds integers (and so supports atomic operations). */
export function isInteger(typecode: Typecode): boolean {
  return typecode !== "f" && typecode !== "d";
}

/** New zeroed shared memory for `length` values of `typecode`. */
export function allocate(typecode: Typecode, length: number): SharedArrayBuffer {
  return new SharedArrayBuffer(length * MAKERS[typecode].BYTES_PER_ELEMENT);
}

/** A view of `buffer` as `typecode`'s typed array. */
export function view(typecode: Typecode, buffer: SharedArrayBuffer): SharedTypedArray {
  return new MAKERS[typecode](buffer);
}

/** Checks that `value` fits `typecode`'s JavaScript type; returns it. */
export function checkValue(typecode: Typecode, value: unknown, where: string): number | bigint {
  if (isBig(typecode) ? typeof value === "bigint" : typeof value === "number") {
    return value as number | bigint;
  }
  throw new TypeError(
    `${where} expects a ${isBig(typecode) ? "bigint" : "number"} for typecode '${typecode}', ` +
      `received ${typeof value}`,
  );
}
