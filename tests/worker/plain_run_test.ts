// A pool sends its commonest run message (one apply, plain arguments) as a flat array, and the
// worker turns it back into the object before reading it: what it carries must come out the same,
// and every other run message must keep the object form.
import assert from "node:assert/strict";
import { packPlainRun, unpackPlainRun } from "../../lib/worker/_plain_run.ts";
import { type RunMessage, UnitKind } from "../../lib/worker/protocol.ts";
import { Pool } from "../../mod.ts";

function run(fields: Partial<RunMessage>): RunMessage {
  return {
    type: "run",
    refs: [{ name: "inc", source: "function inc(x) { return x + 1; }" }],
    refIndex: [0],
    kinds: [UnitKind.Apply],
    payloads: [[1]],
    shared: null,
    ...fields,
  };
}

Deno.test("packPlainRun() and unpackPlainRun() give back the same run message", () => {
  const odd = [NaN, -0, Infinity, undefined, null, "", { a: [1] }, 2n, new Uint8Array([7])];
  for (const args of [[], [1], odd]) {
    const message = run({ payloads: [args] });
    const packed = packPlainRun(message);
    assert.notEqual(packed, null, `${args.length} plain argument(s) take the short form`);
    const back = unpackPlainRun(structuredClone(packed)) as RunMessage;
    assert.deepEqual(back, message);
    assert.ok(Object.is((back.payloads[0] as unknown[])[1], args[1]), "-0 stays -0");
  }
});

Deno.test("packPlainRun() keeps the object form for every other run message", () => {
  const ref = { name: "f", source: "function f() {}" };
  const others: Array<[string, RunMessage]> = [
    ["two units", run({ refIndex: [0, 0], kinds: [0, 0], payloads: [[1], [2]] })],
    ["a map chunk", run({ kinds: [UnitKind.Map] })],
    ["a starmap chunk", run({ kinds: [UnitKind.Starmap] })],
    ["shared values to decode", run({ shared: [0] })],
    ["arguments kept open (a Process)", run({ keep: [0] })],
    ["look-alike closures", run({ refs: [{ ...ref, twins: true }] })],
    ["a task that must not compile from source", run({ refs: [{ ...ref, noSource: "no" }] })],
  ];
  for (const [what, message] of others) assert.equal(packPlainRun(message), null, what);
});

Deno.test("unpackPlainRun() passes every other message through unchanged", () => {
  const cancel = { type: "cancel", seq: 3, reason: "timeout" } as const;
  assert.equal(unpackPlainRun(cancel), cancel);
  const message = run({});
  assert.equal(unpackPlainRun(message), message);
});

Deno.test("Pool.apply() answers through the short form with arguments intact", async () => {
  const pool = new Pool({ processes: 1 });
  try {
    const echo = (...args: unknown[]) => args;
    const args = [-0, NaN, undefined, "s", { a: [1, 2] }, 3n];
    const back = await pool.apply(echo, args) as unknown[];
    assert.deepEqual(back, args);
    assert.ok(Object.is(back[0], -0));
    const fail = () => {
      throw new RangeError("from the task");
    };
    await assert.rejects(pool.apply(fail, []), RangeError);
    assert.deepEqual(await pool.map((x: number) => x * 2, [1, 2, 3]), [2, 4, 6]);
  } finally {
    await pool.terminate();
  }
});
