/**
 * Recipe: a pool over files, with progress. Counts the lines of every `.ts` file in a folder
 * with `imapUnordered`, printing one progress line as each file's answer arrives (in the order
 * they finish, not the order given), then the total.
 *
 * Run: `deno run --allow-read=. examples/recipes/files_with_progress.ts examples/recipes`
 * - `--allow-read=.`: the workers load the library and this module, and read the files; a worker
 *   never has more permissions than its parent, so nothing else is needed.
 *
 * @module
 */
import { Pool } from "../../mod.ts";

/** The task: runs in a worker, so it is exported from the pool's `module`. */
export function countLines(path: string): [string, number] {
  return [path, Deno.readTextFileSync(path).split("\n").length - 1];
}

if (import.meta.main) {
  const folder = Deno.args[0] ?? ".";
  const paths = [...Deno.readDirSync(folder)]
    .filter((entry) => entry.isFile && entry.name.endsWith(".ts"))
    .map((entry) => `${folder}/${entry.name}`);
  await using pool = new Pool({ processes: 2, module: import.meta.url });
  let done = 0;
  let total = 0;
  for await (const [path, lines] of pool.imapUnordered(countLines, paths)) {
    total += lines;
    console.log(`[${++done}/${paths.length}] ${path}: ${lines} lines`);
  }
  console.log(`total: ${total} lines in ${paths.length} files`);
}
