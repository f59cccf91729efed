// Which objects travel as class instances: those of a class the program defined. Built-in and
// platform types (Date, RegExp, wrappers, Blob, CryptoKey, URL…) and their subclasses are left
// to structured clone, which keeps them, refuses them or copies them as it always did.
import type { ClassObject } from "./class_registry.ts";

/** What `classOf` found: the class, or that the object's prototype belongs to no class. */
export type FoundClass = ClassObject | typeof NO_CLASS | null;

/** The object's prototype is not a class's prototype (made by `Object.create(proto)`, say). */
export const NO_CLASS: unique symbol = Symbol("no class");

// Prototype → what it says about its objects; filled once per prototype.
const byPrototype = new WeakMap<object, FoundClass>();
const NATIVE = /\{\s*\[native code\]\s*\}\s*$/;

function isBuiltIn(constructor: unknown): boolean {
  if (typeof constructor !== "function") return false;
  if (NATIVE.test(Function.prototype.toString.call(constructor))) return true;
  // Deno writes its web classes (Blob, URL, Headers…) in JavaScript: they are globals.
  const name = constructor.name;
  return typeof name === "string" && name !== "" &&
    (globalThis as Record<string, unknown>)[name] === constructor;
}

function constructorOf(prototype: object): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(prototype, "constructor");
  return descriptor !== undefined && "value" in descriptor ? descriptor.value : undefined;
}

function lookUp(prototype: object): FoundClass {
  for (
    let link: object | null = prototype;
    link !== null && link !== Object.prototype;
    link = Object.getPrototypeOf(link)
  ) {
    if (isBuiltIn(constructorOf(link))) return null;
  }
  const constructor = constructorOf(prototype);
  if (typeof constructor === "function" && constructor.prototype === prototype) {
    return constructor as ClassObject;
  }
  return NO_CLASS;
}

/**
 * The program-defined class `value` is an instance of (its most derived one), `NO_CLASS` if its
 * prototype is no class's, or `null` for plain objects, built-in and platform types and their
 * subclasses. Reads the prototype chain once per prototype; may throw (a revoked Proxy).
 */
export function classOf(value: object): FoundClass {
  return classOfPrototype(Object.getPrototypeOf(value));
}

/** {@linkcode classOf} for an object whose prototype is `prototype`. */
export function classOfPrototype(prototype: object | null): FoundClass {
  if (prototype === null || prototype === Object.prototype) return null;
  // Values are mostly many objects of one type (100 Dates, 100 Points): the last answer first.
  if (prototype === lastPrototype) return lastFound;
  let found = byPrototype.get(prototype);
  if (found === undefined) byPrototype.set(prototype, found = lookUp(prototype));
  lastPrototype = prototype;
  lastFound = found;
  return found;
}

// A strong reference to one prototype, and so to its class: one class kept alive at most.
let lastPrototype: object | null = null;
let lastFound: FoundClass = null;

/** The name of `cls` for messages: its own name, or "(anonymous class)". */
export function className(cls: ClassObject): string {
  const name = (cls as { name?: unknown }).name;
  return typeof name === "string" && name !== "" ? name : "(anonymous class)";
}
