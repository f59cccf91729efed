// Runs every recipe in examples/recipes/ in a child `deno run` with exactly the command its header
// documents (permissions, environment, small inputs), and checks what it prints against answers
// computed here.
import assert from "node:assert/strict";
import { compile, random, sum } from "../../numeric.ts";
import { longestWord, wordCount } from "../../examples/recipes/_text_tasks.ts";
import { parseRecipeCommand } from "./_recipe_header.ts";

const ROOT = new URL("../../", import.meta.url);
const FOLDER = "examples/recipes";
const MAX_LINES = 45;
const TIMEOUT_MS = 120_000;

const files = [...Deno.readDirSync(new URL(FOLDER, ROOT))]
  .filter((entry) => entry.isFile && entry.name.endsWith(".ts"))
  .map((entry) => `${FOLDER}/${entry.name}`)
  .sort();
const recipes = files.filter((file) => !file.split("/").pop()!.startsWith("_"));
const read = (file: string): string => Deno.readTextFileSync(new URL(file, ROOT));

/** Runs `file` as its header says (`args`, when given, replace the documented arguments). */
async function runRecipe(file: string, args?: string[]): Promise<string[]> {
  const command = parseRecipeCommand(read(file), file);
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...command.flags, command.script, ...(args ?? command.args)],
    cwd: ROOT,
    env: { NO_COLOR: "1", ...command.env },
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(TIMEOUT_MS),
  }).output();
  const stdout = new TextDecoder().decode(output.stdout);
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, `${file} failed (code ${output.code}):\n${stdout}\n${stderr}`);
  return stdout.trimEnd().split("\n");
}

function lineCounts(folder: string): Map<string, number> {
  return new Map(
    [...Deno.readDirSync(new URL(folder, ROOT))]
      .filter((entry) => entry.isFile && entry.name.endsWith(".ts"))
      .map((entry) => `${folder}/${entry.name}`)
      .map((file) => [file, read(file).split("\n").length - 1]),
  );
}

/** What each recipe must print, computed here; a recipe missing from this table fails. */
const CHECKS: Record<string, (file: string) => Promise<void>> = {
  "files_with_progress.ts": async (file) => {
    const lines = await runRecipe(file);
    const expected = lineCounts(parseRecipeCommand(read(file), file).args[0] ?? ".");
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    assert.equal(lines.at(-1), `total: ${total} lines in ${expected.size} files`);
    const progress = lines.slice(0, -1);
    const fileCount = expected.size;
    assert.equal(progress.length, fileCount, "one progress line per file");
    progress.forEach((line, i) => {
      const [, done, of, path = "", count] = line.match(/^\[(\d+)\/(\d+)\] (.+): (\d+) lines$/) ??
        [];
      assert.deepEqual([Number(done), Number(of)], [i + 1, fileCount], line);
      assert.equal(Number(count), expected.get(path), `lines of ${path}`);
      expected.delete(path);
    });
    assert.equal(expected.size, 0, "every file reported once");
  },
  "tasks_module.ts": async (file) => {
    assert.match((await runRecipe(file)).join("\n"), /same as in this thread: true$/);
    const lines = ["one two  three", "a bb ccc dddd", "x"];
    assert.deepEqual(await runRecipe(file, lines), [
      `words per line: ${lines.map(wordCount).join(" ")}`,
      `longest word: ${longestWord(lines.join(" "))}`,
      "same as in this thread: true",
    ]);
  },
  "producer_consumer.ts": async (file) => {
    const n = Number(parseRecipeCommand(read(file), file).args[0]);
    assert.deepEqual(await runRecipe(file), [
      `sum of 1..${n}: ${(n * (n + 1)) / 2}`,
      "exit codes: 0 0",
    ]);
  },
  "initializer_counter.ts": async (file) => {
    const tasks = Number(parseRecipeCommand(read(file), file).args[0]);
    const [counts, squares] = await runRecipe(file);
    const [, counted, workers] =
      counts?.match(/^tasks: \d+, counted: (\d+), workers started: (\d+)$/) ?? [];
    assert.equal(Number(counted), tasks, "every task counted once under the lock");
    assert.ok(Number(workers) >= 1 && Number(workers) <= 2, `1 or 2 initializer runs: ${counts}`);
    const expected = Array.from({ length: tasks }, (_, i) => i * i).reduce((a, b) => a + b, 0);
    assert.equal(squares, `sum of squares: ${expected}`);
  },
  "cancel_and_timeout.ts": async (file) => {
    assert.deepEqual(await runRecipe(file), [
      "spin, timeout 200 ms: TimeoutError",
      "sleep 60 s, aborted at 100 ms: AbortError",
      "then the worker is free: slept 10 ms",
    ]);
  },
  "least_privilege.ts": async (file) => {
    const size = (path: string) => Deno.statSync(new URL(path, ROOT)).size;
    const own = size(file);
    assert.deepEqual(await runRecipe(file), [
      `least_privilege.ts: ${own} bytes; the program itself reads ${own} bytes`,
      `../../deno.json: refused (NotCapable); the program itself reads ${size("deno.json")} bytes`,
    ]);
  },
  "untrusted_code.ts": async (file) => {
    assert.deepEqual(await runRecipe(file), [
      "read /etc/passwd: NotCapable",
      "exit the process: WorkerDiedError",
      "loop for ever: TimeoutError",
      `compute 6 * 7: ${6 * 7}`,
    ]);
  },
  "numeric_kernel.ts": async (file) => {
    const n = Number(parseRecipeCommand(read(file), file).args[0]);
    const x = new random.RandomState(42).uniform(-1, 1, n);
    const expected = sum(compile("exp(-(x * s)^2) * cos(x)", { params: ["s"] })(x, { s: 3 }));
    assert.deepEqual(await runRecipe(file), [
      `n: ${n}, sum: ${expected}`,
      "equal to one thread: true",
    ]);
  },
  "monte_carlo_pi.ts": async (file) => {
    // The estimate counted here in plain TypeScript from the same seeded points: a mean of 0s and
    // 1s is exact, so the recipe's fused, parallel mean must print exactly this.
    const expected = (n: number): string[] => {
      const [xKey, yKey] = random.split(random.PRNGKey(0));
      const xs = random.uniform(xKey!, n);
      const ys = random.uniform(yKey!, n);
      let hits = 0;
      for (let i = 0; i < n; i++) if (xs[i]! * xs[i]! + ys[i]! * ys[i]! <= 1) hits++;
      const estimate = 4 * (hits / n);
      const error = Math.abs(estimate - Math.PI).toExponential(2);
      return [`n: ${n}, pi ≈ ${estimate}, error ${error}`, "equal to one thread: true"];
    };
    const n = Number(parseRecipeCommand(read(file), file).args[0]);
    assert.deepEqual(await runRecipe(file), expected(n));
    assert.deepEqual(await runRecipe(file, ["129"]), expected(129));
  },
};

