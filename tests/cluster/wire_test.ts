// The bytes of cluster task entries and replies: round trips of every kind, values that keep
// their type (Errors with cause and fields), refusals before anything is deserialized, forged
// and random bytes, and big values travelling once as blobs. No Redis: blobs go to a Map.
import assert from "node:assert/strict";
import {
  BlobCache,
  decodeReply,
  decodeTask,
  DEFAULT_BLOB_THRESHOLD,
  DEFAULT_MAX_ENTRY_BYTES,
  encodeReply,
  encodeTask,
  type TaskSource,
  WIRE_VERSION,
  type WireTask,
} from "../../lib/cluster/wire.ts";
import type { TaskEnvelope } from "../../lib/cluster/broker.ts";
import { serialize } from "../../lib/wire/_node_v8.ts";
import { BodyType, writeBody } from "../../lib/cluster/_wire_frame.ts";
import { Lock } from "../../lib/shared/lock.ts";
import { Pipe } from "../../lib/channel/pipe.ts";
import { registerClass } from "../../lib/wire/class_registry.ts";

const MODULE_TASK: TaskSource = { module: "https://example.com/jobs/tasks.ts", name: "count" };
const REPLY = { call: 4, chunk: 2, worker: "host-17-x1", deliveries: 1, busyMs: 3.5 };

/** A blob store in memory, counting what is stored and fetched. */
function memoryStore() {
  const blobs = new Map<string, Uint8Array>();
  const stats = { puts: 0, putBytes: 0, gets: 0 };
  return {
    blobs,
    stats,
    putBlob: (bytes: Uint8Array, ttlMs: number): Promise<string> => {
      assert.ok(ttlMs > 0);
      stats.puts++;
      stats.putBytes += bytes.byteLength;
      const key = `{mp:test}:blob:${blobs.size}`;
      blobs.set(key, bytes.slice());
      return Promise.resolve(key);
    },
    getBlob: (key: string): Promise<Uint8Array | null> => {
      stats.gets++;
      return Promise.resolve(blobs.get(key) ?? null);
    },
  };
}

async function roundTrip(task: WireTask, pool = "pool-1") {
  return await decodeTask(await encodeTask(task, pool), {});
}

Deno.test("an apply batch of 100 calls arrives with each call's id and arguments", async () => {
  const units = Array.from({ length: 100 }, (_, i) => ({
    call: 1000 + i,
    args: [i, `row ${i}`, { weights: [i, i + 1] }, i % 2 === 0 ? null : [i]],
  }));
  const envelope = await encodeTask(
    { call: 1000, chunk: 0, kind: "apply", task: MODULE_TASK, units, retries: 2, timeout: 1500 },
    "pool-a",
  );
  assert.equal(envelope.version, WIRE_VERSION);
  assert.equal(envelope.pool, "pool-a");
  const decoded = await decodeTask(envelope);
  assert.equal(decoded.kind, "apply");
  assert.equal(decoded.pool, "pool-a");
  assert.deepEqual(decoded.task, MODULE_TASK);
  assert.equal(decoded.retries, 2);
  assert.equal(decoded.timeout, 1500);
  assert.deepEqual(decoded.kind === "apply" && decoded.units, units);
});

Deno.test("map, starmap and source-text tasks arrive as they were sent", async () => {
  const items = Array.from({ length: 1000 }, (_, i) => i * 0.5);
  const map = await roundTrip({ call: 1, chunk: 3, kind: "map", task: MODULE_TASK, items });
  assert.deepEqual(map, {
    version: WIRE_VERSION,
    pool: "pool-1",
    call: 1,
    chunk: 3,
    kind: "map",
    task: MODULE_TASK,
    items,
  });
  const pairs = items.map((x) => [x, -x, "s"]);
  const starmap = await roundTrip({
    call: 2,
    chunk: 0,
    kind: "starmap",
    task: MODULE_TASK,
    items: pairs,
  });
  assert.deepEqual(starmap.kind === "starmap" && starmap.items, pairs);
  const source = { source: "function double(x) { return 2 * x; }", name: "double" };
  const fromSource = await roundTrip({ call: 3, chunk: 0, kind: "map", task: source, items: [1] });
  assert.deepEqual(fromSource.task, source);
  const unnamed = await roundTrip({
    call: 4,
    chunk: 0,
    kind: "map",
    task: { source: "(x) => x" },
    items: [],
  });
  assert.deepEqual(unnamed.task, { source: "(x) => x" });
  assert.equal("retries" in unnamed, false);
});

