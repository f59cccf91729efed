// Rows of the reliability table (docs/reliability.md). Tests call reportRow() with what they
// injected and what happened; when MULTIPROC_REPORT names a file (set by `deno task
// report:reliability`), the row is appended to it as a JSON line, and otherwise nothing is written.

/** One row: which table, what was tried, and the outcome with its figures. */
export interface ReportRow {
  readonly section: "faults" | "inputs" | "loads";
  readonly name: string;
  readonly injected: string;
  readonly outcome: string;
}

/** Appends a row to the report file, if a report is being made. */
export async function reportRow(
  section: ReportRow["section"],
  name: string,
  fields: { injected: string; outcome: string },
): Promise<void> {
  const path = Deno.env.get("MULTIPROC_REPORT");
  if (path === undefined || path === "") return;
  const row: ReportRow = { section, name, ...fields };
  await Deno.writeTextFile(path, JSON.stringify(row) + "\n", { append: true });
}
