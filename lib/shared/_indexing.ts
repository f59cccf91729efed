/**
 * Python's `arr[i]` and `arr[i] = v` on a SharedArray, without slowing its methods. A Proxy sits
 * at the end of the prototype chain of SharedValue and SharedArray (after Guarded.prototype), so
 * a property the instance and its classes define (`get`, `set`, `array`, `length`, `withLock`…)
 * is found before it and costs nothing more; only a name they lack reaches it. There, a numeric
 * key is an element read or write, done by the indexer of the receiver's class. Without it,
 * `arr[2]` would read `undefined` and `arr[2] = 0.5` would make an own property no other thread
 * sees: a wrong answer, silently.
 *
 * @module
 */

/** What `receiver[index]` and `receiver[index] = value` do for one class. */
export interface Indexer {
  /** The element at `index` (a number JavaScript spells as the key); throws if there is none. */
  read(receiver: object, index: number): unknown;
  /** Stores `value` at `index`; throws rather than store something other than asked. */
  write(receiver: object, index: number, value: unknown): void;
}

// Where a class keeps its indexer: on its prototype, not enumerable, not in its TypeScript type.
const INDEXER: unique symbol = Symbol("multiproc.indexer");

/** Makes `receiver[key]` for a numeric key do what `indexer` says, for instances of `cls`. */
export function indexBy(cls: { readonly prototype: object }, indexer: Indexer): void {
  Object.defineProperty(cls.prototype, INDEXER, { value: indexer });
}

/**
 * Puts the index trap at the end of `prototype`'s chain: numeric keys that nothing before it
 * defines go to the receiver's indexer (see {@linkcode indexBy}); other names behave as on a
 * plain object.
 */
export function trapIndexes(prototype: object): void {
  // The target is a private empty object, so that nothing defined through the trap (it never
  // defines anything) could land on Object.prototype.
  Object.setPrototypeOf(prototype, new Proxy({}, TRAP));
}

const TRAP: ProxyHandler<object> = {
  get(target, key, receiver): unknown {
    const index = typeof key === "string" ? indexOfKey(key, receiver) : undefined;
    if (index === undefined) return Reflect.get(target, key, receiver);
    const indexer = indexerOf(receiver);
    return indexer === undefined ? undefined : indexer.read(receiver, index);
  },
  set(target, key, value, receiver): boolean {
    const index = typeof key === "string" ? indexOfKey(key, receiver) : undefined;
    if (index === undefined) return Reflect.set(target, key, value, receiver);
    const indexer = indexerOf(receiver);
    if (indexer === undefined) return Reflect.set(target, key, value, receiver);
    indexer.write(receiver, index, value);
    return true;
  },
  // `key in x` tells the trap the key but not which object was asked, so it cannot answer for
  // one array's length; and Python's `x in arr` asks whether x is an element, not an index.
  has(target, key): boolean {
    if (typeof key === "string" && isNumericLooking(key)) {
      throw new TypeError(
        `\`${quoted(key)} in\` a SharedArray or SharedValue is not supported: JavaScript's ` +
          "`i in arr` asks whether index i exists, Python's `x in arr` whether x is an element; " +
          "write `i < arr.length` for the first, `arr.toArray().includes(x)` for the second",
      );
    }
    return Reflect.has(target, key);
  },
};

function indexerOf(receiver: unknown): Indexer | undefined {
  return (receiver as { [INDEXER]?: Indexer })[INDEXER];
}

/**
 * The number a key spells as JavaScript writes numbers ("2", "-1", "1.5", "NaN"), or undefined
 * for a name; a TypeError for a key that reads as a number but is not spelled as one ("01",
 * "0x1", " 2"), which would otherwise be a property named so.
 */
function indexOfKey(key: string, receiver: unknown): number | undefined {
  const number = Number(key);
  if (String(number) === key || key === "-0") return number;
  if (!isNumericLooking(key)) return undefined;
  throw new TypeError(
    `${kindOf(receiver)}[${quoted(key)}]: the key reads as a number but is not written as one; ` +
      `index with a number (${kindOf(receiver)}[${number}])`,
  );
}

function isNumericLooking(key: string): boolean {
  return key === "NaN" || (key.trim() !== "" && !Number.isNaN(Number(key)));
}

function kindOf(receiver: unknown): string {
  const name = (receiver as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === "string" && name !== "" ? name : "object";
}

function quoted(key: string): string {
  return JSON.stringify(key);
}
