/**
 * `deno task report:reliability`: runs the test suite's fault, bad-input and load tests with
 * `MULTIPROC_REPORT` set, so each appends a row of what it injected and what happened (figures
 * measured in that run), then writes the table to docs/reliability.md and into the README
 * between the `reliability` markers.
 *
 * @module
 */
import type { ReportRow } from "../tests/_report.ts";
import { writeReport } from "./_report_block.ts";

const TESTS = ["tests/pool", "tests/shared", "tests/channel"];
const DOC = new URL("../docs/reliability.md", import.meta.url);
const SECTIONS: Record<ReportRow["section"], string> = {
  faults: "Faults injected",
  inputs: "Bad inputs tried",
  loads: "Loads held",
};

const rowsFile = await Deno.makeTempFile({ suffix: ".jsonl" });
const output = await new Deno.Command(Deno.execPath(), {
  args: ["test", "-A", ...TESTS],
  env: { MULTIPROC_REPORT: rowsFile, NO_COLOR: "1" },
  stdout: "piped",
  stderr: "inherit",
}).output();
const testOutput = new TextDecoder().decode(output.stdout);
const summary = testOutput.match(/(ok|FAILED) \| (\d+) passed[^|]*\| (\d+) failed/);
const rows = (await Deno.readTextFile(rowsFile)).trim().split("\n").filter(Boolean)
  .map((line) => JSON.parse(line) as ReportRow);
await Deno.remove(rowsFile);
if (!output.success || summary === null) {
  console.error(testOutput.split("\n").slice(-40).join("\n"));
  throw new Error("the tests failed: the report would not be true, so nothing was written");
}

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");
const tables = (Object.keys(SECTIONS) as ReportRow["section"][]).map((section) => {
  const body = rows.filter((row) => row.section === section)
    .map((row) => `| ${cell(row.name)} | ${cell(row.injected)} | ${cell(row.outcome)} |`);
  return [
    `**${SECTIONS[section]}**`,
    "",
    "| case | what was done | outcome |",
    "| --- | --- | --- |",
    ...body,
  ]
    .join("\n");
});
const header = `From \`deno task report:reliability\` (the tests in ${TESTS.join(", ")}, run ` +
  `with the report on: ${summary[2]} passed, ${summary[3]} failed) · Deno ${Deno.version.deno} · ` +
  `${navigator.hardwareConcurrency} CPUs · ${new Date().toISOString().slice(0, 10)}`;
const block = [header, "", ...tables.flatMap((table) => [table, ""])].join("\n").trimEnd();

await writeReport("reliability", block, { url: DOC, text: `# Reliability report\n\n${block}\n` });
console.log(`${rows.length} rows written to docs/reliability.md and README.md`);
