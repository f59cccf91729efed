import assert from "node:assert/strict";
import { deserialize, serialize } from "node:v8";
import { Pool } from "../../lib/pool/mod.ts";
import { SharedArray } from "../../lib/shared/array.ts";
import { SharedValue } from "../../lib/shared/value.ts";
import { decodeFromProcess, encodeForProcess } from "../../lib/wire/codec.ts";
import { bumpShared, echo, echoAll, makeError } from "../fixtures/echo_tasks.ts";
import { mulberry32, randomValue } from "../_fuzz_values.ts";
import { assertArrivedEqual } from "../_fuzz_equal.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/echo_tasks.ts", import.meta.url).href;
// Every failure message names the seed and the value's index. To explore other values:
// FUZZ_SEED=123 deno test -A tests/pool/codec_fuzz_test.ts
const envGranted = Deno.permissions.querySync({ name: "env", variable: "FUZZ_SEED" }).state;
const SEED = Number((envGranted === "granted" && Deno.env.get("FUZZ_SEED")) || 0x5eed_0006);
const COUNT = 300;
const DEPTH = 4;

function fuzzValues(seed: number, shared: boolean): unknown[] {
  const rng = mulberry32(seed);
  return Array.from({ length: COUNT }, () => randomValue(rng, DEPTH, { shared }));
}

Deno.test("random structured values come back from a worker's echo equal to what was sent", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const values = fuzzValues(SEED, true);
  const arrived = await Promise.all(values.map((value) => pool.apply(echo, [value])));
  values.forEach((value, i) => {
    assertArrivedEqual(arrived[i], value, `seed ${SEED}, value ${i} of ${COUNT}`);
  });
  // Several at once in one argument list, and inside a Map and a Set.
  const some = values.slice(0, 20);
  const together = new Map(some.map((value, i) => [i, value]));
  const [map, set] = await pool.apply(echoAll, [together, new Set(some)]) as [
    typeof together,
    Set<unknown>,
  ];
  assertArrivedEqual(map, together, `seed ${SEED}, the first 20 in a Map`);
  assertArrivedEqual(set, new Set(some), `seed ${SEED}, the first 20 in a Set`);
  await reportRow("inputs", "random structured values through a worker", {
    injected: `${COUNT} seeded values (seed ${SEED}): nested objects, typed arrays, Maps, ` +
      "Sets, Dates, errors with extra fields and causes, shared objects",
    outcome: `${COUNT} of ${COUNT} arrived equal; shared objects as the same memory`,
  });
});

Deno.test("an Error returned by a task arrives with its name, fields and cause", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const error = await pool.apply(makeError, ["E_QUOTA"]) as TypeError & {
    code: string;
    details: { used: number };
    cause: RangeError & { limit: number };
  };
  assert.ok(error instanceof TypeError);
  assert.equal(error.name, "QuotaError");
  assert.equal(error.message, "over quota");
  assert.equal(error.code, "E_QUOTA");
  assert.deepEqual(error.details, { used: 11 });
  assert.ok(error.cause instanceof RangeError);
  assert.equal(error.cause.limit, 10);
  assert.match(error.stack ?? "", /makeError/, "the worker-side stack");
});

Deno.test("shared objects in a Map and a Set reach the worker and come back as the same memory", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const counters = new Map([["a", new SharedValue("i", 1)], ["b", new SharedValue("i", 10)]]);
  const arrays = new Set([new SharedArray("d", [0, 0]), new SharedArray("d", 3)]);
  const [backMap, backSet] = await pool.apply(bumpShared, [counters, arrays, 2.5]);
  assert.deepEqual([...counters.values()].map((c) => c.value), [2, 11], "worker's writes seen");
  assert.deepEqual([...arrays].map((a) => a.get(0)), [2.5, 2.5]);
  backMap.get("a")!.value = 100;
  assert.equal(counters.get("a")!.value, 100, "the returned SharedValue is over the same memory");
  [...backSet][1]!.set(2, -1);
  assert.equal([...arrays][1]!.get(2), -1, "the returned SharedArray is over the same memory");
});

Deno.test("random structured values survive the child-process codec and node:v8", () => {
  const values = fuzzValues(SEED + 1, false);
  values.forEach((value, i) => {
    const encoded = encodeForProcess(value);
    const received = deserialize(serialize(encoded));
    const arrived = encoded === value ? received : decodeFromProcess(received);
    assertArrivedEqual(arrived, value, `seed ${SEED + 1}, value ${i} of ${COUNT}`);
  });
});

Deno.test("random structured values come back from a child process's echo equal to what was sent", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS, isolation: "process" });
  const values = fuzzValues(SEED + 3, false);
  const arrived = await pool.map(echo, values, { chunksize: 50 });
  values.forEach((value, i) => {
    assertArrivedEqual(arrived[i], value, `seed ${SEED + 3}, value ${i} of ${COUNT}`);
  });
});

Deno.test("random values holding shared objects are refused by the child-process codec", () => {
  const rng = mulberry32(SEED + 2);
  let refused = 0;
  for (let i = 0; i < COUNT; i++) {
    const value = [randomValue(rng, DEPTH, { shared: true }), new SharedValue("i", i)];
    assert.throws(
      () => encodeForProcess(value),
      (error: Error) =>
        error instanceof TypeError &&
        /is a Shared(Value|Array), and shared-memory objects cannot be sent/.test(error.message),
      `seed ${SEED + 2}, value ${i}`,
    );
    refused++;
  }
  assert.equal(refused, COUNT);
});

/** The record `encodeForProcess` made for `value`, as a forger would edit it. */
function recordOf(encoded: unknown): Record<string, unknown> {
  return (encoded as Record<string, Record<string, unknown>>)["$multiproc"]!;
}

Deno.test("a forged view record naming another global is refused, not constructed", () => {
  const encoded = encodeForProcess(new Uint8Array([1, 2, 3]));
  for (const type of ["Worker", "Function", "Promise", "Date"]) {
    recordOf(encoded).type = type;
    assert.throws(
      () => decodeFromProcess(structuredClone(encoded)),
      (error: Error) =>
        error instanceof TypeError && error.message.includes(`view of type "${type}"`),
      type,
    );
  }
  recordOf(encoded).type = "Float64Array";
  recordOf(encoded).buffer = new Float64Array([0.5]).buffer;
  recordOf(encoded).length = 1;
  assert.deepEqual(decodeFromProcess(encoded), new Float64Array([0.5]));
});

Deno.test("a forged error record naming a non-error global arrives as a plain Error", () => {
  const encoded = encodeForProcess(new RangeError("boom"));
  recordOf(encoded).base = "Function";
  const arrived = decodeFromProcess(encoded) as Error;
  assert.equal(Object.getPrototypeOf(arrived), Error.prototype);
  assert.equal(arrived.message, "boom");
  assert.equal(arrived.name, "RangeError", "the name it claimed is kept as data");
});