class HttpError extends TypeError {
  constructor(message: string, readonly status: number) {
    super(message);
    this.name = "HttpError";
  }
}

function richValue() {
  const buffer = new ArrayBuffer(32);
  const error = new HttpError("not found", 404);
  (error as unknown as { cause: unknown }).cause = Object.assign(new RangeError("row 7"), {
    code: "E_ROW",
    cause: new Error("deepest", { cause: "a string cause" }),
  });
  return {
    floats: new Float64Array([1.5, -2, Infinity]),
    views: [new Uint8Array(buffer, 0, 8), new Int32Array(buffer, 8, 4)],
    big: 2n ** 100n,
    when: new Date(86_400_000),
    map: new Map<unknown, unknown>([[1n, "one"], ["set", new Set([1, "a", null])]]),
    error,
    aggregate: new AggregateError([new Error("a"), new TypeError("b")], "both"),
    nested: [[[{ deep: new Uint16Array([7]) }]]],
    "$multiproc": "a user's key that looks like a record tag",
  };
}

function assertRich(arrived: ReturnType<typeof richValue>, sent: ReturnType<typeof richValue>) {
  assert.deepEqual(arrived.floats, sent.floats);
  assert.ok(arrived.floats instanceof Float64Array);
  assert.equal(arrived.views[0]!.buffer, arrived.views[1]!.buffer, "views keep sharing a buffer");
  assert.equal(arrived.big, 2n ** 100n);
  assert.deepEqual(arrived.when, sent.when);
  assert.deepEqual(arrived.map, sent.map);
  assert.deepEqual(arrived.nested, sent.nested);
  assert.equal(arrived.$multiproc, sent.$multiproc);
  const error = arrived.error;
  assert.ok(error instanceof TypeError);
  assert.equal(error.name, "HttpError");
  assert.equal(error.message, "not found");
  assert.equal(error.status, 404);
  assert.equal(error.stack, sent.error.stack, "the remote stack is kept");
  const cause = error.cause as RangeError & { code: string };
  assert.ok(cause instanceof RangeError);
  assert.equal(cause.code, "E_ROW");
  assert.equal((cause.cause as Error).message, "deepest");
  assert.equal((cause.cause as Error).cause, "a string cause");
  assert.ok(arrived.aggregate instanceof AggregateError);
  assert.deepEqual(arrived.aggregate.errors.map((e: Error) => [e.name, e.message]), [
    ["Error", "a"],
    ["TypeError", "b"],
  ]);
}

Deno.test("typed arrays, Maps, Sets, Dates, BigInts and errors with cause and fields cross both ways", async () => {
  const sent = richValue();
  const task = await roundTrip({
    call: 9,
    chunk: 0,
    kind: "apply",
    task: MODULE_TASK,
    units: [
      { call: 9, args: [sent, "plain"] },
      { call: 10, args: [1] },
    ],
  });
  assert.ok(task.kind === "apply");
  assertRich(task.units[0]!.args[0] as typeof sent, sent);
  assert.deepEqual(task.units[1]!.args, [1]);

  const units = [{ call: 9, ok: sent }, { call: 10, error: sent.error }, {
    call: 11,
    error: "a string",
  }];
  const reply = await decodeReply(await encodeReply({ ...REPLY, units }));
  assert.deepEqual({ ...reply, units: undefined }, { ...REPLY, units: undefined });
  assert.ok("units" in reply);
  assertRich((reply.units[0] as { ok: unknown }).ok as typeof sent, sent);
  const thrown = reply.units[1]!;
  assert.ok("error" in thrown && thrown.error instanceof TypeError);
  assert.equal((thrown.error as HttpError).status, 404);
  assert.deepEqual(reply.units[2], { call: 11, error: "a string" });

  const chunk = await decodeReply(await encodeReply({ ...REPLY, ok: [1, sent.when, 3n] }));
  assert.deepEqual(chunk, { ...REPLY, ok: [1, sent.when, 3n] });
});

