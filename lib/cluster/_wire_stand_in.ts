// What a reply carries instead of a value that cannot cross: a result becomes a TypeError saying
// where and why; a thrown Error keeps its name, message and stack, with a `cause` saying what of
// it was lost; any other thrown value becomes a TypeError describing it.
import { isError, readText, safeText } from "../wire/failure.ts";

/**
 * The error sent instead of `value` (a result, or what a task threw when `thrown`), which could
 * not be encoded for the reason `problem` gives, on the worker named `worker`.
 */
export function standIn(value: unknown, thrown: boolean, problem: Error, worker: string): Error {
  const why = `${problem.message} (on cluster worker ${worker})`;
  if (!thrown) return new TypeError(why, { cause: problem.cause });
  if (isError(value)) {
    const bare = new Error(readText(value, "message") ?? "", {
      cause: new TypeError(`this error's fields could not all be sent back: ${why}`),
    });
    bare.name = readText(value, "name") ?? "Error";
    const stack = readText(value, "stack");
    if (stack !== undefined) bare.stack = stack;
    return bare;
  }
  return new TypeError(
    `the task threw ${safeText(value)}, which cannot be sent back: ${why}; throw an Error, ` +
      "or plain data",
  );
}
