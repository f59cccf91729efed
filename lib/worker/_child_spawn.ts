/**
 * The command line of a pool child process: `deno run` of the child entry script, resolving
 * imports as this process does, under the pool's permissions (with access to its private
 * socket), its heap limit, and stdio wired so that the child's output is the parent's and its
 * stdin is the pipe that tells it the parent still lives.
 *
 * @module
 */
import { childPermissionFlags, type PermissionsOption, withSocketAccess } from "./permissions.ts";

const CHILD_URL = new URL("./process_entry.ts", import.meta.url);
// The package root: task modules usually import its mod.ts.
const LIBRARY_URL = new URL("../../", import.meta.url);

/** How child processes are started. */
export interface ChildOptions {
  readonly permissions: PermissionsOption;
  readonly heapLimitMb: number | null;
  readonly module: string | null;
  /** The config and import map flags of this process (see `childResolutionFlags`). */
  readonly resolution: readonly string[];
}

/** Starts a child that will connect to `socketPath`; throws if it cannot be started. */
export function spawnChild(socketPath: string, options: ChildOptions): Deno.ChildProcess {
  const flags = withSocketAccess(
    childPermissionFlags(options.permissions, {
      libraryUrl: LIBRARY_URL.href,
      moduleUrl: options.module,
    }),
    socketPath,
  );
  const heap = options.heapLimitMb === null
    ? []
    : [`--v8-flags=--max-old-space-size=${options.heapLimitMb}`];
  return new Deno.Command(Deno.execPath(), {
    // The flags start with --no-prompt: a child has no terminal to ask on.
    args: [
      "run",
      "--quiet",
      ...options.resolution,
      ...flags,
      ...heap,
      CHILD_URL.href,
      socketPath,
    ],
    // Stdin only tells the child that this process is alive: nothing is written to it.
    stdin: "piped",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
}
