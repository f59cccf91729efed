// Worker side: a payload that arrived before the task module loaded may hold instances of its
// classes (or of classes it registers), which cannot be found yet. It is kept as it arrived and
// decoded when its unit starts, after the module has loaded: a class still not found then fails
// that unit alone, before its task runs.
import { ClassesPending, ClassTravelError } from "../wire/codec.ts";

/** A payload whose decoding waits for the task module. */
export class Undecoded {
  readonly #raw: unknown;
  readonly #decode: (value: unknown) => unknown;

  constructor(raw: unknown, decode: (value: unknown) => unknown) {
    this.#raw = raw;
    this.#decode = decode;
  }

  /** Decodes it now; throws the TypeError of a class that cannot be found. */
  value(): unknown {
    return this.#decode(this.#raw);
  }
}

/**
 * `decode(value)`, or an {@linkcode Undecoded} if a class in it cannot be found yet (decoding
 * leaves the value untouched then). Other decoding errors are thrown.
 */
export function decodeOrDefer(value: unknown, decode: (value: unknown) => unknown): unknown {
  try {
    return decode(value);
  } catch (error) {
    if (error instanceof ClassesPending || error instanceof ClassTravelError) {
      return new Undecoded(value, decode);
    }
    throw error;
  }
}

/** The payload itself, decoded first if it had to wait. */
export function decoded(payload: unknown): unknown {
  return payload instanceof Undecoded ? payload.value() : payload;
}