Deno.test("values that cannot cross machines are refused when encoding, naming where they are", async () => {
  const lock = new Lock();
  const [a, b] = Pipe();
  try {
    const cases: Array<[unknown[], RegExp]> = [
      [[1, { f: () => 1 }], /args\[1\]\.f is a function \(f\).*code does not travel/],
      [[{ lock }], /args\[0\]\.lock is a Lock.*shared memory/],
      [[new Map([["end", a]])], /args\[0\] value 0 is a Connection.*shared memory/],
      [
        [[new Int32Array(new SharedArrayBuffer(8))]],
        /args\[0\]\[0\] is an Int32Array over a SharedArrayBuffer/,
      ],
      [[Symbol("s")], /args\[0\] is a symbol \(Symbol\(s\)\)/],
      [[{ w: new WeakMap() }], /args\[0\]\.w is a WeakMap.*could not be cloned/],
    ];
    for (const [args, expected] of cases) {
      const units = [{ call: 5, args: [1] }, { call: 6, args }];
      await assert.rejects(
        encodeTask({ call: 5, chunk: 0, kind: "apply", task: MODULE_TASK, units }, "p"),
        (error: Error) => {
          assert.ok(error instanceof TypeError, `${error}`);
          assert.match(error.message, /^the arguments of call 6 cannot be sent to another machine/);
          assert.match(error.message, expected);
          return true;
        },
      );
    }
    await assert.rejects(
      encodeTask({
        call: 1,
        chunk: 4,
        kind: "starmap",
        task: MODULE_TASK,
        items: [[1], [2, () => 0]],
      }, "p"),
      /the items of call 1 \(chunk 4\) .*items\[1\]\[1\] is a function/,
    );
  } finally {
    a.close();
    b.close();
  }
});

Deno.test("a result that cannot cross fails its own unit; a thrown error keeps what it can", async () => {
  const weird = Object.assign(new RangeError("out of range"), { handle: () => 0 });
  const units = [
    { call: 1, ok: 10 },
    { call: 2, ok: { f: () => 0 } },
    { call: 3, error: weird },
  ];
  const reply = await decodeReply(await encodeReply({ ...REPLY, units }));
  assert.ok("units" in reply);
  assert.deepEqual(reply.units[0], { call: 1, ok: 10 });
  const failed = reply.units[1] as { error: Error };
  assert.ok(failed.error instanceof TypeError);
  assert.match(failed.error.message, /result of call 2 .*result\[0\]\.f is a function.*host-17-x1/);
  // Own function fields are dropped by the error codec itself, as structured clone would.
  const kept = reply.units[2] as { error: Error };
  assert.equal(kept.error.message, "out of range");
  assert.ok(kept.error instanceof RangeError);

  const lockThrown = Object.assign(new Error("holding"), { lock: new Lock() });
  const whole = await decodeReply(await encodeReply({ ...REPLY, error: lockThrown }));
  assert.ok("error" in whole && whole.error instanceof Error);
  assert.equal(whole.error.message, "holding");
  assert.equal(whole.error.stack, lockThrown.stack);
  assert.match(String((whole.error.cause as Error).message), /could not all be sent back.*Lock/);

  const chunk = await decodeReply(await encodeReply({ ...REPLY, ok: [1, Symbol("x")] }));
  assert.ok("error" in chunk && chunk.error instanceof TypeError);
  assert.match(chunk.error.message, /results\[1\] is a symbol/);
});

