// Queue keys share one hash tag, and names that could break the tag are refused.
import assert from "node:assert/strict";
import { checkName, queueKeys } from "../../lib/cluster/keys.ts";
import { connectRedis } from "../../lib/cluster/redis_broker.ts";

Deno.test("every key of a queue carries the queue's hash tag", () => {
  const keys = queueKeys("jobs");
  const all = [
    keys.tasks,
    keys.cancel,
    keys.workers,
    keys.pool("p"),
    keys.replies("p"),
    keys.cancelled("p"),
    keys.worker("host-1-a"),
    keys.blob("ab".repeat(32)),
  ];
  for (const key of all) assert.ok(key.startsWith("{mp:jobs}:"), key);
  assert.equal(new Set(all).size, all.length);
  assert.ok(keys.isBlob(keys.blob("0".repeat(64))));
  assert.ok(!keys.isBlob(queueKeys("other").blob("0".repeat(64))));
  assert.ok(!keys.isBlob(keys.tasks));
});

Deno.test("names that could break the hash tag are refused with a clear error", () => {
  for (const bad of ["a{b", "a}b", "a:b", "a b", "tab\there", "new\nline", "nul\0"]) {
    assert.throws(() => queueKeys(bad), TypeError, JSON.stringify(bad));
    assert.throws(() => queueKeys("q").pool(bad), TypeError, JSON.stringify(bad));
  }
  assert.throws(() => queueKeys(""), RangeError);
  assert.throws(() => queueKeys("x".repeat(101)), RangeError);
  assert.equal(checkName("x".repeat(100), "queue name").length, 100);
  assert.throws(() => checkName(42, "pool id"), TypeError);
  assert.throws(() => queueKeys("q").replies(""), RangeError);
  assert.throws(() => queueKeys("q").blob("AB".repeat(32)), TypeError);
  assert.throws(() => queueKeys("q").pool("a:b"), /pool id "a:b" holds ":" at index 1/);
});

Deno.test("connectRedis() refuses a bad queue name or URL before connecting", async () => {
  await assert.rejects(connectRedis("redis://127.0.0.1:1", { queue: "{x}" }), TypeError);
  await assert.rejects(connectRedis("redis://127.0.0.1:1", { queue: "" }), RangeError);
  await assert.rejects(connectRedis("http://127.0.0.1:1"), TypeError);
  await assert.rejects(connectRedis("not a url"), TypeError);
  await assert.rejects(connectRedis("redis://127.0.0.1:1", { timeoutMs: 0 }), RangeError);
});
