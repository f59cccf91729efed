// How a function task and a pool's initializer travel in a task entry: with their source text
// (and twins flag), the initializer's arguments as one more group of values; forged task
// records are refused before any value is read.
import assert from "node:assert/strict";
import { decodeTask, encodeTask, type WireTask } from "../../lib/cluster/wire.ts";
import {
  BodyType,
  deserializeSection,
  readBody,
  serialize,
  writeBody,
} from "../../lib/cluster/_wire_frame.ts";

const MODULE = "https://tasks.example/m.ts";
const FN = { module: MODULE, name: "f", source: "function f(a, b) { return a + b; }" };

Deno.test("a function task keeps its module, name, source and twins flag, with its initializer", async () => {
  const task: WireTask = {
    call: 3,
    chunk: 1,
    kind: "starmap",
    task: { ...FN, twins: true },
    items: [[1, 2], [3, 4]],
    initializer: { source: "(base) => { globalThis.base = base; }", name: "<anonymous>" },
    initargs: [{ base: 100n }, new Map([["k", [1, 2]]])],
  };
  const decoded = await decodeTask(await encodeTask(task, "p"));
  assert.deepEqual(decoded.task, task.task);
  assert.deepEqual(decoded.initializer, task.initializer);
  assert.deepEqual(decoded.initargs, task.initargs);
  assert.deepEqual(decoded.kind === "starmap" && decoded.items, [[1, 2], [3, 4]]);
  // Without an initializer there are no initargs.
  const { initializer: _i, initargs: _a, ...rest } = task;
  const plain = await decodeTask(
    await encodeTask({ ...rest }, "p"),
  );
  assert.equal(plain.initializer, undefined);
  assert.equal(plain.initargs, undefined);
});

Deno.test("big initargs travel as a blob, the entry holding its key", async () => {
  const blobs = new Map<string, Uint8Array>();
  const putBlob = (bytes: Uint8Array): Promise<string> => {
    const key = `blob-${blobs.size}`;
    blobs.set(key, bytes.slice());
    return Promise.resolve(key);
  };
  const getBlob = (key: string) => Promise.resolve(blobs.get(key) ?? null);
  const big = "x".repeat(10_000);
  const task: WireTask = {
    call: 1,
    chunk: 0,
    kind: "apply",
    task: { module: MODULE, name: "g" },
    units: [{ call: 1, args: [1] }, { call: 2, args: [2] }],
    initializer: { module: MODULE, name: "init" },
    initargs: [big, 7],
  };
  const envelope = await encodeTask(task, "p", { blobThreshold: 1024, putBlob });
  assert.ok(envelope.body.byteLength < 2_000, `the entry holds a key, not the value`);
  assert.equal(blobs.size, 1);
  const decoded = await decodeTask(envelope, { getBlob });
  assert.deepEqual(decoded.initargs, [big, 7]);
  assert.deepEqual(decoded.kind === "apply" && decoded.units.map((unit) => unit.args), [[1], [2]]);
});

Deno.test("encodeTask() wants initargs with an initializer, and none without", async () => {
  const base = { call: 1, chunk: 0, kind: "map" as const, task: FN, items: [] };
  await assert.rejects(
    encodeTask({ ...base, initializer: { module: MODULE, name: "init" } }, "p"),
    /initargs \(an array\) with an initializer/,
  );
  await assert.rejects(encodeTask({ ...base, initargs: [1] }, "p"), /none without/);
});

/** `envelope` with its header's `field` replaced by `value`. */
async function forged(field: string, value: unknown) {
  const envelope = await encodeTask(
    { call: 1, chunk: 0, kind: "map", task: FN, items: [1], initializer: FN, initargs: [] },
    "p",
  );
  const sections = readBody(envelope.body, BodyType.Task, "test");
  const header = deserializeSection(sections.header, "test") as Record<string, unknown>;
  header[field] = value;
  const body = writeBody(BodyType.Task, sections.version, serialize(header), sections.values);
  return { ...envelope, body };
}

Deno.test("forged task and initializer records are refused before admission or any value", async () => {
  const wrong: unknown[] = [
    { module: MODULE, name: "<anonymous>" }, // a non-export name needs its source
    { module: MODULE, name: "f", twins: true }, // twins without source
    { module: MODULE, source: "(x) => x" }, // source with a module needs a name
    { module: "not a url", name: "f" },
    { ...FN, twins: false },
    { ...FN, source: "" },
    { ...FN, extra: 1 },
    { source: 42 },
    { name: "f" },
    [],
    "f",
  ];
  for (const field of ["task", "init"]) {
    for (const value of wrong) {
      let admitted = false;
      await assert.rejects(
        decodeTask(await forged(field, value), { admit: () => void (admitted = true) }),
        (error: Error) => {
          assert.equal(error.name, "TypeError", `${field} ${JSON.stringify(value)}`);
          assert.match(
            error.message,
            new RegExp(`its ${field === "task" ? "task" : "initializer"} should be`),
          );
          return true;
        },
      );
      assert.equal(admitted, false);
    }
  }
  // An initializer record without its initargs group is malformed too.
  await assert.rejects(decodeTask(await forged("init", undefined)), /expected 1 group/);
});