Deno.test("an entry over maxEntryBytes is refused unread, naming the option and both sizes", async () => {
  const items = Array.from({ length: 2000 }, (_, i) => i);
  const envelope = await encodeTask(
    { call: 1, chunk: 0, kind: "map", task: MODULE_TASK, items },
    "p",
  );
  const size = envelope.body.byteLength;
  await assert.rejects(decodeTask(envelope, { maxEntryBytes: size - 1 }), (error: Error) => {
    assert.ok(error instanceof RangeError);
    assert.match(
      error.message,
      new RegExp(`takes ${size} bytes, more than maxEntryBytes \\(${size - 1}`),
    );
    return true;
  });
  // Bytes that would not even deserialize: the size is refused first.
  const garbage = { version: WIRE_VERSION, pool: "p", body: new Uint8Array(100).fill(0xff) };
  await assert.rejects(decodeTask(garbage, { maxEntryBytes: 50 }), RangeError);
  await assert.rejects(
    encodeTask({ call: 1, chunk: 0, kind: "map", task: MODULE_TASK, items }, "p", {
      maxEntryBytes: 1000,
    }),
    /entry of call 1 \(chunk 0\) takes \d+ bytes, more than maxEntryBytes \(1000 bytes\)/,
  );
  const reply = await encodeReply({ ...REPLY, ok: items });
  await assert.rejects(decodeReply(reply, { maxEntryBytes: 100 }), /maxEntryBytes \(100/);
  // A worker whose results are too big answers with that error instead.
  const capped = await decodeReply(
    await encodeReply({ ...REPLY, ok: items }, { maxEntryBytes: 2000 }),
  );
  assert.ok("error" in capped && capped.error instanceof RangeError);
  assert.match(capped.error.message, /maxEntryBytes \(2000 bytes\)/);
  assert.equal(DEFAULT_MAX_ENTRY_BYTES, 64 * 1024 * 1024);
  assert.equal(DEFAULT_BLOB_THRESHOLD, 512 * 1024);
});

Deno.test("another wire version is refused unread, naming both versions", async () => {
  const envelope = await encodeTask({
    call: 1,
    chunk: 0,
    kind: "map",
    task: MODULE_TASK,
    items: [1],
  }, "p");
  const garbage = new Uint8Array(64).fill(0xee);
  for (const body of [envelope.body, garbage]) {
    await assert.rejects(
      decodeTask({ ...envelope, version: WIRE_VERSION + 1, body }),
      (error: Error) => {
        assert.match(
          error.message,
          new RegExp(`version ${WIRE_VERSION + 1}.*only version ${WIRE_VERSION}`),
        );
        assert.match(error.message, /older formats, not newer/);
        return true;
      },
    );
  }
  // An envelope that lies about its body's version.
  const relabelled = envelope.body.slice();
  relabelled[3] = WIRE_VERSION + 1;
  await assert.rejects(
    decodeTask({ ...envelope, body: relabelled }),
    /envelope says version 1, its bytes 2/,
  );
  const reply = (await encodeReply({ ...REPLY, ok: [] })).slice();
  reply[3] = 7;
  await assert.rejects(decodeReply(reply), /version 7, but this side reads only version 1/);
});

/** Decodes `body` within a bound; returns the error's class name, or "ok". */
async function outcome(decode: Promise<unknown>): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("decoding hung")), 5_000);
  });
  try {
    await Promise.race([decode, late]);
    return "ok";
  } catch (error) {
    if ((error as Error).message === "decoding hung") throw error;
    assert.ok(error instanceof Error, `rejected with a non-Error: ${error}`);
    assert.ok(
      ["TypeError", "RangeError", "Error"].includes(error.name),
      `unexpected ${error.name}: ${error.message}`,
    );
    return error.name;
  } finally {
    clearTimeout(timer);
  }
}

