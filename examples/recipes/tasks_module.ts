/**
 * Recipe: tasks in a separate module. The pool's `module` names the file its workers import;
 * a task is then one of that file's exports, passed as the function itself (typed) or by its
 * name. A function defined here instead would be sent as source and could use none of its
 * module's imports; this way tasks can import anything and keep state per worker.
 *
 * Run: `deno run --allow-read=. examples/recipes/tasks_module.ts`
 * - `--allow-read=.`: the workers load the library and `_text_tasks.ts` from this checkout.
 *
 * @module
 */
import { Pool } from "../../mod.ts";
import { longestWord, wordCount } from "./_text_tasks.ts";

const lines = Deno.args.length > 0 ? Deno.args : [
  "the quick brown fox",
  "jumps over the lazy dog",
  "pack my box with five dozen liquor jugs",
];
await using pool = new Pool({
  processes: 2,
  module: new URL("./_text_tasks.ts", import.meta.url),
});
const counts = await pool.map(wordCount, lines); // the export itself: its type checks the call
const longest = await pool.apply("longestWord", [lines.join(" ")]); // or its name
console.log(`words per line: ${counts.join(" ")}`);
console.log(`longest word: ${longest}`);
console.log(`same as in this thread: ${longest === longestWord(lines.join(" "))}`);
