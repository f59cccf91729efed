// Seeded random structured values for round-trip tests of the argument codec, and an equality
// check that understands them: everything structured clone carries (and Errors' fields), plus
// shared objects on request. The same seed always gives the same values.
import { SharedArray } from "../lib/shared/array.ts";
import { SharedValue } from "../lib/shared/value.ts";

/** A seeded generator of floats in [0, 1): mulberry32, small and good enough for fuzzing. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What {@linkcode randomValue} may generate beyond plain structured-clone data. */
export interface FuzzOptions {
  /** Also SharedValues and SharedArrays (default false). */
  readonly shared?: boolean;
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const int = (rng: Rng, below: number): number => Math.floor(rng() * below);

/** An Error subclass with a custom name, which structured clone alone turns into "Error". */
class FuzzError extends RangeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "FuzzError";
  }
}

/**
 * A class instance. tests/fixtures/echo_tasks.ts exports it, so through a pool with that module
 * it travels as a FuzzBox; the bare codec copies its own fields as a plain object's.
 */
export class FuzzBox {
  constructor(readonly item: unknown, readonly label: string) {}
}

const NUMBERS = [0, -0, 1, -1, 0.1, NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE];
const WORDS = ["", "a", "key", "__proto__", "$multiproc", "0", "17", "é", "名前", "😀", "\ud800"];
const TYPED = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
  ...("Float16Array" in globalThis
    ? [(globalThis as unknown as { Float16Array: typeof Float32Array }).Float16Array]
    : []),
] as const;
const ERRORS = [Error, TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

function randomString(rng: Rng): string {
  const length = pick(rng, [0, 1, 5, 40, 3000]);
  let text = "";
  while (text.length < length) text += pick(rng, WORDS) + String.fromCharCode(32 + int(rng, 95));
  return text.slice(0, length);
}

function randomPrimitive(rng: Rng): unknown {
  switch (int(rng, 8)) {
    case 0:
      return pick(rng, NUMBERS);
    case 1:
      return (rng() - 0.5) * 10 ** int(rng, 300);
    case 2:
      return int(rng, 2 ** 31) - 2 ** 30;
    case 3:
      return (BigInt(int(rng, 2 ** 30)) ** BigInt(1 + int(rng, 5))) * (rng() < 0.5 ? -1n : 1n);
    case 4:
      return randomString(rng);
    case 5:
      return rng() < 0.5;
    case 6:
      return undefined;
    default:
      return null;
  }
}

function randomBytes(rng: Rng, length: number): ArrayBuffer {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = int(rng, 256);
  return bytes.buffer;
}

function randomView(rng: Rng): ArrayBufferView | ArrayBuffer {
  const Type = pick(rng, TYPED);
  const size = Type.BYTES_PER_ELEMENT;
  const length = pick(rng, [0, 1, 3, 64]);
  const offset = rng() < 0.3 ? size * (1 + int(rng, 3)) : 0;
  const buffer = randomBytes(rng, offset + size * length + (rng() < 0.3 ? 8 : 0));
  const roll = rng();
  if (roll < 0.1) return buffer;
  if (roll < 0.2) return new DataView(buffer, offset, size * length);
  return new Type(buffer, offset, length);
}

function randomError(rng: Rng, depth: number, options: FuzzOptions, made: object[]): Error {
  const message = randomString(rng);
  const cause = rng() < 0.4 ? { cause: randomValue(rng, depth - 1, options, made) } : undefined;
  const roll = rng();
  const error = roll < 0.2
    ? new FuzzError(message, cause)
    : roll < 0.3
    ? new AggregateError([new Error("inner"), randomValue(rng, depth - 1, options, made)], message)
    : new (pick(rng, ERRORS))(message, cause);
  if (rng() < 0.5) Object.assign(error, { code: pick(rng, ["E_FUZZ", 42, 7n]) });
  if (rng() < 0.4) Object.assign(error, { details: randomValue(rng, depth - 1, options, made) });
  return error;
}

function randomShared(rng: Rng): SharedValue | SharedArray {
  return rng() < 0.5
    ? new SharedValue("i", int(rng, 1000), { lock: rng() < 0.5 })
    : new SharedArray("d", [rng(), rng(), rng()]);
}

function randomContainer(rng: Rng, depth: number, options: FuzzOptions, made: object[]): object {
  const count = int(rng, 5);
  const child = () => randomValue(rng, depth - 1, options, made);
  switch (int(rng, 6)) {
    case 0: {
      const array: unknown[] = [];
      for (let i = 0; i < count; i++) array.push(child());
      if (rng() < 0.3) array[count + 2] = child(); // holes
      return array;
    }
    case 1: {
      const object: Record<string, unknown> = {};
      for (let i = 0; i < count; i++) {
        Object.defineProperty(object, pick(rng, WORDS) + (rng() < 0.5 ? "" : String(i)), {
          value: child(),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return object;
    }
    case 2:
      return new Map(
        Array.from(
          { length: count },
          () => [rng() < 0.7 ? randomPrimitive(rng) : child(), child()],
        ),
      );
    case 3:
      return new Set(Array.from({ length: count }, child));
    case 4:
      return new FuzzBox(child(), randomString(rng));
    default:
      return randomError(rng, depth, options, made);
  }
}

/**
 * A random structured value at most `depth` containers deep: primitives, arrays (sparse ones
 * too), plain objects, Maps, Sets, typed arrays, DataViews, ArrayBuffers, Dates, RegExps,
 * Errors with fields and causes, with `options.shared` SharedValues and SharedArrays, and
 * objects repeated inside the value (`made` collects them, so aliasing is fuzzed too).
 */
export function randomValue(
  rng: Rng,
  depth: number,
  options: FuzzOptions = {},
  made: object[] = [],
): unknown {
  const roll = rng();
  if (roll < 0.35 || depth <= 0) return randomPrimitive(rng);
  if (roll < 0.4 && made.length > 0) return pick(rng, made);
  let value: object;
  if (roll < 0.5) value = randomView(rng);
  else if (roll < 0.55) value = new Date(rng() < 0.2 ? NaN : int(rng, 2 ** 42));
  else if (roll < 0.6) {
    value = new RegExp(pick(rng, ["a+b", "^x$", "[é]"]), pick(rng, ["", "g", "imsu", "y", "d"]));
  } else if (roll < 0.65 && options.shared) value = randomShared(rng);
  else value = randomContainer(rng, depth, options, made);
  made.push(value);
  return value;
}
