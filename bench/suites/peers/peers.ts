/**
 * The peers' runtimes, found once per run: Node with piscina, poolifier, tinypool and workerpool
 * installed by npm into a temporary folder (never into the repository), and python3 with numpy.
 * Whatever is missing is said, with why, and the run goes on without it.
 *
 * @module
 */
import { dirname } from "node:path";
import { findPython, type Python } from "../../harness/python.ts";

/** The exact versions installed with npm at run time. */
export const NODE_PEERS = {
  piscina: "5.3.2",
  poolifier: "5.3.2",
  tinypool: "2.2.0",
  workerpool: "10.0.3",
} as const;
/** The Node pool libraries, by the name `bench/node/peer.mjs` takes. */
export type NodePeer = keyof typeof NODE_PEERS;

/** Node, its version and the folder holding `bench/node/`'s scripts and the libraries. */
export interface NodePeers {
  readonly executable: string;
  readonly version: string;
  readonly dir: string;
}

/** What was found: each runtime, or null with a note on why not. */
export interface Peers {
  readonly node: NodePeers | null;
  readonly python: Python | null;
  readonly numpy: string | null;
  readonly notes: readonly string[];
}

const NODE_DIR = new URL("../../node/", import.meta.url);
const INSTALL_TIMEOUT_MS = 180_000;
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes).trim();

/** Runs `command args`; its stdout, or throws with why (NotFound when it is not on PATH). */
async function output(
  command: string,
  args: string[],
  options: Deno.CommandOptions = {},
): Promise<string> {
  const out = await new Deno.Command(command, {
    args,
    stdin: "null",
    signal: AbortSignal.timeout(INSTALL_TIMEOUT_MS),
    ...options,
  }).output();
  if (out.signal !== null) throw new Error(`${command} ${args[0]} stopped by ${out.signal}`);
  const tail = decode(out.stderr).split("\n").slice(-3).join(" | ");
  if (!out.success) throw new Error(`${command} ${args[0]} exited with ${out.code}: ${tail}`);
  return decode(out.stdout);
}

const reason = (error: unknown): string =>
  error instanceof Deno.errors.NotFound
    ? "not found on PATH"
    : error instanceof Error
    ? error.message
    : String(error);

/** Whether `file` is Deno under another name: Deno 2.9 puts a `node` that is Deno on PATH. */
function isDeno(file: string): boolean {
  try {
    const real = Deno.realPathSync(file);
    return real === Deno.realPathSync(Deno.execPath()) || real.endsWith("/deno");
  } catch {
    return false;
  }
}

/**
 * The path of executable `name` in a folder of PATH that is not Deno, or null. Looked up here
 * because Deno puts a `node` that runs Deno first on its children's PATH (node_compat_bin), and
 * Deno is not the peer.
 */
export function findOnPath(name: string, path = Deno.env.get("PATH") ?? ""): string | null {
  for (const dir of path.split(":").filter((d) => d !== "")) {
    const file = `${dir}/${name}`;
    try {
      const info = Deno.statSync(file);
      if (info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0 && !isDeno(file)) return file;
    } catch {
      // Not in this folder.
    }
  }
  return null;
}

/** Node with the four libraries in a new temporary folder, or null and why not. */
async function nodePeers(): Promise<{ node: NodePeers | null; note: string }> {
  const executable = findOnPath("node");
  const npm = findOnPath("npm");
  if (executable === null || npm === null) {
    const missing = executable === null ? "node" : "npm";
    return { node: null, note: `${missing}: not found on PATH; the Node peers are skipped` };
  }
  let version: string;
  try {
    version = await output(executable, ["--version"]);
    if (!version.startsWith("v")) throw new Error(`${executable} --version printed ${version}`);
  } catch (error) {
    return { node: null, note: `node: ${reason(error)}; the Node peers are skipped` };
  }
  const dir = await Deno.makeTempDir({ prefix: "multiproc_peers_" });
  const packages = Object.entries(NODE_PEERS).map(([name, v]) => `${name}@${v}`);
  try {
    // npm runs `env node`: the real one first on its PATH, not Deno's stand-in.
    const path = `${dirname(executable)}:${Deno.env.get("PATH") ?? ""}`;
    await output(npm, [
      "install",
      "--prefix",
      dir,
      "--no-save",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      // Without a network, fail within a minute rather than retry for several.
      "--fetch-timeout=20000",
      "--fetch-retries=1",
      "--fetch-retry-mintimeout=1000",
      "--fetch-retry-maxtimeout=3000",
      ...packages,
    ], { env: { PATH: path } });
    for await (const entry of Deno.readDir(NODE_DIR)) {
      if (entry.name.endsWith(".mjs")) {
        await Deno.copyFile(new URL(entry.name, NODE_DIR), `${dir}/${entry.name}`);
      }
    }
  } catch (error) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    return {
      node: null,
      note: `npm install failed (${reason(error)}); the Node peers are skipped`,
    };
  }
  const node = { executable, version, dir };
  return { node, note: `Node ${version} · ${packages.join(", ")} installed by npm into ${dir}` };
}

/** numpy's version under `python`, or null and why not. */
async function numpyVersion(python: Python): Promise<{ numpy: string | null; note: string }> {
  try {
    const numpy = await output(python.executable, ["-c", "import numpy; print(numpy.__version__)"]);
    return { numpy, note: `Python ${python.version} · numpy ${numpy}` };
  } catch (error) {
    return { numpy: null, note: `numpy: ${reason(error)}; the numpy figures have no peer` };
  }
}

/** Finds the peers; `withNode` false skips Node (no section needs it). */
export async function findPeers(withNode: boolean): Promise<Peers> {
  const { node, note } = withNode
    ? await nodePeers()
    : { node: null, note: "Node: no section of this run needs it" };
  const python = await findPython();
  const numpy = python === null
    ? { numpy: null, note: "python3: not found on PATH; the Python peers are skipped" }
    : await numpyVersion(python);
  return { node, python, numpy: numpy.numpy, notes: [note, numpy.note] };
}

/** Removes the temporary folder of the Node peers. */
export async function removePeers(peers: Peers): Promise<void> {
  if (peers.node !== null) await Deno.remove(peers.node.dir, { recursive: true });
}
