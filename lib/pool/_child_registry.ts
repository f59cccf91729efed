// The child processes of every pool in this process, so that Ctrl-C (SIGINT) stops them
// before this process exits: nothing is left running. The listener exists only while a child
// does, so it neither keeps a script alive nor changes SIGINT for scripts that have none.

const children = new Set<Deno.ChildProcess>();
// Python exits with 128 + SIGINT's number (2) after KeyboardInterrupt reaches the top.
const SIGINT_EXIT_CODE = 130;

function onSigint(): void {
  for (const child of children) {
    try {
      child.kill("SIGKILL");
    } catch {
      // It has already exited.
    }
  }
  children.clear();
  Deno.exit(SIGINT_EXIT_CODE);
}

/** Registers a live child; the first one installs the SIGINT listener. */
export function trackChild(child: Deno.ChildProcess): void {
  if (children.size === 0 && Deno.build.os !== "windows") {
    Deno.addSignalListener("SIGINT", onSigint);
  }
  children.add(child);
}

/** Forgets a child that has exited; the last one removes the listener. */
export function untrackChild(child: Deno.ChildProcess): void {
  if (!children.delete(child) || children.size > 0) return;
  if (Deno.build.os !== "windows") Deno.removeSignalListener("SIGINT", onSigint);
}

/** How many pool child processes are running. */
export function liveChildCount(): number {
  return children.size;
}
