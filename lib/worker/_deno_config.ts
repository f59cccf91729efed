/**
 * What Deno was started with, as far as a program may know: its command line (readable only with
 * all permissions, on Linux) and the deno.json or deno.jsonc it found. Deno has no API for
 * either, so they are read from `/proc/self/cmdline` and the file system, within the
 * permissions granted.
 *
 * @module
 */

/** Whether `descriptor` is granted, asked without prompting. */
export function granted(descriptor: Deno.PermissionDescriptor): boolean {
  return Deno.permissions.querySync(descriptor).state === "granted";
}

/** A file: URL's path, without a trailing separator. */
export function urlPath(url: string): string {
  const path = decodeURIComponent(new URL(url).pathname);
  const native = Deno.build.os === "windows" ? path.slice(1).replaceAll("/", "\\") : path;
  return native.length > 1 ? native.replace(/[\\/]$/, "") : native;
}

/** The folder holding `path`; the root is its own parent. */
export function parentDir(path: string): string {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return cut <= 0 ? path.slice(0, cut + 1) || path : path.slice(0, cut);
}

/** The current directory, or `null` if it cannot be read (removed, or no read access). */
export function currentDir(): string | null {
  try {
    return Deno.cwd();
  } catch {
    return null;
  }
}

/** The main module's folder, or `null` when the main module is not a local file. */
export function mainModuleDir(): string | null {
  return Deno.mainModule.startsWith("file:") ? parentDir(urlPath(Deno.mainModule)) : null;
}

/**
 * Deno's own arguments (executable, subcommand, flags, script), without the script's arguments,
 * or `null` if they cannot be read: Deno lets only a process with all permissions read
 * `/proc/self/cmdline`, and only Linux has it.
 */
export function denoFlags(): string[] | null {
  const path = "/proc/self/cmdline";
  const kinds = ["read", "write", "net", "env", "run", "ffi", "sys", "import"] as const;
  if (Deno.build.os !== "linux" || !kinds.every((name) => granted({ name }))) return null;
  try {
    const command = Deno.readTextFileSync(path).split("\0").slice(0, -1);
    return command.slice(0, command.length - Deno.args.length);
  } catch {
    return null;
  }
}

/** A config file and what it holds. */
export interface ConfigFile {
  /** Where it is, as a native path. */
  readonly path: string;
  /** Its contents, parsed (comments and trailing commas allowed, as in deno.jsonc). */
  readonly config: Record<string, unknown>;
}

/** What a search upward for deno.json or deno.jsonc found. */
export interface ConfigSearch {
  /** The first config upward from the start: the one Deno reads, or `null` if none. */
  readonly nearest: ConfigFile | null;
  /** The first config with a `"workspace"` at or above `nearest`: its settings rule. */
  readonly workspaceRoot: ConfigFile | null;
  /** The folder whose config could not be read (no access, not JSON); the search ended there. */
  readonly unreadable: string | null;
}

/** Searches upward from `dir` for deno.json or deno.jsonc, as Deno does, within read access. */
export function searchConfig(dir: string): ConfigSearch {
  let nearest: ConfigFile | null = null;
  for (let at = dir;; at = parentDir(at)) {
    const folder = at.replace(/[\\/]$/, "");
    for (const name of ["deno.json", "deno.jsonc"]) {
      const path = `${folder}/${name}`;
      const config = readConfig(path);
      if (config === undefined) return { nearest, workspaceRoot: null, unreadable: at };
      if (config === null) continue;
      nearest ??= { path, config };
      if ("workspace" in config) {
        return { nearest, workspaceRoot: { path, config }, unreadable: null };
      }
      break;
    }
    if (parentDir(at) === at) return { nearest, workspaceRoot: null, unreadable: null };
  }
}

/** The parsed config at `path`; `null` if there is none, `undefined` if it cannot be read. */
export function readConfig(path: string): Record<string, unknown> | null | undefined {
  if (!granted({ name: "read", path })) return undefined;
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (error) {
    return error instanceof Deno.errors.NotFound ? null : undefined;
  }
  try {
    const parsed: unknown = JSON.parse(stripJsonc(text));
    return parsed !== null && typeof parsed === "object"
      ? parsed as Record<string, unknown>
      : undefined;
  } catch {
    return undefined;
  }
}

/** JSONC to JSON: drops comments and trailing commas outside strings. */
function stripJsonc(text: string): string {
  return text.replace(
    /("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\/|,(?=(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*[}\]])/g,
    (match, string: string | undefined) => string ?? (match.startsWith(",") ? "" : " "),
  );
}
