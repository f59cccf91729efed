// `deno task` as a newcomer reads it: the main tasks first, then each group (bench:*, ex:*,
// report:*) sorted, and every task described in one line that fits a terminal.
import assert from "node:assert/strict";

const CONFIG = JSON.parse(Deno.readTextFileSync(new URL("../../deno.json", import.meta.url)));
const TASKS = Object.entries(CONFIG.tasks as Record<string, { description?: unknown }>);
const MAX_DESCRIPTION = 100;

Deno.test("every deno task has a one-line description that fits a terminal", () => {
  for (const [name, task] of TASKS) {
    const description = task.description;
    assert.equal(typeof description, "string", `${name} has a description`);
    const text = description as string;
    assert.ok(text.length > 0 && !text.includes("\n"), `${name}: one line`);
    assert.ok(
      text.length <= MAX_DESCRIPTION,
      `${name}: ${text.length} characters, at most ${MAX_DESCRIPTION}: ${text}`,
    );
  }
});

Deno.test("deno task lists the main tasks first, then bench:*, ex:* and report:*, each sorted", () => {
  const names = TASKS.map(([name]) => name);
  const group = (name: string) => name.includes(":") ? name.slice(0, name.indexOf(":")) : "";
  const order = ["", "bench", "ex", "report"];
  const groups = names.map(group);
  assert.ok(groups.every((g) => order.includes(g)), `unknown group in ${names.join(", ")}`);
  // Groups appear in `order`, each in one run.
  const ranks = groups.map((g) => order.indexOf(g));
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), names.join(", "));
  for (const g of order.slice(1)) {
    const inGroup = names.filter((n) => group(n) === g);
    assert.deepEqual(inGroup, [...inGroup].sort(), `${g}:* sorted`);
  }
  // The main group starts with the two commands the README gives first.
  assert.deepEqual(names.slice(0, 2), ["test", "exercises"]);
});