Deno.test("random, truncated and altered bodies are refused with a clear error, never a crash or a hang", async () => {
  const store = memoryStore();
  const options = { getBlob: store.getBlob };
  const task = await encodeTask(
    {
      call: 3,
      chunk: 1,
      kind: "apply",
      task: MODULE_TASK,
      units: [
        { call: 3, args: [richValue(), "x".repeat(DEFAULT_BLOB_THRESHOLD + 1)] },
        { call: 4, args: [[1, 2, 3]] },
      ],
    },
    "p",
    { putBlob: store.putBlob },
  );
  const reply = await encodeReply({
    ...REPLY,
    units: [{ call: 3, ok: richValue() }, { call: 4, error: new Error("e") }],
  });
  const bodies = { task: task.body, reply };
  const seen = new Map<string, number>();
  const note = (name: string) => seen.set(name, (seen.get(name) ?? 0) + 1);
  const decode = (kind: "task" | "reply", body: Uint8Array) =>
    kind === "task" ? decodeTask({ ...task, body }, options) : decodeReply(body, options);
  let seed = 17;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (const kind of ["task", "reply"] as const) {
    const valid = bodies[kind];
    assert.equal(await outcome(decode(kind, valid)), "ok");
    for (
      let length = 0;
      length < valid.byteLength;
      length += Math.max(1, Math.floor(valid.byteLength / 300))
    ) {
      note(await outcome(decode(kind, valid.slice(0, length))));
    }
    for (let i = 0; i < 400; i++) {
      const altered = valid.slice();
      for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips--) {
        altered[Math.floor(random() * altered.byteLength)] = Math.floor(random() * 256);
      }
      note(await outcome(decode(kind, altered)));
    }
    for (let i = 0; i < 300; i++) {
      const noise = new Uint8Array(Math.floor(random() * 200));
      for (let j = 0; j < noise.length; j++) noise[j] = Math.floor(random() * 256);
      if (i % 2 === 0 && noise.length >= 8) noise.set(valid.subarray(0, 8)); // a valid prefix
      note(await outcome(decode(kind, noise)));
    }
  }
  assert.ok((seen.get("TypeError") ?? 0) > 500, `refusals: ${JSON.stringify([...seen])}`);
});

/** An entry whose header and values are written by hand, as a forger would. */
function forged(values: unknown, header: Record<string, unknown> = {}): TaskEnvelope {
  const fields = {
    call: 1,
    chunk: 0,
    kind: "map",
    task: MODULE_TASK,
    coded: [0],
    refs: [],
    keys: [],
  };
  const body = writeBody(
    BodyType.Task,
    WIRE_VERSION,
    serialize({ ...fields, ...header }),
    serialize(values),
  );
  return { version: WIRE_VERSION, pool: "p", body };
}

