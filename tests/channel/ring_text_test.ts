// Text records read back through the ring's reused per-length code arrays (ring.ts): every
// length up to and past the short-text bound, each length twice with other text, exactly.
import assert from "node:assert/strict";
import { allocateRing, readRecord, recordCount, writeRecord } from "../../lib/channel/ring.ts";

function asciiText(length: number, seed: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += String.fromCharCode(0x20 + ((seed * 31 + i * 7) % 95));
  return text;
}

Deno.test("text records of every length from 1 to 200 read back exactly, a length's second record never showing its first", () => {
  const ring = allocateRing(512); // small: records wrap the end at many offsets
  for (let length = 1; length <= 200; length++) {
    for (const seed of [1, 2]) {
      const text = asciiText(length, seed * length);
      assert.ok(writeRecord(ring, text));
      assert.equal(readRecord(ring), text, `length ${length}, seed ${seed}`);
    }
  }
  assert.equal(recordCount(ring), 0);
});

Deno.test("a record of 0 bytes comes back as 0 bytes and one of 1 byte of text as a string, in order with longer ones", () => {
  const ring = allocateRing(64);
  for (const text of ["", "1", "[]", "x".repeat(30), ""]) assert.ok(writeRecord(ring, text));
  assert.deepEqual(
    Array.from({ length: 5 }, () => readRecord(ring)),
    // A 0-byte record has no first byte to say "text": it comes back as 0 bytes.
    [new Uint8Array(0), "1", "[]", "x".repeat(30), new Uint8Array(0)],
  );
});
