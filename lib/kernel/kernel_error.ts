/**
 * The error {@linkcode compile} and `jit()` throw for an expression or function they cannot turn
 * into a kernel.
 *
 * @module
 */

/**
 * An expression given to `compile()` cannot be parsed, uses a name that is not allowed, or uses
 * syntax kernels do not support. The message quotes the expression and puts a caret under the
 * offending spot; `position` is that spot as a 0-based index into `expression`, and `cause` holds
 * the parser's own error when there was one. With the option `caller` (`"jit()"`) the message
 * starts with that name and shows only the source line of `position`, with its line and column:
 * a function's source runs over several lines.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = new KernelError("unknown name 'y'", "x + y", 4);
 * assert.equal(error.name, "KernelError");
 * assert.equal(error.position, 4);
 * assert.equal(error.message, "compile(): unknown name 'y' at position 4\n  x + y\n      ^");
 * ```
 */
export class KernelError extends Error {
  /** The expression as given to `compile()`, or the function's source given to `jit()`. */
  readonly expression: string;
  /** 0-based index of the offending character in `expression`, or `null` if not known. */
  readonly position: number | null;
  /** Creates a KernelError whose message is `reason`, the place, and the quoted expression. */
  constructor(
    reason: string,
    expression: string,
    position: number | null,
    options?: ErrorOptions & { hint?: string; caller?: string },
  ) {
    const hint = options?.hint ?? "";
    super(
      options?.caller === undefined
        ? pointAt(reason, expression, position, hint)
        : pointAtLine(options.caller, reason, expression, position, hint),
      options,
    );
    this.name = "KernelError";
    this.expression = expression;
    this.position = position;
  }
}

/**
 * `compile(): <reason> at position <p> <hint>`, then the expression and a caret under `p`.
 * Tabs and line breaks are shown as spaces so the caret stays under the right character.
 */
function pointAt(reason: string, expression: string, position: number | null, hint: string) {
  if (expression.trim() === "") {
    return `compile(): ${reason} (received ${JSON.stringify(expression)})`;
  }
  const where = position === null ? "" : ` at position ${position}`;
  const shown = expression.replace(/[\t\n\r\v\f]/g, " ");
  const caret = position === null ? "" : `\n  ${" ".repeat(position)}^`;
  return `compile(): ${reason}${where}${hint === "" ? "" : ` ${hint}`}\n  ${shown}${caret}`;
}

/**
 * `<caller>: <reason> at line <l>, column <c> <hint>`, then that line of `source` and a caret
 * under the column (1-based, as editors count).
 */
function pointAtLine(
  caller: string,
  reason: string,
  source: string,
  position: number | null,
  hint: string,
): string {
  const tail = hint === "" ? "" : ` ${hint}`;
  if (position === null) return `${caller}: ${reason}${tail}\n  ${source.split("\n", 1)[0]}`;
  const start = source.lastIndexOf("\n", position - 1) + 1;
  const end = source.indexOf("\n", position);
  const line = source.slice(start, end === -1 ? undefined : end).replace(/[\t\r\v\f]/g, " ");
  const lineNumber = source.slice(0, start).split("\n").length;
  const column = position - start;
  return `${caller}: ${reason} at line ${lineNumber}, column ${column + 1}${tail}\n  ${line}\n  ` +
    `${" ".repeat(column)}^`;
}
