/**
 * Markdown as `deno fmt` writes it: prose wrapped at the project's line width, and padded
 * tables, so a generated report is already formatted.
 *
 * @module
 */

/** Characters as a Markdown formatter counts them (code points). */
function width(text: string): number {
  return [...text].length;
}

/** Words of Markdown prose; a code span or link text with spaces stays one word. */
function words(text: string): string[] {
  const out: string[] = [];
  let word = "";
  let code = false;
  let bracket = 0;
  for (const ch of text) {
    if (ch === "`") code = !code;
    else if (!code && ch === "[") bracket++;
    else if (!code && ch === "]") bracket = Math.max(0, bracket - 1);
    if (/\s/.test(ch) && !code && bracket === 0) {
      if (word !== "") out.push(word);
      word = "";
    } else word += ch;
  }
  if (word !== "") out.push(word);
  return out;
}

/**
 * Prose wrapped at `columns` as `deno fmt` wraps it (the project's line width, 100), each line
 * after the first starting with `indent`; `first` starts the first line (e.g. "- ").
 */
export function wrap(text: string, first = "", indent = "", columns = 100): string {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const w of words(text)) {
    if (!empty && width(line) + 1 + width(w) > columns) {
      lines.push(line);
      line = indent + w;
    } else line += (empty ? "" : " ") + w;
    empty = false;
  }
  lines.push(line);
  return lines.join("\n");
}

/** A table cell: pipes escaped, no line breaks. */
function cell(text: string): string {
  return text.replaceAll("|", "\\|").replace(/\s*\n\s*/g, " ");
}

/** A Markdown table padded the way `deno fmt` pads one; `align`: "l" or "r" per column. */
export function markdownTable(
  header: readonly string[],
  align: readonly ("l" | "r")[],
  rows: readonly (readonly string[])[],
): string {
  const all = [header, ...rows].map((r) => r.map(cell));
  const widths = header.map((_, i) => Math.max(3, ...all.map((r) => width(r[i] ?? ""))));
  const pad = (text: string, i: number) => {
    const fill = " ".repeat(widths[i]! - width(text));
    return align[i] === "r" ? fill + text : text + fill;
  };
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => pad(c, i)).join(" | ")} |`;
  const rule = `| ${
    widths.map((w, i) => align[i] === "r" ? `${"-".repeat(w - 1)}:` : "-".repeat(w)).join(" | ")
  } |`;
  return [line(all[0]!), rule, ...all.slice(1).map(line)].join("\n");
}
