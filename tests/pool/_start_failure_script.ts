// A child script for the start-failure tests: it counts the workers and child processes its pool
// starts, makes calls one after another (each raced against a deadline, so that a pool that
// never settles is reported instead of hanging the test), and prints an OUTCOME line.

const LIB = new URL("../../mod.ts", import.meta.url).href;

/** What the script does. */
export interface StartFailureScript {
  readonly isolation: "thread" | "process";
  /** The pool's module, a file under tests/fixtures/start_failures/. */
  readonly module: string;
  /** Name of the module's export to use as the initializer, if any. */
  readonly initializer?: string;
  /** The pool's permissions option, as source text (default "inherit"). */
  readonly permissions?: string;
  /** `pool.map("inc", [1, 2, 3])` calls made one after another. */
  readonly calls: number;
  /** After the calls, open the gate of gated_tasks.ts (create its file) and make one more. */
  readonly openGate?: true;
}

/** What the script printed: each call's result or error, and how many executors it started. */
export interface StartFailureOutcome {
  readonly results: Array<{ value?: number[]; error?: string; cause?: string; timedOut?: true }>;
  readonly workers: number;
  readonly children: number;
}

/** The source of the script. */
export function startFailureScript(options: StartFailureScript): string {
  const module = new URL(`../fixtures/start_failures/${options.module}`, import.meta.url).href;
  return `import { Pool } from "${LIB}";
    let workers = 0;
    let children = 0;
    const RealWorker = globalThis.Worker;
    globalThis.Worker = class extends RealWorker {
      constructor(...args) { super(...args); workers++; }
    };
    const RealCommand = Deno.Command;
    Deno.Command = class extends RealCommand {
      spawn() { children++; return super.spawn(); }
    };
    const gate = ${options.openGate ? "await Deno.makeTempFile()" : "null"};
    if (gate !== null) {
      await Deno.remove(gate);
      Deno.env.set("MULTIPROC_START_GATE", gate);
    }
    const tasks = ${options.initializer === undefined ? "{}" : `await import("${module}")`};
    const pool = new Pool({
      processes: 2,
      module: "${module}",
      isolation: "${options.isolation}",
      permissions: ${options.permissions ?? '"inherit"'},
      ${options.initializer === undefined ? "" : `initializer: tasks.${options.initializer},`}
    });
    const results = [];
    async function call() {
      let timer;
      const deadline = new Promise((resolve) => {
        timer = setTimeout(() => resolve({ timedOut: true }), 20_000);
      });
      const outcome = pool.map("inc", [1, 2, 3]).then(
        (value) => ({ value }),
        (error) => ({ error: error.message, cause: String(error.cause?.message ?? error.cause) }),
      );
      results.push(await Promise.race([outcome, deadline]));
      clearTimeout(timer);
    }
    for (let i = 0; i < ${options.calls}; i++) await call();
    if (gate !== null) {
      await Deno.writeTextFile(gate, "open");
      await call();
      await Deno.remove(gate);
    }
    console.log("OUTCOME " + JSON.stringify({ results, workers, children }));
    await pool.terminate();
    Deno.exit(0);
`;
}
