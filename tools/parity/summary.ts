/**
 * Turns `deno test` output of `tests/python_parity/` into per-class counts against
 * {@linkcode CPYTHON_CLASSES}: how many tests each CPython class has, how many can apply here,
 * how many are ported, and how many of those pass.
 *
 * @module
 */
import type { CpythonClass } from "./catalog.ts";

/** What became of one CPython test. */
export type TestStatus = "pass" | "fail" | "not ported" | "not applicable";

/** One CPython class's counts, and each test's status. */
export interface ClassSummary {
  readonly name: string;
  readonly tests: number;
  readonly apply: number;
  readonly ported: number;
  readonly pass: number;
  readonly notApplicable: string | undefined;
  readonly statuses: ReadonlyMap<string, { status: TestStatus; why?: string }>;
}

// "_TestLock.test_lock: what it checks ... ok (12ms)", possibly indented (a test step). One
// title may cover several tests of a class ("_TestPool.test_map_async, test_starmap_async: …"),
// and ports of one test may carry a suffix after the name ("_TestProcess.test_kill[process]: …").
const RESULT_LINE =
  /^\s*(\w+)\.(test_\w+(?:, test_\w+)*)(?:\[[^\]]*\])?: .* \.\.\. (ok|FAILED|ignored)\b/;

// The escape character is built from its code so the pattern holds no control character.
const COLOR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

function stripColors(text: string): string {
  return text.replaceAll(COLOR, "");
}

/**
 * The outcome of every ported CPython test named in `output`, keyed `Class.test_name`; a test
 * ported as several Deno tests passes only if every one of them passed.
 */
export function parseResults(output: string): Map<string, boolean> {
  const results = new Map<string, boolean>();
  for (const line of stripColors(output).split("\n")) {
    const match = line.match(RESULT_LINE);
    if (match === null) continue;
    for (const test of match[2]!.split(", ")) {
      const key = `${match[1]}.${test}`;
      results.set(key, (results.get(key) ?? true) && match[3] === "ok");
    }
  }
  return results;
}

/** Per-class counts; throws if a port names a class or test the catalog does not have. */
export function summarize(
  classes: readonly CpythonClass[],
  results: ReadonlyMap<string, boolean>,
): ClassSummary[] {
  const known = new Set(classes.flatMap((c) => c.tests.map((test) => `${c.name}.${test}`)));
  const unknown = [...results.keys()].filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new Error(`ports name tests CPython does not have: ${unknown.join(", ")}`);
  }
  return classes.map((cpythonClass) => {
    const statuses = new Map<string, { status: TestStatus; why?: string }>();
    for (const test of cpythonClass.tests) {
      const why = cpythonClass.notApplicable ?? cpythonClass.skip?.[test];
      const result = results.get(`${cpythonClass.name}.${test}`);
      if (result !== undefined) statuses.set(test, { status: result ? "pass" : "fail" });
      else if (why !== undefined) statuses.set(test, { status: "not applicable", why });
      else statuses.set(test, { status: "not ported" });
    }
    const count = (wanted: TestStatus[]) =>
      [...statuses.values()].filter(({ status }) => wanted.includes(status)).length;
    return {
      name: cpythonClass.name,
      tests: cpythonClass.tests.length,
      apply: count(["pass", "fail", "not ported"]),
      ported: count(["pass", "fail"]),
      pass: count(["pass"]),
      notApplicable: cpythonClass.notApplicable,
      statuses,
    };
  });
}
