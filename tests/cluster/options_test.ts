import assert from "node:assert/strict";
import { clusterSettings } from "../../lib/cluster/options.ts";
import { DEFAULT_BLOB_THRESHOLD, DEFAULT_MAX_ENTRY_BYTES } from "../../lib/cluster/wire.ts";

const URL_ = "redis://127.0.0.1:6379";

Deno.test("clusterSettings() takes a URL alone, with the documented defaults", () => {
  assert.deepEqual(clusterSettings(URL_, {}), {
    url: URL_,
    queue: "default",
    visibility: 5000,
    blobThreshold: DEFAULT_BLOB_THRESHOLD,
    maxEntryBytes: DEFAULT_MAX_ENTRY_BYTES,
    brokerTimeout: 5000,
  });
  const tls = clusterSettings(
    { url: "rediss://u:p@host:6380/2", queue: "jobs", visibility: 2000 },
    {},
  );
  assert.equal(tls.queue, "jobs");
  assert.equal(tls.visibility, 2000);
});

Deno.test("clusterSettings() refuses the Pool options the workers set, naming their flags", () => {
  for (
    const [name, value, flag] of [
      ["isolation", "process", "--isolation"],
      ["permissions", "none", "--permissions"],
      ["heapLimitMb", 512, "--heap-limit-mb"],
      ["maxTasksPerChild", 10, "--max-tasks-per-child"],
    ] as const
  ) {
    assert.throws(
      () => clusterSettings(URL_, { [name]: value }),
      (error: Error) =>
        error instanceof TypeError && error.message.includes(name) &&
        error.message.includes(flag),
      name,
    );
  }
  // Left unset (undefined), they change nothing.
  assert.equal(clusterSettings(URL_, { isolation: undefined }).queue, "default");
});

Deno.test("clusterSettings() refuses a URL that is not redis, without echoing it", () => {
  for (const url of ["http://user:secret@host", "localhost:6379", "", 6379, null]) {
    assert.throws(
      () => clusterSettings(url, {}),
      (error: Error) =>
        error instanceof TypeError && /redis:\/\/ or rediss:\/\//.test(error.message) &&
        !error.message.includes("secret"),
      String(url),
    );
  }
  assert.throws(() => clusterSettings({}, {}), TypeError);
});

Deno.test("clusterSettings() refuses unknown keys, bad queue names and out-of-range numbers", () => {
  assert.throws(() => clusterSettings({ url: URL_, queu: "x" }, {}), /no option "queu"/);
  for (const queue of ["", "a{b", "a:b", "a b", "x".repeat(101)]) {
    assert.throws(() => clusterSettings({ url: URL_, queue }, {}), /queue/, queue);
  }
  for (const visibility of [0, -1, NaN, Infinity, 2 ** 31, "5s"]) {
    assert.throws(
      () => clusterSettings({ url: URL_, visibility } as never, {}),
      RangeError,
      String(visibility),
    );
  }
  for (const maxEntryBytes of [0, 1.5, -2]) {
    assert.throws(() => clusterSettings({ url: URL_, maxEntryBytes }, {}), RangeError);
  }
});
