/**
 * Python's spellings of our members, made loud. Code ported from Python reads `p.exitcode` where
 * ours is `p.exitCode`; `deno run` does not type-check, so that read would be `undefined` — a
 * wrong answer, silently. {@linkcode guardPythonNames} installs, on a class's prototype, a getter
 * for each Python name that throws a TypeError naming ours. The getters are not in the class's
 * TypeScript type, so the compiler still rejects the name and `deno doc` does not list it.
 *
 * @module
 */

/**
 * Python's spelling of a member → multiproc's, e.g. `{ exitcode: "exitCode" }`; or, for a member
 * multiproc does not have, what to do instead: `{ daemon: { none: "there is no daemon flag" } }`.
 */
export type PythonNames = Readonly<Record<string, string | { readonly none: string }>>;

/** Any class, abstract ones included: only its `prototype` and `name` are used. */
export interface ClassLike {
  readonly prototype: object;
  readonly name: string;
}

// What each class was given, for the tests (every installed map is checked against its class).
const installed = new Map<ClassLike, PythonNames>();

/**
 * Installs on `cls.prototype` a guard for each Python name in `names`: reading it, or assigning
 * it, throws a TypeError that names multiproc's member. The guards are non-enumerable (`for…in`,
 * `Object.keys` and structured cloning never see them) and subclasses inherit them. A Python name
 * that is already a member, or a target that is not one, is a mistake in the map: it throws
 * rather than shadow a real member or point at a missing one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * class Job {
 *   get exitCode(): number | null {
 *     return null;
 *   }
 * }
 * guardPythonNames(Job, { exitcode: "exitCode" });
 * const job: Record<string, unknown> = new Job() as never;
 * assert.throws(() => job.exitcode, {
 *   name: "TypeError",
 *   message: "Job.exitcode is Python's name; multiproc's is exitCode",
 * });
 * assert.throws(() => (job.exitcode = 0), TypeError);
 * assert.deepEqual(Object.keys(job), []);
 * ```
 */
export function guardPythonNames(cls: ClassLike, names: PythonNames): void {
  const prototype = cls.prototype;
  // Every entry is checked before any is installed: a bad map installs nothing.
  const guards = Object.entries(names).map(([python, ours]) => {
    if (python in prototype) {
      throw new TypeError(
        `guardPythonNames(${cls.name}): ${python} is a member of ${cls.name}; a guard would hide it`,
      );
    }
    const [shown, instead] = typeof ours === "string"
      ? counterpart(cls, python, ours)
      : [python, `multiproc has none: ${ours.none}`];
    return { python, shown, instead };
  });
  for (const { python, shown, instead } of guards) {
    Object.defineProperty(prototype, python, {
      configurable: true,
      enumerable: false,
      get(this: unknown): never {
        throw new TypeError(`${classOf(this, cls)}.${shown} is Python's name; ${instead}`);
      },
      set(this: unknown, _value: unknown): never {
        throw new TypeError(
          `cannot assign ${classOf(this, cls)}.${python}: it is Python's name; ${instead}`,
        );
      },
    });
  }
  installed.set(cls, { ...installed.get(cls), ...names });
}

/** Every class given Python names so far, with its map (what the tests check). */
export function guardedPythonNames(): ReadonlyMap<ClassLike, PythonNames> {
  return installed;
}

// How a Python name and ours are shown: `is_alive()` and `isAlive()` for a method.
function counterpart(cls: ClassLike, python: string, ours: string): [string, string] {
  const prototype = cls.prototype;
  if (!(ours in prototype)) {
    throw new TypeError(
      `guardPythonNames(${cls.name}): ${python} maps to ${ours}, which ${cls.name} does not have`,
    );
  }
  return isMethod(prototype, ours)
    ? [`${python}()`, `multiproc's is ${spellMethod(prototype, ours)}`]
    : [python, `multiproc's is ${ours}`];
}

function isMethod(prototype: object, name: string): boolean {
  for (let at: object | null = prototype; at !== null; at = Object.getPrototypeOf(at)) {
    const descriptor = Object.getOwnPropertyDescriptor(at, name);
    if (descriptor !== undefined) return typeof descriptor.value === "function";
  }
  return false;
}

// `waitFor()` also names `waitForSync()` where there is one: Python's call blocks, so either fits.
function spellMethod(prototype: object, name: string): string {
  return `${name}Sync` in prototype ? `${name}() (or ${name}Sync())` : `${name}()`;
}

// The receiver's class (a subclass names itself), or the guarded class when there is none.
function classOf(receiver: unknown, cls: ClassLike): string {
  if (typeof receiver === "object" && receiver !== null) {
    const name: unknown = (receiver as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === "string" && name !== "") return name;
  }
  return cls.name;
}
