// The check that a Process is as fresh as one on a worker of its own (tests/process/spare*_test.ts):
// what `reportFreshness` (tests/fixtures/spare_tasks.ts) sent from inside it.
import assert from "node:assert/strict";

/** What a Process must have reported to count as fresh. */
export interface FreshProcess {
  /** Its name: `self.name` and `currentProcess().name` inside it. */
  readonly name: string;
  /** Its pid, as its owner sees it; unchecked when `undefined`. */
  readonly pid?: number | undefined;
  /** `parentProcess().name` inside it. */
  readonly parent: string;
  /** The global names of a fresh worker; unchecked when `undefined`. */
  readonly globals?: unknown;
}

/**
 * Asserts that `report`, what `reportFreshness` sent from inside a Process, is a fresh one's: it
 * saw no global an earlier Process set, and has the expected name, pid, parent and globals.
 */
export function assertFreshProcess(report: unknown, expected: FreshProcess): void {
  assert.ok(Array.isArray(report) && report.length === 6, `a freshness report, got ${report}`);
  const [seen, selfName, currentName, pid, parentName, globals] = report;
  const { name } = expected;
  assert.equal(seen, false, `${name} saw a global an earlier Process set`);
  assert.equal(selfName, name, `${name}: self.name is the Process's name, as new Worker({ name })`);
  assert.equal(currentName, name, `${name}: currentProcess().name`);
  if (expected.pid !== undefined) assert.equal(pid, expected.pid, `${name}: its pid`);
  assert.equal(parentName, expected.parent, `${name}: parentProcess().name`);
  if (expected.globals !== undefined) {
    // A spare preloaded the library: that must leave no global a fresh worker lacks.
    assert.deepEqual(globals, expected.globals, `${name} has the globals of a fresh worker`);
  }
}
