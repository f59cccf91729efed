// How a class is named on the wire and found again on the other side. A registered class goes by
// its registered name. Any other class must be an export of the pool's (or Process's) module: a
// side that has that module's namespace names the export; a side that has not (the parent, whose
// main module may still be evaluating) names the class by its name and source text, and the
// receiver finds the export with that source. A parent reviving a result imports the module
// when it must, as Python's unpickler imports a class's module.
import { IN_DENO } from "../internal/runtime.ts";
import { type ClassObject, registeredClass, registeredName } from "./class_registry.ts";
import { className } from "./_class_of.ts";
import { ARRIVE, ClassesPending, ClassTravelError, notFound, SEND } from "./_class_errors.ts";

export { ClassesPending, ClassTravelError } from "./_class_errors.ts";

/** A class as it travels: a registered name, or an export (its name and source). */
export type ClassEntry =
  | { readonly r: string }
  | { readonly n: string; readonly s: string; readonly e?: string };

const IMPORT_LIMIT_MS = 10_000;

let mainEvaluated = false;
if (typeof globalThis.addEventListener === "function") {
  globalThis.addEventListener("load", () => mainEvaluated = true, { once: true });
}

// Deno fires "load" once the main module has evaluated, top-level await included: until then,
// importing it would wait for the very evaluation that is waiting for us.
function isEvaluatingMain(module: string): boolean {
  if (mainEvaluated || !IN_DENO) return false;
  try {
    return module === Deno.mainModule;
  } catch {
    return false;
  }
}

const source = (cls: ClassObject) => Function.prototype.toString.call(cls);

/** The classes one module's instances travel by; one per module URL and thread. */
export class ClassSpace {
  readonly module: string | null;
  #namespace: Record<string, unknown> | null = null;
  #importing: Promise<void> | null = null;
  #importError: unknown = null;
  // Name and source → the classes sent with them (two: a factory made both; neither is named so).
  readonly #sent = new Map<string, WeakRef<ClassObject>[]>();

  constructor(module: string | null) {
    this.module = module;
  }

  /** Gives the module's namespace (the worker's task catalog loaded it). */
  noteNamespace(namespace: Record<string, unknown>): void {
    this.#namespace = namespace;
  }

  /** How instances of `cls` travel; throws a ClassTravelError if they cannot. */
  entryOf(cls: ClassObject): ClassEntry {
    const registered = registeredName(cls);
    if (registered !== undefined) return { r: registered };
    const name = className(cls);
    if (this.module === null) throw notFound(name, null, SEND);
    const text = source(cls);
    if (this.#namespace !== null) {
      const key = this.#exportKey(cls, name);
      if (key === null) throw notFound(name, this.module, SEND);
      return { n: name, s: text, e: key };
    }
    this.#noteSent(cls, `${name}\n${text}`);
    return { n: name, s: text };
  }

