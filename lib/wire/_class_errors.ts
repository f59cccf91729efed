// The errors of class travel (see _class_space.ts): a class that cannot travel or cannot be
// found says what to write instead; a class that can be found only once the module is imported
// here asks the caller to wait.

/** A class cannot travel, or arrived and cannot be found here: what to write instead. */
export class ClassTravelError extends TypeError {
  override name = "TypeError";
}

/** The classes of a value cannot be found until the module is imported here: retry after `ready`. */
export class ClassesPending extends Error {
  constructor(readonly ready: Promise<void>) {
    super("the pool's module is being imported to find the classes of a value");
  }
}

const WAYS = (name: string, module: string | null) =>
  (module === null
    ? "create the pool (or Process) with { module: import.meta.url } and export " +
      `${name} from that module`
    : `export ${name} from ${module}`) +
  `, or call registerClass(${name}) at the top level of a module both sides load ` +
  "(the class is then found by that name)";

/**
 * The TypeError for an instance of class `cls` that `what` (SEND or ARRIVE) because `module`
 * does not export it and it is not registered: it names the two ways to make it travel.
 */
export function notFound(cls: string, module: string | null, what: string): ClassTravelError {
  const from = module === null ? "the pool has no module" : `it is not exported from ${module}`;
  return new ClassTravelError(
    `an instance of class ${cls} ${what}: ${from}, and no class is registered under that ` +
      `name, so the receiving side cannot give it its methods. To make it travel, ${
        WAYS(cls, module)
      }`,
  );
}

/** What happened to an instance whose class cannot travel: sending it, or receiving it. */
export const SEND = "cannot be sent";
/** See {@linkcode SEND}. */
export const ARRIVE = "cannot be revived here";
