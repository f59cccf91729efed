/**
 * What both entry scripts (a worker thread's and a child process's) do the same way: before any
 * task code runs, they hook every way a worker can end by itself, so that its runner sends a
 * `died` message first (the parent gets no event, or no reason, when a worker calls `close()` or
 * `Deno.exit()`, and an error that escapes every task would end it silently); and from their
 * init message they take this thread's identity and start the runner.
 *
 * @module
 */
import { IN_DENO } from "../internal/runtime.ts";
import { setCurrent } from "../internal/threads.ts";
import { installSettleBeforeExit } from "./_process_exit.ts";
import type { ChildInitMessage } from "./protocol.ts";
import type { Runner } from "./runner.ts";
import { decodeOrDefer } from "./_undecoded.ts";

/**
 * Installs the hooks that announce this worker's own end through `runner`, and the wait a
 * Process does before it ends (`_process_exit.ts`). `exit` ends the process with a code once
 * the `died` message is on its way (by default the real `Deno.exit`; a browser has no exit).
 */
export function installEntryHooks(runner: Runner, exit?: (code: number) => never): void {
  installSettleBeforeExit();
  globalThis.close = () => runner.die("close");
  // Deno.exit() (and node:process's exit(), which calls it) ends a worker without any event in
  // the parent: announce it first.
  if (IN_DENO) {
    const end = exit ?? Deno.exit;
    Deno.exit = (code?: number): never => {
      const exitCode = typeof code === "number" ? code : 0;
      runner.die("exit", undefined, exitCode);
      return end(exitCode);
    };
  }
  globalThis.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    runner.die("unhandled-rejection", event.reason);
  });
  globalThis.addEventListener("error", (event) => {
    event.preventDefault();
    runner.die("uncaught-error", event.error);
  });
}

/**
 * Takes this thread's name, pid and parent from `init` (`registry` is the liveness registry it
 * shares), then starts `runner`: it imports the task module and runs the initializer with the
 * initargs revived by `decode` (a class of the module not found yet is revived once the module
 * has loaded, see `_undecoded.ts`).
 */
export function startFromInit(
  runner: Runner,
  init: ChildInitMessage,
  pid: number,
  registry: SharedArrayBuffer,
  decode: (value: unknown) => unknown,
): void {
  setCurrent({ name: init.name, pid }, registry, init.parent ?? null);
  void runner.init(init.module, init.initializer, decodeOrDefer(init.initargs, decode));
}
