import assert from "node:assert/strict";
import {
  checkPermissions,
  childPermissionFlags,
  missingWorkerOptionsError,
  workerPermissions,
} from "../../lib/worker/permissions.ts";

const WHAT = "Pool option permissions";
const PERMISSIONS = new URL("../../lib/worker/permissions.ts", import.meta.url).href;
const LIBRARY = new URL("../../", import.meta.url).href;
const LIBRARY_PATH = new URL("../..", import.meta.url).pathname;
const FILE_NEEDS = { libraryUrl: "file:///opt/multiproc/", moduleUrl: "file:///app/tasks.ts" };

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `deno <args>` in `cwd`, with `stdin` as its input. */
async function deno(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; stdin?: string },
): Promise<Outcome> {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: options.cwd,
    env: { NO_COLOR: "1", ...options.env },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(20_000),
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(options.stdin ?? ""));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

/** A temporary directory with `files` written in it, removed after `use`. */
async function withDir(
  files: Record<string, string>,
  use: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "multiproc_permissions_" });
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.mkdir(`${dir}/${name}`.replace(/\/[^/]*$/, ""), { recursive: true });
      await Deno.writeTextFile(`${dir}/${name}`, text);
    }
    await use(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("checkPermissions accepts the documented forms and returns a copy", () => {
  assert.equal(checkPermissions(undefined, WHAT), "inherit");
  assert.equal(checkPermissions("none", WHAT), "none");
  const read = ["./data"];
  const checked = checkPermissions({ read, net: false, env: "inherit", write: undefined }, WHAT);
  assert.deepEqual(checked, { read: ["./data"], net: false, env: "inherit" });
  assert.notEqual((checked as { read: string[] }).read, read);
  const url = new URL("file:///data/");
  assert.deepEqual(checkPermissions({ read: [url] }, WHAT), { read: [url] });
});

Deno.test("checkPermissions names the option and what it received", () => {
  assert.throws(() => checkPermissions("all", WHAT), {
    name: "RangeError",
    message: /^Pool option permissions must be "inherit", "none" or an object .*the string "all"/,
  });
  assert.throws(() => checkPermissions(42, WHAT), { name: "TypeError", message: /number 42/ });
  assert.throws(() => checkPermissions(null, WHAT), { name: "TypeError", message: /null$/ });
  assert.throws(() => checkPermissions(["read"], WHAT), TypeError);
  assert.throws(() => checkPermissions({ reed: ["."], nett: true, read: true }, WHAT), {
    name: "RangeError",
    message: "Pool option permissions has unknown keys reed, nett: the kinds are read, write, " +
      "net, env, run, ffi, sys, import",
  });
  assert.throws(() => checkPermissions({ read: "./data" }, WHAT), {
    name: "RangeError",
    message:
      /^Pool option permissions\.read must be .* list of strings like \["\.\/data"\], received the string "\.\/data"$/,
  });
  assert.throws(() => checkPermissions({ net: 8080 }, WHAT), {
    name: "TypeError",
    message: /permissions\.net must be .*like \["example\.com:443"\], received number 8080$/,
  });
  assert.throws(() => checkPermissions({ read: ["./a", 1] }, WHAT), {
    name: "TypeError",
    message: "Pool option permissions.read[1] must be a string or file: URL, received number 1",
  });
  assert.throws(() => checkPermissions({ net: [new URL("https://a.example")] }, WHAT), {
    name: "TypeError",
    message: /permissions\.net\[0\] must be a string, received an object \(URL\)/,
  });
  assert.throws(() => checkPermissions({ env: [""] }, WHAT), {
    name: "RangeError",
    message: "Pool option permissions.env[0] must not be an empty string",
  });
});

Deno.test("workerPermissions adds read access to the task module and library files", () => {
  assert.equal(workerPermissions("inherit", FILE_NEEDS), "inherit");
  assert.deepEqual(workerPermissions("none", FILE_NEEDS), {
    read: ["/opt/multiproc/lib", "/opt/multiproc/mod.ts", "/app/tasks.ts"],
    write: false,
    net: false,
    env: false,
    run: false,
    ffi: false,
    sys: false,
    import: false,
  });
  assert.equal(workerPermissions("none", { libraryUrl: "npm:multiproc", moduleUrl: null }), "none");
  assert.deepEqual(workerPermissions({ read: ["./data", "/app/tasks.ts"] }, FILE_NEEDS), {
    read: ["./data", "/app/tasks.ts", "/opt/multiproc/lib", "/opt/multiproc/mod.ts"],
  });
  assert.deepEqual(workerPermissions({ read: true, net: ["a.example"] }, FILE_NEEDS), {
    read: true,
    net: ["a.example"],
  });
});

Deno.test("workerPermissions adds import access to remote code's hosts", () => {
  const needs = {
    libraryUrl: "https://jsr.io/@multiproc/multiproc/0.1.0/",
    moduleUrl: "http://localhost:8000/tasks.ts",
  };
  assert.deepEqual(workerPermissions({ import: ["esm.sh:443"] }, needs), {
    import: ["esm.sh:443", "jsr.io:443", "localhost:8000"],
  });
  assert.deepEqual(workerPermissions({ import: "inherit" }, needs), { import: "inherit" });
});

Deno.test("childPermissionFlags gives what is asked plus the code's needs, and never prompts", () => {
  assert.deepEqual(childPermissionFlags("none", FILE_NEEDS), [
    "--no-prompt",
    "--allow-read=/opt/multiproc/lib,/opt/multiproc/mod.ts,/app/tasks.ts",
    "--deny-import",
    "--cached-only",
  ]);
  assert.deepEqual(
    childPermissionFlags(
      { read: ["./data", new URL("file:///srv/a%20b/")], env: ["HOME", "PATH"], sys: true },
      { libraryUrl: "https://jsr.io/@multiproc/multiproc/0.1.0/", moduleUrl: null },
    ),
    [
      "--no-prompt",
      "--allow-read=./data,/srv/a b",
      "--allow-env=HOME,PATH",
      "--allow-sys",
      "--allow-import=jsr.io:443",
    ],
  );
  assert.deepEqual(childPermissionFlags({ import: true }, FILE_NEEDS), [
    "--no-prompt",
    "--allow-read=/opt/multiproc/lib,/opt/multiproc/mod.ts,/app/tasks.ts",
    "--allow-import",
  ]);
});

Deno.test("childPermissionFlags with inherit passes on what this process holds in full", () => {
  // The tests run with -A: every kind is held in full.
  assert.deepEqual(childPermissionFlags("inherit", FILE_NEEDS), [
    "--no-prompt",
    ...["read", "write", "net", "env", "run", "ffi", "sys", "import"].map((k) => `--allow-${k}`),
  ]);
  assert.deepEqual(childPermissionFlags({ net: "inherit" }, FILE_NEEDS).slice(2), [
    "--allow-net",
    "--deny-import",
    "--cached-only",
  ]);
});

Deno.test("childPermissionFlags rejects entries deno's flags cannot carry", () => {
  assert.throws(() => childPermissionFlags({ read: ["./a,b"] }, FILE_NEEDS), {
    name: "RangeError",
    message: /permissions\.read entry \.\/a,b .*split at commas/,
  });
  assert.throws(
    () => childPermissionFlags({ read: [new URL("https://a.example/x")] }, FILE_NEEDS),
    { name: "RangeError", message: /only file: URLs name paths/ },
  );
});

Deno.test("missingWorkerOptionsError says how to enable worker permissions", () => {
  const error = missingWorkerOptionsError(WHAT);
  assert.match(error.message, /^Pool option permissions needs Deno's worker permissions/);
  assert.match(error.message, /--unstable-worker-options/);
  assert.match(error.message, /"unstable": \["worker-options"\]/);
  assert.match(error.message, /isolation: "process"/);
  assert.match(error.message, /MULTIPROC_UNSTABLE_WORKER_OPTIONS=1/);
});

// Prints what workerOptionsEnabled() says; if true, proves it by starting a worker with
// permissions, which ends the process with code 70 when worker options are off.
const PROBE = `import { workerOptionsEnabled } from "${PERMISSIONS}";
const enabled = workerOptionsEnabled();
console.log("enabled", enabled);
if (enabled) {
  const source = "self.onmessage = () => self.postMessage('worker ran');";
  const worker = new Worker("data:application/javascript," + encodeURIComponent(source), {
    type: "module",
    deno: { permissions: "none" },
  });
  worker.onmessage = (event) => {
    console.log(event.data);
    worker.terminate();
  };
  worker.postMessage(null);
}
`;
const CONFIG_ON = `{
  // JSONC: comments and trailing commas
  "unstable": ["worker-options",], /* like Deno accepts */
}`;

async function probe(
  flags: string[],
  files: Record<string, string>,
  env: Record<string, string> = {},
): Promise<string> {
  let seen = "";
  await withDir({ "probe.ts": PROBE, ...files }, async (dir) => {
    const outcome = await deno(["run", ...flags, "probe.ts"], { cwd: dir, env });
    assert.equal(outcome.code, 0, outcome.stderr);
    seen = outcome.stdout.trim().replaceAll("\n", "; ");
  });
  return seen;
}

Deno.test("workerOptionsEnabled is false in a process started without the flag", async () => {
  assert.equal(await probe(["-A"], {}), "enabled false");
  assert.equal(await probe(["-A", "--no-config"], { "deno.json": CONFIG_ON }), "enabled false");
  assert.equal(
    await probe(["-A", "--config=other.json"], { "deno.json": CONFIG_ON, "other.json": "{}" }),
    "enabled false",
  );
});

Deno.test("workerOptionsEnabled sees --unstable-worker-options and deno.json", async () => {
  const on = "enabled true; worker ran";
  assert.equal(await probe(["-A", "--unstable-worker-options"], {}), on);
  assert.equal(await probe(["-A"], { "deno.jsonc": CONFIG_ON }), on);
  assert.equal(await probe(["-A", "-c", "other.json"], { "other.json": CONFIG_ON }), on);
  // Without all permissions the command line is unreadable, but the config still counts.
  assert.equal(await probe(["--allow-read"], { "deno.json": CONFIG_ON }), on);
  // A new project's usual flags: its own folder is readable, the folders above it are not.
  assert.equal(await probe(["--allow-read=."], { "deno.json": CONFIG_ON }), on);
  assert.equal(await probe(["--allow-read=."], { "deno.json": "{}" }), "enabled false");
});

Deno.test("workerOptionsEnabled ignores a workspace member's unstable list", async () => {
  const member = { "m/probe.ts": PROBE, "m/deno.json": CONFIG_ON };
  await withDir({ ...member, "deno.json": `{ "workspace": ["./m"] }` }, async (dir) => {
    const outcome = await deno(["run", "-A", "m/probe.ts"], { cwd: dir });
    assert.equal(outcome.stdout.trim(), "enabled false", outcome.stderr);
  });
});

Deno.test("workerOptionsEnabled: the env override, and the limit without all permissions", async () => {
  const override = { MULTIPROC_UNSTABLE_WORKER_OPTIONS: "1" };
  const allowEnv = "--allow-env=MULTIPROC_UNSTABLE_WORKER_OPTIONS";
  assert.equal(
    await probe(["--unstable-worker-options", allowEnv], {}, override),
    "enabled true; worker ran",
  );
  // The flag is on, but a process without all permissions cannot read its command line.
  assert.equal(await probe(["--allow-read", "--unstable-worker-options"], {}), "enabled false");
  // Without env access the override is not read.
  assert.equal(await probe(["--allow-read"], {}, override), "enabled false");
});

const TASKS = `import { checkPermissions } from "${PERMISSIONS}";
export function read(path: string): string {
  checkPermissions("none", "task"); // uses the library, which the worker had not loaded
  try {
    return Deno.readTextFileSync(path).trim();
  } catch (error) {
    return (error as Error).name + ": " + (error as Error).message;
  }
}
`;
const WORKER = `self.onmessage = async (event) => {
  const { module, paths } = event.data;
  try {
    const tasks = await import(module);
    self.postMessage(paths.map((path) => tasks.read(path)));
  } catch (error) {
    self.postMessage(["import failed: " + error.message]);
  }
};
`;
const MAIN = `import { workerPermissions } from "${PERMISSIONS}";
const [option, data] = JSON.parse(Deno.args[0]);
const module = new URL("./tasks.ts", import.meta.url).href;
const permissions = workerPermissions(option, { libraryUrl: "${LIBRARY}", moduleUrl: module });
const worker = new Worker(new URL("./worker.js", import.meta.url), {
  type: "module",
  deno: { permissions },
});
worker.onmessage = (event) => {
  console.log(JSON.stringify(event.data));
  worker.terminate();
};
worker.postMessage({ module, paths: [data + "/a.txt", Deno.cwd() + "/secret.txt"] });
`;
const SANDBOX_FILES = {
  "tasks.ts": TASKS,
  "worker.js": WORKER,
  "main.ts": MAIN,
  "data/a.txt": "allowed",
  "secret.txt": "secret",
};

Deno.test("a worker limited to one directory loads its task module but cannot read elsewhere", async () => {
  await withDir(SANDBOX_FILES, async (dir) => {
    const option = JSON.stringify([{ read: [`${dir}/data`] }, `${dir}/data`]);
    const outcome = await deno(["run", "-A", "--unstable-worker-options", "main.ts", option], {
      cwd: dir,
    });
    assert.equal(outcome.code, 0, outcome.stderr);
    const [allowed, denied] = JSON.parse(outcome.stdout) as string[];
    assert.equal(allowed, "allowed");
    assert.equal(
      denied,
      `NotCapable: Requires read access to "${dir}/secret.txt", run again ` +
        "with the --allow-read flag",
    );
  });
});

Deno.test("workerPermissions asks only what the parent holds, so the worker still starts", async () => {
  await withDir(SANDBOX_FILES, async (dir) => {
    // The parent may read the directory but not the library: the worker gets no library access
    // (asking for it would throw "Can't escalate parent thread permissions").
    const option = JSON.stringify(["none", `${dir}/data`]);
    const flags = [`--allow-read=${dir}`, "--unstable-worker-options"];
    const outcome = await deno(["run", ...flags, "main.ts", option], { cwd: dir });
    assert.equal(outcome.code, 0, outcome.stderr);
    const [failure] = JSON.parse(outcome.stdout) as string[];
    assert.match(
      failure!,
      /^import failed: Requires read access to ".*lib\/worker\/permissions\.ts"/,
    );
  });
});

Deno.test("a child deno with childPermissionFlags loads the library and task module only", async () => {
  await withDir(
    { "tasks.ts": TASKS, "data/a.txt": "allowed", "secret.txt": "secret" },
    async (dir) => {
      const script = `import "${LIBRARY}lib/worker/protocol.ts";
const tasks = await import("${new URL(`file://${dir}/tasks.ts`).href}");
console.log(JSON.stringify([tasks.read("${dir}/data/a.txt"), tasks.read("${dir}/secret.txt")]));
`;
      const flags = childPermissionFlags({ read: [`${dir}/data`] }, {
        libraryUrl: LIBRARY,
        moduleUrl: new URL(`file://${dir}/tasks.ts`).href,
      });
      assert.deepEqual(flags, [
        "--no-prompt",
        `--allow-read=${dir}/data,${LIBRARY_PATH}lib,${LIBRARY_PATH}mod.ts,${dir}/tasks.ts`,
        "--deny-import",
        "--cached-only",
      ]);
      const outcome = await deno(["run", ...flags, "-"], { cwd: dir, stdin: script });
      assert.equal(outcome.code, 0, outcome.stderr);
      assert.deepEqual(JSON.parse(outcome.stdout), [
        "allowed",
        `NotCapable: Requires read access to "${dir}/secret.txt", run again with the --allow-read flag`,
      ]);
    },
  );
});
