// The Redis broker when its server is gone: every call rejects within its bound, naming the
// server with its password masked, and works again once the server is back.
import assert from "node:assert/strict";
import { connectRedis, type RedisBroker } from "../../lib/cluster/redis_broker.ts";
import { delay, eventually, ignoreWithoutRedis, startRedis } from "./_redis.ts";

const TIMEOUT_MS = 400;
const SLACK_MS = 1500;

function calls(broker: RedisBroker): Record<string, [() => Promise<unknown>, number]> {
  const body = new Uint8Array([1]);
  const delivery = { id: "1-1", version: 1, pool: "p1", body, deliveries: 1 };
  const worker = {
    name: "w",
    host: "h",
    pid: 1,
    capacity: 1,
    wire: [1],
    allowModule: [],
    allowSource: false,
  };
  return {
    enqueue: [() => broker.enqueue([{ version: 1, pool: "p1", body }]), 0],
    withdraw: [() => broker.withdraw(["1-1"]), 0],
    read: [() => broker.read("w", 1, 0), 0],
    "blocking read": [() => broker.read("w", 1, 300), 300],
    settle: [() => broker.settle(delivery, body), 0],
    renew: [() => broker.renew("w", ["1-1"]), 0],
    reclaim: [() => broker.reclaim("w", 1000, 1), 0],
    release: [() => broker.release("w", ["1-1"]), 0],
    replies: [() => broker.replies("p1", "0", 0), 0],
    "blocking replies": [() => broker.replies("p1", "0", 300), 300],
    cancel: [() => broker.cancel("p1", [1]), 0],
    cancelledCalls: [() => broker.cancelledCalls("p1"), 0],
    putBlob: [() => broker.putBlob(body, 1000), 0],
    getBlob: [() => broker.getBlob(broker.keys.blob("0".repeat(64))), 0],
    keepAlive: [() => broker.keepAlive("p1", 1000), 0],
    isAlive: [() => broker.isAlive("p1"), 0],
    forget: [() => broker.forget("p1"), 0],
    announce: [() => broker.announce(worker, 1000), 0],
    workers: [() => broker.workers(), 0],
    onCancel: [async () => await (await broker.onCancel(() => {}))(), 0],
  };
}

Deno.test({
  name:
    "with the server stopped every call rejects in time naming the server (password masked), and works after",
  ignore: ignoreWithoutRedis,
}, async () => {
  await using server = await startRedis({ password: "s3cret" });
  const masked = server.url.replace("s3cret", "***");
  await using broker = await connectRedis(server.url, { timeoutMs: TIMEOUT_MS });
  // Every call once with the server up, so each kind of connection exists before it goes.
  for (const [name, [call]] of Object.entries(calls(broker))) {
    await call().catch((error) => assert.fail(`${name} failed with the server up: ${error}`));
  }
  await server.stop();
  for (const [name, [call, blockMs]] of Object.entries(calls(broker))) {
    const started = Date.now();
    const error = await call().then(() => null, (error: Error) => error);
    const took = Date.now() - started;
    assert.ok(error instanceof Error, `${name} resolved with the server stopped`);
    assert.ok(took <= TIMEOUT_MS + blockMs + SLACK_MS, `${name} took ${took} ms`);
    assert.ok(error.message.includes(masked), `${name}: ${error.message}`);
    assert.ok(!error.message.includes("s3cret"), `${name}: ${error.message}`);
    assert.ok(error.cause !== undefined, `${name} gave no cause`);
  }
  await server.restart();
  await eventually(() => broker.isAlive("p1"));
  for (const [name, [call]] of Object.entries(calls(broker))) {
    await eventually(call, 5000).catch((error) => assert.fail(`${name} after restart: ${error}`));
  }
  const [id] = await broker.enqueue([{ version: 1, pool: "p1", body: new Uint8Array([9]) }]);
  await broker.read("w2", 100, 0); // drain what the calls above enqueued
  assert.ok(id !== undefined);
});

Deno.test({
  name: "a server killed during a blocking read rejects the read, it does not wait out the block",
  ignore: ignoreWithoutRedis,
}, async () => {
  await using server = await startRedis();
  await using broker = await connectRedis(server.url, { timeoutMs: TIMEOUT_MS });
  const reading = broker.read("w", 1, 10_000).then(() => null, (error: Error) => error);
  await delay(100);
  const started = Date.now();
  await server.stop();
  const error = await reading;
  assert.ok(error instanceof Error, "the read resolved");
  assert.ok(Date.now() - started < SLACK_MS, `the read took ${Date.now() - started} ms to fail`);
});

Deno.test({
  name: "connectRedis() to no server rejects in time with the password masked",
  ignore: ignoreWithoutRedis,
}, async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const url = `redis://pool:s3cret@127.0.0.1:${port}`;
  const started = Date.now();
  const error = await connectRedis(url, { timeoutMs: TIMEOUT_MS }).then(
    async (broker) => {
      await broker[Symbol.asyncDispose]();
      return null;
    },
    (error: Error) => error,
  );
  assert.ok(error instanceof Error, "connected to nothing");
  assert.ok(Date.now() - started <= TIMEOUT_MS + SLACK_MS, `took ${Date.now() - started} ms`);
  assert.ok(!error.message.includes("s3cret"), error.message);
  assert.ok(error.message.includes(`redis://pool:***@127.0.0.1:${port}`), error.message);
});

Deno.test({
  name: "disposing of the broker ends a blocking read at once",
  ignore: ignoreWithoutRedis,
}, async () => {
  await using server = await startRedis();
  const broker = await connectRedis(server.url, { timeoutMs: TIMEOUT_MS });
  const reading = broker.replies("p1", "0", 10_000).then(() => null, (error: Error) => error);
  await delay(100);
  const started = Date.now();
  await broker[Symbol.asyncDispose]();
  assert.ok(await reading instanceof Error, "the read resolved");
  assert.ok(Date.now() - started < SLACK_MS);
  await assert.rejects(broker.isAlive("p1"), /closed/);
});

Deno.test({
  name: "a server that stops answering (SIGSTOP) makes each call reject in time, not hang",
  ignore: ignoreWithoutRedis,
}, async () => {
  await using server = await startRedis();
  await using broker = await connectRedis(server.url, { timeoutMs: TIMEOUT_MS });
  await broker.read("w", 1, 0);
  Deno.kill(server.pid!, "SIGSTOP");
  try {
    for (const [name, [call, blockMs]] of Object.entries(calls(broker))) {
      if (name === "onCancel") continue; // its listening connection would be the first to wait
      const started = Date.now();
      const error = await call().then(() => null, (error: Error) => error);
      const took = Date.now() - started;
      assert.ok(error instanceof Error, `${name} resolved with the server stopped`);
      assert.ok(took <= TIMEOUT_MS + blockMs + SLACK_MS, `${name} took ${took} ms`);
      assert.match(error.message, /(no answer|not connected) within/, `${name}: ${error.message}`);
    }
  } finally {
    Deno.kill(server.pid!, "SIGCONT");
  }
  await eventually(() => broker.read("w", 1, 100), 5000);
  assert.equal(await broker.isAlive("p1"), false);
});
