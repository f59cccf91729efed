// Every message from a worker thread is checked against what its parent expects of that worker
// before anything acts on it: these are the faults the check must name.
import assert from "node:assert/strict";
import { messageFault, type WorkerExpectation } from "../../lib/worker/_message_check.ts";

/** A worker with units 10..19 sent, 10..14 started, unit 13 taken back. */
const EXPECT: WorkerExpectation = {
  answered: 10,
  unanswered: 10,
  passed: 15,
  withdrawnIn: (first, count) => (first <= 13 && 13 < first + count ? 1 : 0),
};

function results(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    type: "results",
    first: 10,
    skipped: 0,
    values: [1, 2],
    failures: null,
    busyMs: 0.5,
    shared: null,
    ...fields,
  };
}

Deno.test("a well-formed results message that fits the worker's state passes the check", () => {
  assert.equal(messageFault(results({}), EXPECT), null);
  assert.equal(messageFault(results({ values: [1, 2, 3, 4], skipped: 1 }), EXPECT), null);
  const failure = { thrown: "boom", encoded: false };
  assert.equal(messageFault(results({ failures: [[1, failure]], shared: [0] }), EXPECT), null);
  assert.equal(
    messageFault({ type: "died", reason: "close", failure: null, exitCode: 0 }, {
      ...EXPECT,
    }),
    null,
  );
  assert.equal(messageFault({ type: "ready" }, EXPECT), null, "a worker's end of its start");
});

Deno.test("results for more units than the worker started, or out of sequence, are named", () => {
  assert.match(messageFault(results({ values: [1, 2, 3, 4, 5, 6] }), EXPECT)!, /started 5/);
  assert.match(messageFault(results({ first: 9 }), EXPECT)!, /#9 when #10 was next/);
  assert.match(messageFault(results({ values: [] }), EXPECT)!, /0 unit/);
  assert.match(
    messageFault(results({ values: [1, 2, 3, 4, 5] }), EXPECT)!,
    /skipping 0 unit\(s\) where 1 had been taken back/,
  );
});

Deno.test("malformed fields, unknown types and non-objects are named", () => {
  assert.match(messageFault("garbage", EXPECT)!, /a "garbage" instead of a message object/);
  assert.match(messageFault(null, EXPECT)!, /null instead/);
  assert.match(messageFault({ type: "run" }, EXPECT)!, /unknown type "run"/);
  assert.match(messageFault(results({ values: 3 }), EXPECT)!, /values are a 3/);
  assert.match(messageFault(results({ skipped: -1 }), EXPECT)!, /skipped = -1/);
  assert.match(messageFault(results({ busyMs: NaN }), EXPECT)!, /busyMs = NaN/);
  assert.match(messageFault(results({ shared: [2] }), EXPECT)!, /shared position 2 of 2/);
  assert.match(messageFault(results({ failures: [[5, {}]] }), EXPECT)!, /failure at position 5/);
  assert.match(messageFault(results({ failures: [[0, 7]] }), EXPECT)!, /not a failure record/);
  assert.match(
    messageFault({ type: "died", reason: "nonsense", failure: null, exitCode: null }, EXPECT)!,
    /unknown reason "nonsense"/,
  );
  assert.match(
    messageFault({ type: "init-error", failure: { thrown: 1, encoded: true } }, EXPECT)!,
    /init-error after it had started/,
  );
});
