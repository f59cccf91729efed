/**
 * Where tokens sit in an expression. mathjs's nodes carry no source positions, so an error about
 * a node is placed by counting: the code generator visits nodes in source order and counts the
 * tokens it has passed ("the 2nd `y`"); this module finds where that occurrence is. The scanner
 * mirrors mathjs's tokenizer (`getToken` in mathjs's `expression/parse.js`) and uses the character
 * classes mathjs exposes on `parse`, so both agree on what a name, a number or an operator is.
 *
 * @module
 */
import { mathjsParse } from "./_mathjs.ts";

/** The key under which string literals (`"…"` or `'…'`) are counted, whatever their text. */
export const STRING_LITERAL = '"';

interface CharacterClasses {
  isAlpha(c: string, previous: string, next: string): boolean;
  isDigit(c: string): boolean;
  isDigitDot(c: string): boolean;
  isDecimalMark(c: string, next: string): boolean;
  isWhitespace(c: string, nestingLevel: number): boolean;
}

// mathjs exposes its tokenizer's character tests on `parse`.
function chars(): CharacterClasses {
  return mathjsParse() as unknown as CharacterClasses;
}

// mathjs's DELIMITERS, longest first because the tokenizer tries 3, then 2, then 1 characters.
const DELIMITERS = [
  ">>>",
  ".*",
  "./",
  ".^",
  "^|",
  "?.",
  "??",
  "==",
  "!=",
  "<=",
  ">=",
  "<<",
  ">>",
  ...",()[]{}\"';+-*/%^~!&|=:?<>",
];
const NAMED_DELIMITERS = new Set(["mod", "to", "in", "and", "xor", "or", "not"]);
// After these a `'` is the transpose operator; elsewhere it opens a string.
const ENDS_OPERAND = new Set([")", "]", "}", "'", "!"]);

/**
 * 0-based index of occurrence `occurrence` (0 = first) of token `key` in `expression`, or
 * `null` if there is no such occurrence. `key` is an operator (`"+"`, `"mod"`), a name, `"\n"`
 * between statements, or {@linkcode STRING_LITERAL} for any string literal.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(tokenPosition("y + sin(y)", "y", 1), 8);
 * assert.equal(tokenPosition("x != 1e-3 != 2", "!=", 1), 10);
 * assert.equal(tokenPosition("x", "y", 0), null);
 * ```
 */
export function tokenPosition(expression: string, key: string, occurrence: number): number | null {
  let seen = 0;
  for (const [text, at] of tokens(expression)) {
    if (text === key && seen++ === occurrence) return at;
  }
  return null;
}

/** Yields `[key, index]` for every token that is not a number. */
function* tokens(expression: string): Generator<[string, number]> {
  const at = (i: number) => expression.charAt(i);
  let i = 0;
  let nesting = 0;
  let afterOperand = false;
  while (i < expression.length) {
    const c = at(i);
    if (c === "#") {
      while (i < expression.length && at(i) !== "\n") i++;
    } else if (chars().isWhitespace(c, nesting)) {
      i++;
    } else if (c === "\n") {
      yield ["\n", i++];
      afterOperand = false;
    } else if (c === '"' || (c === "'" && !afterOperand)) {
      yield [STRING_LITERAL, i];
      i = endOfString(expression, i);
      afterOperand = true;
    } else if (chars().isDigitDot(c) && !(c === "." && !chars().isDigit(at(i + 1)))) {
      i = endOfNumber(expression, i);
      afterOperand = true;
    } else if (chars().isAlpha(c, at(i - 1), at(i + 1))) {
      const start = i;
      while (chars().isAlpha(at(i), at(i - 1), at(i + 1)) || chars().isDigit(at(i))) i++;
      const name = expression.slice(start, i);
      yield [name, start];
      afterOperand = !NAMED_DELIMITERS.has(name);
    } else {
      const delimiter = DELIMITERS.find((d) =>
        expression.startsWith(d, i) && !(d === "?." && chars().isDigit(at(i + 2)))
      ) ?? c;
      yield [delimiter, i];
      i += delimiter.length;
      if ("([{".includes(delimiter)) {
        nesting++;
      }
      if (")]}".includes(delimiter)) {
        nesting--;
      }
      afterOperand = ENDS_OPERAND.has(delimiter);
    }
  }
}

/** Index just past the string literal opened at `start` (backslash escapes the next char). */
function endOfString(expression: string, start: number): number {
  const quote = expression.charAt(start);
  let i = start + 1;
  while (i < expression.length && expression.charAt(i) !== quote) {
    i += expression.charAt(i) === "\\" ? 2 : 1;
  }
  return i + 1;
}

/** Index just past the number starting at `start`: `0x1F`, `.5`, `2.5e-3`, … */
function endOfNumber(expression: string, start: number): number {
  const at = (i: number) => expression.charAt(i);
  let i = start;
  if (/^0[box]/.test(expression.slice(i, i + 2))) {
    i += 2;
    while (
      chars().isAlpha(at(i), at(i - 1), at(i + 1)) || chars().isDigit(at(i)) || at(i) === "."
    ) {
      i++;
    }
    return i;
  }
  while (chars().isDigit(at(i))) i++;
  if (chars().isDecimalMark(at(i), at(i + 1)) || (i === start && at(i) === ".")) i++;
  while (chars().isDigit(at(i))) i++;
  if ((at(i) === "e" || at(i) === "E") && /[0-9+-]/.test(at(i + 1))) {
    i += /[+-]/.test(at(i + 1)) ? 2 : 1;
    while (chars().isDigit(at(i))) i++;
  }
  return i;
}
