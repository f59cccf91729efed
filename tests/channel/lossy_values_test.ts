import assert from "node:assert/strict";
import { Lock, Pipe, Queue, SharedValue } from "../../mod.ts";
import { reportRow } from "../_report.ts";

class Point {
  constructor(readonly x: number, readonly y: number) {}
  norm(): number {
    return Math.hypot(this.x, this.y);
  }
}

const LOSSY: Array<[string, () => unknown, RegExp]> = [
  ["a pipe end", () => Pipe()[1], /a Connection \(the value\)/],
  ["a Lock in an array", () => [1, new Lock()], /a Lock \(the value\[1\]\)/],
  ["a SharedValue in an object", () => ({ total: new SharedValue("i", 0) }), /SharedValue/],
  ["a class instance in a Map", () => new Map([["p", new Point(3, 4)]]), /class Point/],
  ["an Object.create object", () => Object.create({ hello() {} }), /custom prototype/],
];

Deno.test("Connection.send() and Queue.put() refuse what would arrive as a plain object, naming it", async () => {
  const [reader, writer] = Pipe(false);
  const queue = new Queue();
  let refused = 0;
  for (const [, make, named] of LOSSY) {
    assert.throws(() => writer.send(make()), (error: Error) => {
      return error instanceof TypeError && named.test(error.message) &&
        /Connection\.send\(\)/.test(error.message);
    });
    await assert.rejects(queue.put(make()), (error: Error) => {
      return error instanceof TypeError && named.test(error.message);
    });
    refused += 2;
  }
  // Plain data, Errors, typed arrays and SharedArrayBuffers still travel.
  const plain = {
    list: [1, 2],
    when: new Date(0),
    error: new RangeError("r"),
    bytes: new Uint8Array(2),
  };
  writer.send(plain);
  assert.deepEqual(await reader.recv(), plain);
  await queue.put(plain);
  assert.deepEqual(await queue.get(), plain);
  assert.equal(queue.qsize(), 0, "nothing refused was queued");
  reader.close();
  writer.close();
  await reportRow("inputs", "lossy values on a pipe or queue", {
    injected: `${LOSSY.length} kinds of value that structured clone would flatten (pipe end, ` +
      "Lock, SharedValue, class instance, Object.create object), sent and put",
    outcome: `${refused} of ${LOSSY.length * 2} refused with a TypeError naming the part; ` +
      "plain data, Dates, Errors and typed arrays still travel",
  });
});