Deno.test("forged records that would construct globals, shared objects or huge arrays are refused", async () => {
  const tag = "$multiproc";
  const buffer = new ArrayBuffer(8);
  const cases: Array<[unknown, RegExp]> = [
    [
      { [tag]: { t: "view", type: "Function", buffer, byteOffset: 0, length: 0 } },
      /record of type "view"/,
    ],
    [{ [tag]: { t: "view", type: "Uint8Array", buffer, byteOffset: 4, length: 100 } }, /"view"/],
    [{ [tag]: { t: "error", base: "Worker", name: "x", message: "", own: [] } }, /"error"/],
    [{ [tag]: { t: "shared", kind: "Lock", state: new ArrayBuffer(4) } }, /shared-memory/],
    [{ [tag]: { t: "eval", code: "1" } }, /record of type "eval"/],
    [Object.assign([], { length: 2 ** 32 - 1 }), /more elements than its bytes could hold/],
  ];
  for (const [item, expected] of cases) {
    await assert.rejects(decodeTask(forged([[item]])), (error: Error) => {
      assert.ok(error instanceof TypeError, `${error}`);
      assert.match(error.message, /malformed/);
      assert.match(error.message, expected);
      return true;
    });
  }
  // The same written by the codec itself arrives.
  const fine = { [tag]: { t: "view", type: "Uint8Array", buffer, byteOffset: 4, length: 4 } };
  const task = await decodeTask(forged([[fine]]));
  assert.ok(task.kind === "map" && task.items[0] instanceof Uint8Array);
  await assert.rejects(decodeTask(forged([[1], [2]])), /expected 1 group/);
  await assert.rejects(decodeTask(forged("text")), /expected 1 group/);
  await assert.rejects(
    decodeTask(forged([[1]], { refs: [0, 0, -1, 0] })),
    /slot that is not empty/,
  );
  await assert.rejects(decodeTask(forged([[undefined]], { refs: [0, 0, -1, 3] })), /names no blob/);
  await assert.rejects(
    decodeTask(forged([[1]], { kind: "apply", calls: [] })),
    /one or more distinct/,
  );
  await assert.rejects(
    decodeTask(forged([[1]], { task: { module: "x", name: "f" } })),
    /absolute URL/,
  );
  await assert.rejects(decodeTask(forged([[1]], { coded: "all" })), /coded/);
  // Blobs are checked as bodies are: their frame, their version, their arrays.
  const withBlob = forged([[undefined]], { refs: [0, 0, -1, 0], keys: ["k"] });
  const blobOf = (bytes: Uint8Array) => ({ getBlob: () => Promise.resolve(bytes) });
  const sparse = serialize(Object.assign([], { length: 2 ** 32 - 1 }));
  await assert.rejects(
    decodeTask(withBlob, blobOf(writeBody(BodyType.Blob, WIRE_VERSION, null, sparse))),
    /blob "k" of the task entry is malformed: its arrays claim more elements/,
  );
  await assert.rejects(
    decodeTask(withBlob, blobOf(writeBody(BodyType.Blob, 9, null, serialize(1)))),
    /blob "k" of the task entry is malformed: it is of wire version 9/,
  );
  await assert.rejects(decodeTask(withBlob, blobOf(withBlob.body)), /should be a blob/);
  const ok = await decodeTask(
    withBlob,
    blobOf(writeBody(BodyType.Blob, WIRE_VERSION, null, serialize("v"))),
  );
  assert.deepEqual(ok.kind === "map" && ok.items, ["v"]);
});

Deno.test("16 chunks sharing one 8 MiB argument store it once, and each arrives whole", async () => {
  const store = memoryStore();
  const blobCache = new BlobCache();
  const big = new Float64Array(1 << 20).map((_, i) => i);
  const envelopes: TaskEnvelope[] = [];
  for (let chunk = 0; chunk < 16; chunk++) {
    const items = Array.from({ length: 8 }, (_, i) => [big, chunk * 8 + i]);
    envelopes.push(
      await encodeTask({ call: 1, chunk, kind: "starmap", task: MODULE_TASK, items }, "p", {
        putBlob: store.putBlob,
        blobCache,
      }),
    );
  }
  assert.equal(store.stats.puts, 1, "the argument was stored once");
  assert.ok(store.stats.putBytes > 8 * 2 ** 20 && store.stats.putBytes < 8 * 2 ** 20 + 1024);
  for (const envelope of envelopes) {
    assert.ok(envelope.body.byteLength < 1024, "entries carry keys, not data");
  }
  for (const envelope of envelopes.slice(0, 3)) {
    const task = await decodeTask(envelope, { getBlob: store.getBlob });
    assert.ok(task.kind === "starmap");
    const first = task.items[0]![0] as Float64Array;
    assert.ok(first instanceof Float64Array);
    assert.deepEqual(first, big);
    assert.equal(task.items[7]![1], task.chunk * 8 + 7);
  }
  // Changed content is a different blob, never taken for the stored one.
  big[5] = -1;
  await encodeTask({ call: 2, chunk: 0, kind: "map", task: MODULE_TASK, items: [big] }, "p", {
    putBlob: store.putBlob,
    blobCache,
  });
  assert.equal(store.stats.puts, 2);
  blobCache.clear();
  await encodeTask({ call: 2, chunk: 1, kind: "map", task: MODULE_TASK, items: [big] }, "p", {
    putBlob: store.putBlob,
    blobCache,
  });
  assert.equal(store.stats.puts, 3, "a cleared cache stores again");
  // Small values and a bigger threshold never touch the store.
  await encodeTask({ call: 3, chunk: 0, kind: "map", task: MODULE_TASK, items: [big] }, "p", {
    blobThreshold: 16 * 2 ** 20,
  });
  assert.equal(store.stats.puts, 3);
});