for (const file of recipes) {
  Deno.test(`recipe ${file} runs with the command its header documents and prints the right answer`, async () => {
    const check = CHECKS[file.split("/").pop() ?? ""];
    assert.ok(
      check,
      `${file} has no checks in tests/examples/recipes_test.ts: add what it must print`,
    );
    await check(file);
  });
}

Deno.test(`every recipe and helper in ${FOLDER} has at most ${MAX_LINES} lines`, () => {
  for (const file of files) {
    const lines = read(file).trimEnd().split("\n").length;
    assert.ok(lines <= MAX_LINES, `${file} has ${lines} lines, more than ${MAX_LINES}`);
  }
});

Deno.test("every helper module in examples/recipes is imported by a recipe", () => {
  const sources = recipes.map(read).join("\n");
  for (const helper of files.filter((file) => !recipes.includes(file))) {
    assert.ok(sources.includes(`./${helper.split("/").pop()}`), `${helper} is used by no recipe`);
  }
});

Deno.test("every recipe the test expects exists", () => {
  const names = recipes.map((file) => file.split("/").pop());
  for (const name of Object.keys(CHECKS)) assert.ok(names.includes(name), `${name} is missing`);
});

Deno.test("parseRecipeCommand() refuses a header with no command, another script or a flag it does not explain", () => {
  const file = "examples/recipes/x.ts";
  const header = (run: string, notes: string) => `/**\n * Shows x.\n *\n * ${run}\n${notes} */\n`;
  assert.throws(() => parseRecipeCommand(header("Run it.", ""), file), {
    name: "SyntaxError",
    message: /no "Run:/,
  });
  assert.throws(() => parseRecipeCommand("const x = 1;\n", file), { name: "SyntaxError" });
  assert.throws(
    () => parseRecipeCommand(header("Run: `deno run examples/recipes/y.ts`", ""), file),
    { name: "SyntaxError", message: /runs "examples\/recipes\/y.ts"/ },
  );
  assert.throws(
    () => parseRecipeCommand(header("Run: `deno run -A examples/recipes/x.ts`", ""), file),
    { name: "SyntaxError", message: /runs "-A"/ },
  );
  assert.throws(
    () =>
      parseRecipeCommand(
        header("Run: `deno run --allow-net examples/recipes/x.ts`", " * - `--allow-read`: …\n"),
        file,
      ),
    { name: "SyntaxError", message: /--allow-net is not explained/ },
  );
  assert.throws(
    () => parseRecipeCommand(header("Run: `node examples/recipes/x.ts`", ""), file),
    { name: "SyntaxError", message: /expected "deno run/ },
  );
  assert.deepEqual(
    parseRecipeCommand(
      header(
        "Run: `A=1 deno run --allow-read=.\n *   --no-prompt examples/recipes/x.ts 7`",
        " * - `--allow-read=.`, `--no-prompt`: …\n",
      ),
      file,
    ),
    { env: { A: "1" }, flags: ["--allow-read=.", "--no-prompt"], script: file, args: ["7"] },
  );
});
