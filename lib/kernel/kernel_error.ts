/**
 * The error {@linkcode compile} throws for an expression it cannot turn into a kernel.
 *
 * @module
 */

/**
 * An expression given to `compile()` cannot be parsed, uses a name that is not allowed, or uses
 * syntax kernels do not support. The message quotes the expression and puts a caret under the
 * offending spot; `position` is that spot as a 0-based index into `expression`, and `cause` holds
 * the parser's own error when there was one.
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
  /** The expression as given to `compile()`. */
  readonly expression: string;
  /** 0-based index of the offending character in `expression`, or `null` if not known. */
  readonly position: number | null;
  /** Creates a KernelError whose message is `reason`, the place, and the quoted expression. */
  constructor(
    reason: string,
    expression: string,
    position: number | null,
    options?: ErrorOptions & { hint?: string },
  ) {
    super(pointAt(reason, expression, position, options?.hint ?? ""), options);
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