Deno.test("a missing blob fails naming its key and that it expired; a big value without putBlob says so", async () => {
  const store = memoryStore();
  const units = [{ call: 1, args: ["y".repeat(600_000)] }];
  const envelope = await encodeTask(
    { call: 1, chunk: 0, kind: "apply", task: MODULE_TASK, units },
    "p",
    {
      putBlob: store.putBlob,
    },
  );
  const [key] = [...store.blobs.keys()];
  store.blobs.clear();
  await assert.rejects(decodeTask(envelope, { getBlob: store.getBlob }), (error: Error) => {
    assert.match(
      error.message,
      new RegExp(`"${key!.replace(/[{}]/g, "\\$&")}", which is missing: it expired`),
    );
    return true;
  });
  await assert.rejects(decodeTask(envelope), /no getBlob option/);
  await assert.rejects(
    encodeTask({ call: 1, chunk: 0, kind: "apply", task: MODULE_TASK, units }, "p"),
    /no putBlob option/,
  );
  await assert.rejects(
    encodeTask({ call: 1, chunk: 0, kind: "apply", task: MODULE_TASK, units }, "p", {
      putBlob: store.putBlob,
      maxEntryBytes: 500_000,
    }),
    (error: Error) =>
      error instanceof RangeError &&
      /args\[0\] takes \d+ bytes.*maxEntryBytes \(500000\)/.test(error.message),
  );
});

Deno.test("big results travel as blobs, and a worker's admit check runs before any blob is fetched", async () => {
  const store = memoryStore();
  const result = new Uint8Array(3 * 2 ** 20).fill(9);
  const body = await encodeReply({ ...REPLY, ok: [result, 1] }, { putBlob: store.putBlob });
  assert.ok(body.byteLength < 1024);
  const reply = await decodeReply(body, { getBlob: store.getBlob });
  assert.ok("ok" in reply);
  assert.deepEqual(reply.ok[0], result);

  const units = [{ call: 1, args: [result] }];
  const source = { source: "(bytes) => bytes.length" };
  const envelope = await encodeTask(
    { call: 1, chunk: 0, kind: "apply", task: source, units },
    "p",
    {
      putBlob: store.putBlob,
    },
  );
  const gets = store.stats.gets;
  await assert.rejects(
    decodeTask(envelope, {
      getBlob: store.getBlob,
      admit: (header) => {
        assert.deepEqual(header.task, source);
        throw new TypeError("source tasks need --allow-source");
      },
    }),
    /--allow-source/,
  );
  assert.equal(store.stats.gets, gets, "no blob fetched for a refused task");
});

