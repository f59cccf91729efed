/**
 * Turns Deno's permission error into the flag that grants it, for the errors of workers that
 * could not start.
 *
 * @module
 */

/**
 * For a cause that is (or was caused by) Deno's permission error, like `Requires read access to
 * "/srv/app/tasks.ts", run again with the --allow-read flag`: the flag that grants exactly that,
 * as a sentence to append; otherwise "".
 */
export function permissionHint(cause: unknown): string {
  for (let error = cause, depth = 0; error instanceof Error && depth < 8; depth++) {
    const match = /Requires (\w+) access to "([^"]+)"/.exec(error.message);
    if (match !== null) {
      const [, kind, item] = match;
      const folder = kind === "read" || kind === "write" ? " (or a folder that holds it)" : "";
      return `. Deno denied ${kind} access to ${item}: grant it by running the program with ` +
        `--allow-${kind}=${item}${folder} (a worker never has more than its program), and ` +
        "list it in the Pool's or Process's permissions option if that narrows them";
    }
    error = error.cause;
  }
  return "";
}
