/**
 * Errors as cloneable records, for Errors passed as values (arguments, results, fields of
 * either). Structured clone keeps only the built-in names, `message`, `stack` and `cause`: it
 * turns a subclass's name into "Error" and drops own fields such as `code`, an AggregateError's
 * `errors`, and everything of a DOMException but its name and message. A record keeps the
 * name, message, stack and every own property (`cause` included) with its enumerability; it is
 * revived as the nearest built-in class the error derives from (a `class HttpError extends
 * TypeError` arrives as a TypeError named "HttpError"), since classes cannot travel.
 *
 * @module
 */

/** The cloneable stand-in for an Error while it travels. */
export interface ErrorRecord {
  readonly t: "error";
  /** The nearest built-in class in the error's prototype chain: "TypeError", "DOMException"… */
  readonly base: string;
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  /** Own properties but `stack`, in order: key, encoded value, enumerable. */
  readonly own: Array<readonly [string, unknown, boolean]>;
}

type Constructor = new (...args: never[]) => Error;
const globals = globalThis as unknown as Record<string, Constructor | undefined>;
/** The built-in error classes a record may name as its base; any other revives as `Error`. */
export const ERROR_BASE_NAMES: readonly string[] = [
  "TypeError",
  "RangeError",
  "ReferenceError",
  "SyntaxError",
  "EvalError",
  "URIError",
  "AggregateError",
  "SuppressedError",
  "DOMException",
  "Error",
];
const BASES = new Map<object, string>();
for (const name of ERROR_BASE_NAMES) {
  const constructor = globals[name];
  if (constructor !== undefined) BASES.set(constructor.prototype, name);
}

function baseOf(error: Error): string {
  for (
    let proto = Object.getPrototypeOf(error);
    proto !== null;
    proto = Object.getPrototypeOf(proto)
  ) {
    const base = BASES.get(proto);
    if (base !== undefined) return base;
  }
  return "Error";
}

/** Reads `error[key]` as text; a getter that throws, or a value whose text throws, is `onThrow`. */
function read(
  error: Error,
  key: "name" | "message",
  onThrow: (problem: unknown) => string,
): string | undefined {
  try {
    const value = error[key];
    return value === undefined || value === null ? undefined : String(value);
  } catch (problem) {
    return onThrow(problem);
  }
}

function readStack(error: Error): string | undefined {
  try {
    return typeof error.stack === "string" ? error.stack : undefined;
  } catch {
    return undefined; // a throwing getter: the receiver makes one from the name and message
  }
}

function problemText(problem: unknown): string {
  try {
    return problem instanceof Error ? `${problem.name}: ${problem.message}` : String(problem);
  } catch {
    return "a value that cannot be read either";
  }
}

function ownValue(error: Error, key: string): { value: unknown; enumerable: boolean } | null {
  const descriptor = Object.getOwnPropertyDescriptor(error, key)!;
  let value: unknown;
  try {
    value = "value" in descriptor ? descriptor.value : descriptor.get?.call(error);
  } catch {
    return null; // a throwing getter: structured clone would have dropped the field too
  }
  // Functions and symbols cannot be cloned; structured clone used to drop them silently here.
  if (typeof value === "function" || typeof value === "symbol") return null;
  return { value, enumerable: descriptor.enumerable === true };
}

/**
 * Makes the record of `error`. `created` is called with the record before its properties are
 * encoded (by `encode`), so a property that refers back to the error can find it.
 */
export function encodeError(
  error: Error,
  encode: (value: unknown) => unknown,
  created: (record: ErrorRecord) => void,
): ErrorRecord {
  // A getter that throws must not lose the error: the record says what could not be read.
  const record: ErrorRecord = {
    t: "error",
    base: baseOf(error),
    name: read(error, "name", () => "Error") ?? "Error",
    message: read(
      error,
      "message",
      (problem) => `(the error's message could not be read: ${problemText(problem)})`,
    ) ?? "",
    stack: readStack(error),
    own: [],
  };
  created(record);
  if (record.base === "DOMException") return record; // its name and message say it all
  for (const key of Object.getOwnPropertyNames(error)) {
    if (key === "stack") continue;
    const own = ownValue(error, key);
    if (own !== null) record.own.push([key, encode(own.value), own.enumerable]);
  }
  return record;
}

function construct(record: ErrorRecord): Error {
  // Only a built-in error class is constructed: a forged "base" must not name another global.
  const Base = (ERROR_BASE_NAMES.includes(record.base) ? globals[record.base] : undefined) ?? Error;
  switch (record.base) {
    case "DOMException":
      return new (Base as unknown as typeof DOMException)(record.message, record.name);
    case "AggregateError":
      return new (Base as AggregateErrorConstructor)([]); // `errors` is an own property
    default:
      // SuppressedError's `error` and `suppressed` are own properties too, set from the record.
      return new (Base as ErrorConstructor)();
  }
}

function define(error: Error, key: string, value: unknown, enumerable: boolean): void {
  Object.defineProperty(error, key, { value, writable: true, enumerable, configurable: true });
}

/**
 * Revives what {@linkcode encodeError} made: an Error of the record's base class with its name,
 * message, stack and own properties (decoded by `decode`). `created` is called with the error
 * before its properties are decoded.
 */
export function reviveError(
  record: ErrorRecord,
  decode: (value: unknown) => unknown,
  created: (error: Error) => void,
): Error {
  const error = construct(record);
  created(error);
  if (record.base !== "DOMException") {
    if (error.name !== record.name) define(error, "name", record.name, false);
    if (error.message !== record.message) define(error, "message", record.message, false);
    for (const [key, value, enumerable] of record.own) {
      define(error, key, decode(value), enumerable);
    }
  }
  define(error, "stack", record.stack ?? `${record.name}: ${record.message}`, false);
  return error;
}