  /** The class `entry` names; throws a ClassTravelError, or ClassesPending while importing. */
  classOf(entry: ClassEntry): ClassObject {
    if ("r" in entry) {
      const found = registeredClass(String(entry.r));
      if (found !== undefined) return found;
      throw new ClassTravelError(
        `an instance of a class registered as "${entry.r}" arrived, but no class is registered ` +
          `under that name here: call registerClass(${entry.r}) at the top level of a module ` +
          "both sides load (the pool's module, say), not only where the instance was made",
      );
    }
    const name = String(entry.n);
    if (this.#namespace !== null) return this.#fromNamespace(entry, name);
    const sent = this.#onlySent(`${name}\n${entry.s}`);
    if (sent !== null) return sent;
    if (this.module === null) throw notFound(name, null, ARRIVE);
    if (this.#importError !== null) {
      throw new ClassTravelError(
        `an instance of class ${name} arrived, but ${this.module} could not be imported here ` +
          `to find it (${errorText(this.#importError)}): call registerClass(${name}) at the top ` +
          "level of a module both sides load",
        { cause: this.#importError },
      );
    }
    if (isEvaluatingMain(this.module)) {
      throw new ClassTravelError(
        `an instance of class ${name} arrived from ${this.module}, which is this program's main ` +
          "module and is still evaluating (the pool is used at its top level), so its exports " +
          `cannot be read yet: call registerClass(${name}) at the top level of that module, ` +
          "before the pool is used, and instances arrive as " + name,
      );
    }
    throw new ClassesPending(this.#import());
  }

  #import(): Promise<void> {
    if (this.#importing !== null) return this.#importing;
    const imported = import(this.module!).then(
      (namespace) => this.noteNamespace(namespace),
      (error) => {
        this.#importError = error ?? new Error("import failed");
      },
    );
    this.#importing = mainEvaluated || !IN_DENO ? imported : this.#bounded(imported);
    return this.#importing;
  }

  // While the main module evaluates, a module that imports it (a cycle) cannot finish either:
  // give up after a while rather than wait for ever (if it finishes later, its classes are
  // found from then on).
  #bounded(imported: Promise<void>): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.#namespace === null && this.#importError === null) {
          this.#importError = new Error(
            `importing it did not finish within ${IMPORT_LIMIT_MS / 1000} s while this ` +
              "program's main module is still evaluating (does it import the main module?)",
          );
        }
        resolve();
      }, IMPORT_LIMIT_MS);
      void imported.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  #read(key: string): unknown {
    try {
      return this.#namespace![key];
    } catch {
      return undefined; // still in its temporal dead zone
    }
  }

  #exportKey(cls: ClassObject, name: string): string | null {
    if (this.#read(name) === cls) return name;
    for (const key of Object.keys(this.#namespace!)) if (this.#read(key) === cls) return key;
    return null;
  }

  #fromNamespace(entry: { n: string; s: string; e?: string }, name: string): ClassObject {
    if (typeof entry.e === "string") {
      const exported = this.#read(entry.e);
      if (typeof exported === "function" && source(exported as ClassObject) === entry.s) {
        return exported as ClassObject;
      }
    }
    const matches = new Set<ClassObject>();
    for (const key of Object.keys(this.#namespace!)) {
      const value = this.#read(key);
      if (typeof value === "function" && source(value as ClassObject) === entry.s) {
        matches.add(value as ClassObject);
      }
    }
    if (matches.size === 1) return [...matches][0]!;
    if (matches.size === 0) throw notFound(name, this.module, ARRIVE);
    throw new ClassTravelError(
      `an instance of class ${name} arrived, but ${this.module} exports ${matches.size} ` +
        "different classes with its source text (a factory made them), so which one is meant " +
        `cannot be told: register each with registerClass(cls, "a distinct name")`,
    );
  }

  #noteSent(cls: ClassObject, text: string): void {
    const refs = (this.#sent.get(text) ?? []).filter((ref) => ref.deref() !== undefined);
    if (!refs.some((ref) => ref.deref() === cls)) refs.push(new WeakRef(cls));
    this.#sent.set(text, refs);
    if (refs.length > 1) {
      const name = className(cls);
      throw new ClassTravelError(
        `an instance of class ${name} ${SEND}: another class with the same name ` +
          "and source text was sent before (a factory made both), so the other side cannot " +
          `tell them apart: register each with registerClass(cls, "a distinct name")`,
      );
    }
  }

  #onlySent(text: string): ClassObject | null {
    const refs = this.#sent.get(text);
    if (refs === undefined || refs.length !== 1) return null;
    return refs[0]!.deref() ?? null;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

const spaces = new Map<string | null, ClassSpace>();

/** The class space of `module` in this thread. */
export function classSpace(module: string | null): ClassSpace {
  let space = spaces.get(module);
  if (space === undefined) spaces.set(module, space = new ClassSpace(module));
  return space;
}
