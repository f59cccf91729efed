import assert from "node:assert/strict";
import { encodeFrame, FrameError, FrameReader, MAX_FRAME_BYTES } from "../../lib/wire/framing.ts";
import { runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";

const MOD = new URL("../../mod.ts", import.meta.url).href;
const FORGED = new URL("../fixtures/forged_frames.ts", import.meta.url).href;

function header(size: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, size, true);
  return bytes;
}

Deno.test("FrameReader refuses a frame announcing more than the limit at its header, keeping only what arrived", () => {
  const reader = new FrameReader();
  assert.throws(() => reader.push(header(MAX_FRAME_BYTES + 1)), FrameError);
  const fresh = new FrameReader();
  assert.throws(() => fresh.push(header(1024 * 1024 * 1024)), /announced 1073741824 bytes/);
  // Up to the limit, a frame is awaited, and only the bytes that came are held.
  const patient = new FrameReader();
  assert.deepEqual(patient.push(header(MAX_FRAME_BYTES)), []);
  assert.equal(patient.pending, 4);
});

Deno.test("FrameReader refuses bytes that do not deserialize, and still cuts good frames however chunks fall", () => {
  const garbage = new Uint8Array([...header(8), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  assert.throws(() => new FrameReader().push(garbage), /does not deserialize/);
  // The good frame before a bad one in the same chunk is handed over with the error.
  const good = encodeFrame({ type: "started", count: 1 });
  assert.throws(
    () => new FrameReader().push(new Uint8Array([...good, ...garbage])),
    (error: FrameError) => {
      assert.deepEqual(error.before, [{ type: "started", count: 1 }]);
      return true;
    },
  );
  const frames = [encodeFrame({ type: "a" }), encodeFrame([1, 2, 3]), encodeFrame("z")];
  const stream = new Uint8Array(frames.reduce((sum, frame) => sum + frame.byteLength, 0));
  let at = 0;
  for (const frame of frames) stream.set(frame, (at += frame.byteLength) - frame.byteLength);
  const reader = new FrameReader();
  const messages: unknown[] = [];
  for (let i = 0; i < stream.byteLength; i += 3) {
    messages.push(...reader.push(stream.subarray(i, i + 3)));
  }
  assert.deepEqual(messages, [{ type: "a" }, [1, 2, 3], "z"]);
});

Deno.test("a child process that sends an oversized, malformed or unknown frame is killed and its call rejected; the parent's memory stays bounded", async () => {
  const outcome = await runChild(
    `import { Pool } from "${MOD}";
     import { double, forge } from "${FORGED}";
     const pool = new Pool({ processes: 1, module: "${FORGED}", isolation: "process" });
     const report = {};
     for (const kind of ["oversized", "garbage", "unknown-type", "not-an-object"]) {
       const child = await pool.apply(() => Deno.pid);
       const before = Deno.memoryUsage().rss;
       const started = performance.now();
       try {
         await pool.apply(forge, [kind]);
         report[kind] = { settled: "fulfilled" };
       } catch (error) {
         report[kind] = {
           settled: error.name,
           message: error.message,
           cause: String(error.cause?.message ?? error.cause),
           child,
           rssGrowthMiB: Math.round((Deno.memoryUsage().rss - before) / 2 ** 20),
           ms: Math.round(performance.now() - started),
         };
       }
       report[kind].after = await pool.apply(double, [21]);
     }
     console.log("REPORT " + JSON.stringify(report));
     await pool.terminate();`,
    { timeoutMs: 90_000 },
  );
  const line = outcome.stdout.match(/REPORT (.*)\n/)?.[1];
  assert.ok(line, `the script must finish (exit ${outcome.code}): ${outcome.stderr.slice(-2000)}`);
  const report = JSON.parse(line) as Record<string, {
    settled: string;
    message: string;
    cause: string;
    child: number;
    rssGrowthMiB: number;
    after: number;
  }>;
  const expectedCause: Record<string, RegExp> = {
    "oversized": /announced 1073741824 bytes, more than the limit/,
    "garbage": /does not deserialize/,
    "unknown-type": /unknown type "hello"/,
    "not-an-object": /a 42 instead of a message object/,
  };
  for (const [kind, seen] of Object.entries(report)) {
    assert.equal(seen.settled, "WorkerDiedError", `${kind}: ${JSON.stringify(seen)}`);
    assert.match(seen.message, /sent a message the pool cannot accept/);
    assert.match(seen.cause, new RegExp(`child process ${seen.child} `));
    assert.match(seen.cause, expectedCause[kind]!);
    assert.equal(seen.after, 42, `${kind}: the pool goes on with a new child`);
  }
  // 64 MiB arrived behind the 1 GiB announcement: the parent kept none of it.
  assert.ok(report.oversized!.rssGrowthMiB < 48, `RSS grew ${report.oversized!.rssGrowthMiB} MiB`);
  await reportRow("inputs", "child process sends bad frames", {
    injected: "a child's frame replaced by: a 1 GiB header with 64 MiB behind it, 16 bytes of " +
      '0xff, {type: "hello"}, the number 42',
    outcome: Object.entries(report).map(([kind, seen]) =>
      `${kind}: ${seen.settled}, next call ${seen.after}` +
      (kind === "oversized" ? `, parent RSS +${seen.rssGrowthMiB} MiB` : "")
    ).join("; "),
  });
});
