/**
 * Recipe: least-privilege permissions. The program gets only the flags it needs, and its tasks
 * less still: `permissions` gives this pool's workers read access to this folder alone (plus
 * what the library needs to load), so a task that reads `deno.json` next door fails its own call
 * with `NotCapable` while the program itself, and the next task, go on.
 *
 * Run: `MULTIPROC_UNSTABLE_WORKER_OPTIONS=1 deno run --no-prompt --unstable-worker-options
 *   --allow-read=. --allow-env=MULTIPROC_UNSTABLE_WORKER_OPTIONS examples/recipes/least_privilege.ts`
 * - `--allow-read=.`: the program reads nothing else; workers can never get more than it has.
 * - `--unstable-worker-options`: Deno needs it to narrow a worker thread's permissions (without
 *   it Deno would end the program), and without all permissions the library cannot see the flag:
 * - `--allow-env=MULTIPROC_UNSTABLE_WORKER_OPTIONS`: lets it read the variable that vouches for it.
 * - `--no-prompt`: on a terminal, refuse an overstepping task instead of asking the user.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { Pool } from "../../mod.ts";

/** The task: the size of a file, in bytes. */
export function fileSize(path: string): number {
  return Deno.statSync(path).size;
}

if (import.meta.main) {
  const here = new URL(".", import.meta.url);
  await using pool = new Pool({
    processes: 1,
    module: import.meta.url,
    permissions: { read: [here] },
  });
  for (const name of ["least_privilege.ts", "../../deno.json"]) {
    const path = fileURLToPath(new URL(name, here));
    const size = await pool.apply(fileSize, [path]).then(
      (bytes) => `${bytes} bytes`,
      (error) => `refused (${error.name})`,
    );
    console.log(`${name}: ${size}; the program itself reads ${Deno.statSync(path).size} bytes`);
  }
}