Deno.test("malformed tasks and options are refused when encoding", async () => {
  const encode = (task: unknown, options = {}) => encodeTask(task as WireTask, "p", options);
  await assert.rejects(
    encode({ call: -1, chunk: 0, kind: "map", task: MODULE_TASK, items: [] }),
    /call/,
  );
  await assert.rejects(
    encode({ call: 1, chunk: 0, kind: "reduce", task: MODULE_TASK, items: [] }),
    /kind/,
  );
  await assert.rejects(
    encode({ call: 1, chunk: 0, kind: "map", task: { module: "tasks.ts", name: "f" }, items: [] }),
    /absolute URL/,
  );
  await assert.rejects(
    encode({ call: 1, chunk: 0, kind: "starmap", task: MODULE_TASK, items: [1] }),
    /argument lists/,
  );
  await assert.rejects(
    encode({
      call: 1,
      chunk: 0,
      kind: "apply",
      task: MODULE_TASK,
      units: [{ call: 2, args: [] }, { call: 2, args: [] }],
    }),
    /call 2 twice/,
  );
  await assert.rejects(
    encode({ call: 1, chunk: 0, kind: "map", task: MODULE_TASK, items: [], timeout: -5 }),
    /timeout/,
  );
  await assert.rejects(
    encode({ call: 1, chunk: 0, kind: "map", task: MODULE_TASK, items: [] }, { maxEntryBytes: 0 }),
    RangeError,
  );
  await assert.rejects(
    encode({ call: 1, chunk: 0, kind: "map", task: MODULE_TASK, items: [] }, {
      blobThreshold: "big",
    }),
    /blobThreshold/,
  );
});

class Point {
  constructor(readonly x: number, readonly y: number) {}
  norm(): number {
    return Math.hypot(this.x, this.y);
  }
}
registerClass(Point, "wire_test.Point");

Deno.test("instances of registered classes arrive as instances, in arguments and results", async () => {
  const items = [new Point(3, 4), [new Point(0, 1)]];
  const task = await roundTrip({ call: 1, chunk: 0, kind: "map", task: MODULE_TASK, items });
  assert.ok(task.kind === "map");
  assert.ok(task.items[0] instanceof Point);
  assert.equal((task.items[0] as Point).norm(), 5);
  assert.ok((task.items[1] as Point[])[0] instanceof Point);
  const module = MODULE_TASK.module;
  const body = await encodeReply({ ...REPLY, ok: [new Point(6, 8)] }, { module });
  const reply = await decodeReply(body, { module });
  assert.ok("ok" in reply && reply.ok[0] instanceof Point);
  assert.equal((reply.ok[0] as Point).norm(), 10);
});

export class Segment {
  constructor(readonly from: number, readonly to: number) {}
  length(): number {
    return this.to - this.from;
  }
}

Deno.test("results holding instances of the pool module's classes need that module to cross", async () => {
  const module = import.meta.url;
  const units = [{ call: 1, ok: new Segment(2, 9) }];
  const reply = await decodeReply(await encodeReply({ ...REPLY, units }, { module }), { module });
  const [unit] = "units" in reply ? reply.units : [];
  assert.ok(unit !== undefined && "ok" in unit && unit.ok instanceof Segment);
  assert.equal(unit.ok.length(), 7);
  // Without the module, the instance cannot be named: the unit fails saying how to fix it.
  const without = await decodeReply(await encodeReply({ ...REPLY, units }));
  const [failed] = "units" in without ? without.units : [];
  assert.ok(failed !== undefined && "error" in failed && failed.error instanceof TypeError);
  assert.match(failed.error.message, /class Segment .*registerClass/);
});

Deno.test("a thrown error too big to send back keeps its name and message, or says it was too big", async () => {
  const bulky = Object.assign(new SyntaxError("bad input"), { data: "z".repeat(5000) });
  const reply = await decodeReply(
    await encodeReply({ ...REPLY, error: bulky }, { maxEntryBytes: 3000 }),
  );
  assert.ok("error" in reply && reply.error instanceof Error);
  assert.equal(reply.error.name, "SyntaxError");
  assert.equal(reply.error.message, "bad input");
  assert.match((reply.error.cause as Error).message, /maxEntryBytes \(3000 bytes\)/);
  const huge = new Error("m".repeat(5000));
  const tooBig = await decodeReply(
    await encodeReply({ ...REPLY, error: huge }, { maxEntryBytes: 3000 }),
  );
  assert.ok("error" in tooBig && tooBig.error instanceof RangeError);
  assert.match(tooBig.error.message, /was too big to send back/);
});
