/**
 * Classes whose instances travel to workers and back as instances: Python pickles an instance
 * with a reference to its class, and {@linkcode registerClass} is the explicit form of that
 * reference. A class exported from the pool's (or Process's) `module` needs no registration:
 * it is found by its export.
 *
 * @module
 */

/**
 * A class (any constructor function) whose instances can travel.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * class Celsius {
 *   constructor(readonly degrees: number) {}
 * }
 * const travelling: ClassObject = Celsius;
 * assert.equal(travelling.prototype, Celsius.prototype);
 * ```
 */
// deno-lint-ignore no-explicit-any
export type ClassObject = abstract new (...args: any[]) => unknown;

const byName = new Map<string, ClassObject>();
const names = new Map<ClassObject, string>();

/**
 * Lets instances of `cls` travel to workers and child processes (as arguments, results, a
 * Process's args, a Pool's initargs) and arrive as instances of `cls`, with its methods: the
 * sender sends `name` and the instance's own enumerable fields; the receiver finds the class
 * registered under `name` and gives it those fields without calling the constructor, as
 * Python's unpickling does. Call it at the top level of a module that both sides load (the
 * pool's module, say), so that every worker registers the class too. `#private` fields cannot
 * travel (nothing outside the class can read them): use plain fields in a class that travels.
 *
 * A class exported from the pool's `module` travels without this; registering is for classes
 * that module imports from elsewhere or does not export.
 *
 * @param cls The class.
 * @param name What identifies it on the wire; defaults to `cls.name`. Both sides must use the
 * same name, and one name means one class.
 * @returns `cls`, so a registration can wrap a class expression.
 * @throws {TypeError} if `cls` is not a class, the name is empty, or the name (or the class) is
 * already registered with another class (or name).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "../../mod.ts";
 * // _money.ts calls registerClass(Money, "examples.Money") at its top level, and the pool's
 * // workers load that module, so Money is known on both sides by that name.
 * import { Money, withTax } from "../../examples/_money.ts";
 * const module = new URL("../../examples/_money.ts", import.meta.url);
 * await using pool = new Pool({ processes: 1, module });
 * const taxed = await pool.apply(withTax, [new Money(1000, "EUR"), 0.2]);
 * assert.ok(taxed instanceof Money);
 * assert.equal(taxed.toString(), "12.00 EUR");
 * ```
 */
export function registerClass<C extends ClassObject>(cls: C, name: string = cls?.name): C {
  if (typeof cls !== "function" || typeof cls.prototype !== "object" || cls.prototype === null) {
    throw new TypeError(
      `registerClass() expects a class, received ${cls === null ? "null" : typeof cls}`,
    );
  }
  if (typeof name !== "string" || name === "") {
    throw new TypeError(
      "registerClass() needs a name for the class: pass one as its second argument " +
        "(an anonymous class has none)",
    );
  }
  const known = byName.get(name);
  const knownName = names.get(cls);
  if (known === cls && knownName === name) return cls;
  if (known !== undefined) {
    throw new TypeError(
      `registerClass(): the name "${name}" is already registered for another class; ` +
        "give each class its own name (the second argument)",
    );
  }
  if (knownName !== undefined) {
    throw new TypeError(
      `registerClass(): class ${name} is already registered as "${knownName}"; a class has one name`,
    );
  }
  byName.set(name, cls);
  names.set(cls, name);
  return cls;
}

/** The name `cls` was registered under, or `undefined`. */
export function registeredName(cls: ClassObject): string | undefined {
  return names.get(cls);
}

/** The class registered under `name`, or `undefined`. */
export function registeredClass(name: string): ClassObject | undefined {
  return byName.get(name);
}
