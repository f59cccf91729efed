// A worker thread sends its commonest results message as a flat array; the parent turns it back
// into the object and checks it as any other: what it carries must come out the same, and a
// forged short form must fail the same check.
import assert from "node:assert/strict";
import { packPlainResults, unpackPlainResults } from "../../lib/worker/_plain_results.ts";
import { messageFault, type WorkerExpectation } from "../../lib/worker/_message_check.ts";
import type { ResultsMessage } from "../../lib/worker/protocol.ts";
import { Pool } from "../../mod.ts";

const EXPECT: WorkerExpectation = {
  answered: 10,
  unanswered: 4,
  passed: 14,
  withdrawnIn: () => 0,
};

function results(fields: Partial<ResultsMessage>): ResultsMessage {
  return {
    type: "results",
    first: 10,
    skipped: 0,
    values: [1, 2],
    failures: null,
    busyMs: 0.25,
    shared: null,
    ...fields,
  };
}

Deno.test("packPlainResults() and unpackPlainResults() give back the same results message", () => {
  const odd = [NaN, -0, Infinity, -Infinity, undefined, null, "", { a: [1] }, 2n];
  for (const values of [[1], [undefined], odd, Array.from({ length: 16 }, (_, i) => i)]) {
    const message = results({ values, first: 10 });
    const packed = packPlainResults(message);
    assert.notEqual(packed, null, `${values.length} plain value(s) take the short form`);
    const back = unpackPlainResults(structuredClone(packed)) as ResultsMessage;
    assert.deepEqual(back, message);
    assert.ok(Object.is((back.values as unknown[])[1], values[1]), "-0 stays -0");
  }
});

Deno.test("packPlainResults() leaves failures, skips, shared values and long batches as objects", () => {
  const failure = { thrown: "boom", encoded: false } as const;
  assert.equal(packPlainResults(results({ failures: [[0, failure]] })), null);
  assert.equal(packPlainResults(results({ skipped: 1 })), null);
  assert.equal(packPlainResults(results({ shared: [0] })), null);
  assert.equal(packPlainResults(results({ values: new Array(17).fill(0) })), null);
});

Deno.test("unpackPlainResults() passes other messages through, and forged short forms fail the check", () => {
  const ready = { type: "ready" };
  assert.equal(unpackPlainResults(ready), ready);
  assert.equal(unpackPlainResults("garbage"), "garbage");
  assert.match(messageFault(unpackPlainResults([10]), EXPECT)!, /instead of a message object/);
  assert.match(messageFault(unpackPlainResults([]), EXPECT)!, /instead of a message object/);
  assert.match(messageFault(unpackPlainResults([9, 0, 1]), EXPECT)!, /#9 when #10 was next/);
  assert.match(messageFault(unpackPlainResults(["10", 0, 1]), EXPECT)!, /when #10 was next/);
  assert.match(messageFault(unpackPlainResults([10, -1, 1]), EXPECT)!, /busyMs = -1/);
  assert.match(messageFault(unpackPlainResults([10, "0", 1]), EXPECT)!, /busyMs/);
  assert.match(messageFault(unpackPlainResults([10, 0]), EXPECT)!, /0 unit/);
  assert.match(messageFault(unpackPlainResults([10, 0, 1, 2, 3, 4, 5]), EXPECT)!, /started 4/);
  assert.equal(messageFault(unpackPlainResults([10, 0, 1, 2]), EXPECT), null);
});

Deno.test("a pool's results travel the same by the short form and the long one", async () => {
  const pool = new Pool({ processes: 1 });
  try {
    const odd = [NaN, -0, Infinity, undefined, null, "x", [1, [2]], { k: 1n }];
    for (const value of odd) {
      const back = await pool.apply((v: unknown) => v, [value]);
      assert.ok(Object.is(back, value) || (typeof value === "object" && value !== null));
      if (typeof value === "object" && value !== null) assert.deepEqual(back, value);
    }
    // 17+ results in one message take the long form; a throw among them fails only its own call.
    const many = Array.from({ length: 40 }, (_, i) => i);
    const settled = await Promise.allSettled(
      many.map((i) =>
        pool.apply((n: number) => {
          if (n === 7) throw new RangeError("seven");
          return n * 2;
        }, [i])
      ),
    );
    settled.forEach((outcome, i) => {
      if (i === 7) assert.equal(outcome.status, "rejected");
      else assert.deepEqual(outcome, { status: "fulfilled", value: i * 2 });
    });
    assert.deepEqual(
      await pool.map((n: number) => n + 1, many, { chunksize: 3 }),
      many.map((n) => n + 1),
    );
  } finally {
    await pool.terminate();
  }
});
