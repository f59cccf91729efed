/**
 * Every test class and test of CPython's `Lib/test/_test_multiprocessing.py`, and which cannot
 * apply here and why, read from `cpython_tests.txt`. The parity report counts the rest against
 * the ports in `tests/python_parity/`, whose titles begin with `Class.test_name:`.
 * @module
 */

/** One CPython test class. */
export interface CpythonClass {
  readonly name: string;
  readonly tests: readonly string[];
  /** Why the whole class cannot apply; absent when some of it can. */
  readonly notApplicable?: string;
  /** Tests of an applicable class that cannot apply, with the reason. */
  readonly skip?: Readonly<Record<string, string>>;
}

const CLASS_LINE = /^(\w+)(?: \[(\w+)\])?:((?: \w+(?:\[\w+\])?)+)$/;

function parseCatalog(text: string): CpythonClass[] {
  const reasons = new Map<string, string>();
  const reason = (key: string): string => {
    const found = reasons.get(key);
    if (found === undefined) throw new SyntaxError(`cpython_tests.txt: no reason [${key}]`);
    return found;
  };
  const classes: CpythonClass[] = [];
  // An indented line continues the one above.
  for (const line of text.replaceAll(/\n +/g, " ").split("\n")) {
    const [, reasonKey, reasonText] = line.match(/^\[(\w+)\] (.+)$/) ?? [];
    const [, name, classKey, list] = line.match(CLASS_LINE) ?? [];
    if (reasonKey !== undefined) {
      reasons.set(reasonKey, reasonText!);
    } else if (name !== undefined) {
      const tests = list!.trim().split(" ").map((token) => token.match(/^(\w+)(?:\[(\w+)\])?$/)!);
      const skip = tests.filter(([, , key]) => key).map(([, test, key]) => [test, reason(key!)]);
      classes.push({
        name,
        tests: tests.map(([, test]) => test!),
        ...(classKey === undefined ? {} : { notApplicable: reason(classKey) }),
        ...(skip.length === 0 ? {} : { skip: Object.fromEntries(skip) }),
      });
    } else if (/^[^#]/.test(line)) {
      throw new SyntaxError(`cpython_tests.txt: cannot read "${line}"`);
    }
  }
  return classes;
}

/** The classes in source order. */
export const CPYTHON_CLASSES: readonly CpythonClass[] = parseCatalog(
  Deno.readTextFileSync(new URL("./cpython_tests.txt", import.meta.url)),
);
