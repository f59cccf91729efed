/**
 * Turns `deno test` output of `tests/python_parity/` into per-class counts against
 * {@linkcode CPYTHON_CLASSES}: tests per CPython class, how many can apply, are ported and pass.
 * @module
 */
import { stripVTControlCharacters } from "node:util";
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

/** Each ported test's outcome, keyed `Class.test_name`: passed only if all its ports passed. */
export function parseResults(output: string): Map<string, boolean> {
  const results = new Map<string, boolean>();
  for (const line of stripVTControlCharacters(output).split("\n")) {
    const [, className, tests, outcome] = line.match(RESULT_LINE) ?? [];
    for (const test of tests?.split(", ") ?? []) {
      const key = `${className}.${test}`;
      results.set(key, (results.get(key) ?? true) && outcome === "ok");
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
  return classes.map(({ name, tests, notApplicable, skip }) => {
    const outcome = (test: string): { status: TestStatus; why?: string } => {
      const result = results.get(`${name}.${test}`);
      const why = notApplicable ?? skip?.[test];
      if (result !== undefined) return { status: result ? "pass" : "fail" };
      return why === undefined ? { status: "not ported" } : { status: "not applicable", why };
    };
    const statuses = new Map(tests.map((test) => [test, outcome(test)]));
    const count = (...wanted: TestStatus[]): number =>
      [...statuses.values()].filter(({ status }) => wanted.includes(status)).length;
    const [ported, pass] = [count("pass", "fail"), count("pass")];
    const apply = ported + count("not ported");
    return { name, tests: tests.length, apply, ported, pass, notApplicable, statuses };
  });
}
