/**
 * The private Unix socket a pool child process sends its frames over, so that nothing the
 * task writes (stdout, stderr, any fd) can reach them. The parent listens on a path in a fresh
 * temporary directory only its user can enter (mode 0700), accepts exactly one connection (the
 * child's, made before any task code runs), then closes the listener and removes the
 * directory: nothing else can connect afterwards.
 *
 * Unix only: Windows is out of scope for `isolation: "process"`. The parent needs read, write
 * and net access for the socket (Deno checks a `unix:` path as net access and grants no
 * directory of them, so in practice `--allow-net`).
 *
 * @module
 */

/** A listening socket waiting for its one child. */
export interface ChildSocket {
  /** Where the child connects. */
  readonly path: string;
  /** The child's connection; rejects if {@linkcode ChildSocket.close} comes first. */
  readonly accepted: Promise<Deno.UnixConn>;
  /** Stops listening and removes the path (again harmless). */
  close(): void;
}

/** Opens a fresh socket for one child. Throws, saying why, if the parent may not. */
export function openChildSocket(): ChildSocket {
  if (Deno.build.os === "windows") {
    throw new Error(
      'isolation: "process" needs Unix domain sockets, which this library does not use on ' +
        'Windows: use isolation: "thread" there',
    );
  }
  let dir: string;
  let listener: Deno.UnixListener;
  try {
    dir = Deno.makeTempDirSync({ prefix: "multiproc_" });
  } catch (error) {
    throw accessError("create a private temporary directory", error);
  }
  const path = `${dir}/frames.sock`;
  try {
    listener = Deno.listen({ transport: "unix", path });
  } catch (error) {
    Deno.removeSync(dir, { recursive: true });
    throw accessError(`listen on ${path}`, error);
  }
  let open = true;
  const close = (): void => {
    if (!open) return;
    open = false;
    try {
      listener.close();
    } catch {
      // Already closed.
    }
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch {
      // Already removed.
    }
  };
  const accepted = listener.accept().finally(close);
  return { path, accepted, close };
}

function accessError(what: string, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new Error(
    `a process pool could not ${what} for its child's private socket (${reason}): ` +
      'isolation: "process" sends its messages over a Unix socket in a fresh temporary ' +
      "directory, so this process needs --allow-read and --allow-write for the temporary " +
      "directory (TMPDIR) and --allow-net (Deno checks Unix socket paths as net access, and " +
      'cannot grant a directory of them), or -A; or use isolation: "thread"',
    { cause },
  );
}
