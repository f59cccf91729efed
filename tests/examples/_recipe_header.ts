// Reads the command a recipe's header comment says to run it with, so the test runs each recipe
// with exactly the permissions its documentation lists and the two cannot drift apart.

/** A recipe's documented command, taken apart. */
export interface RecipeCommand {
  /** `NAME=value` assignments written before `deno`. */
  env: Record<string, string>;
  /** The `--` flags between `deno run` and the script. */
  flags: string[];
  /** The script, relative to the repository's root. */
  script: string;
  /** What follows the script. */
  args: string[];
}

/**
 * The command in the ``Run: `…` `` line of `source`'s first comment (it may wrap over several
 * comment lines). Throws a `SyntaxError` naming `file` when there is none, when it is not
 * `deno run <flags> <file> <args>`, or when a flag is not explained on a `- ` line of the header.
 */
export function parseRecipeCommand(source: string, file: string): RecipeCommand {
  const header = source.slice(0, source.indexOf("*/") + 1).replace(/^\s*\*? ?/gm, "");
  const match = header.match(/Run: `([^`]+)`/);
  if (match === null) {
    throw new SyntaxError(`${file}: its header has no "Run: \`deno run … ${file}\`" line`);
  }
  const command = match[1] ?? "";
  const words = command.split(/\s+/).filter((word) => word.length > 0);
  const env: Record<string, string> = {};
  let at = 0;
  for (; at < words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[at] ?? ""); at++) {
    const [name = "", ...value] = (words[at] ?? "").split("=");
    env[name] = value.join("=");
  }
  if (words[at] !== "deno" || words[at + 1] !== "run") {
    throw new SyntaxError(`${file}: expected "deno run …" in its Run: line, got "${command}"`);
  }
  const rest = words.slice(at + 2);
  const firstNonFlag = rest.findIndex((word) => !word.startsWith("--"));
  const flags = rest.slice(0, firstNonFlag === -1 ? rest.length : firstNonFlag);
  const [script, ...args] = rest.slice(flags.length);
  if (script !== file) {
    throw new SyntaxError(`${file}: its Run: line runs "${script}", expected "${file}"`);
  }
  const explained = header.split("\n").filter((line) => line.startsWith("- ")).join("\n");
  for (const flag of flags) {
    const name = flag.split("=")[0] ?? flag;
    if (!explained.includes(`\`${name}`)) {
      throw new SyntaxError(
        `${file}: the flag ${name} is not explained on a "- \`${name}…\`" line`,
      );
    }
  }
  return { env, flags, script, args };
}
