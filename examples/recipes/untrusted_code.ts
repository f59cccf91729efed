/**
 * Recipe: process isolation for untrusted code. Each task runs in a child `deno` process of its
 * own (`maxTasksPerChild: 1`) granted nothing, with its time and heap bounded: a task that reads
 * a file, exits, or loops for ever fails its own call only, and the next call is answered. The
 * tasks here are functions sent as source text, as code from elsewhere would be.
 *
 * Run: `deno run --allow-run --allow-net --allow-read=.,/tmp --allow-write=/tmp
 *   examples/recipes/untrusted_code.ts`
 * - `--allow-run`: the pool starts children with `Deno.execPath()`, which is not always the
 *   `deno` on PATH (`--allow-run=deno` may then not match it).
 * - `--allow-net`: each child talks to the pool on a Unix socket, which Deno counts as net access.
 * - `--allow-read=.,/tmp`, `--allow-write=/tmp`: the children load the library from this checkout;
 *   the socket lives in the temporary directory (yours, if `TMPDIR` names another).
 *
 * @module
 */
import { Pool } from "../../mod.ts";

const untrusted: Record<string, () => unknown> = {
  "read /etc/passwd": () => Deno.readTextFileSync("/etc/passwd"),
  "exit the process": () => Deno.exit(3),
  "loop for ever": () => {
    for (;;);
  },
  "compute 6 * 7": () => 6 * 7,
};
await using pool = new Pool({
  processes: 2,
  isolation: "process",
  maxTasksPerChild: 1, // a fresh process, so fresh globals, per task
  permissions: "none",
  heapLimitMb: 128,
  timeout: 2_000,
  cancelGrace: 200, // a task that ignores its timeout is killed this long after it
});
for (const [what, task] of Object.entries(untrusted)) {
  const outcome = await pool.apply(task).then((value) => `${value}`, (error) => error.name);
  console.log(`${what}: ${outcome}`);
}
