/**
 * Shared parts of the benchmark report's hand-written SVG charts: colours, XML escaping, number
 * formatting of coordinates, elements and the document around a chart, and axis scales.
 *
 * @module
 */

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/** Colours: Deno blue, Python orange, faster green, slower red-orange, greys for structure. */
export const COLORS = {
  deno: "#1f6feb",
  python: "#d97706",
  faster: "#2f855a",
  slower: "#c2410c",
  ideal: "#8b949e",
  axis: "#57606a",
  grid: "#e5e7eb",
  text: "#1f2328",
  muted: "#57606a",
  background: "#ffffff",
  stripe: "#f6f8fa",
} as const;

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;").replaceAll("'", "&apos;");
}

/** A coordinate with one decimal: enough on a 96 dpi screen, short in the file. */
export function num(value: number): string {
  const text = value.toFixed(1);
  return text.endsWith(".0") ? text.slice(0, -2) : text === "-0" ? "0" : text;
}

export type Attributes = Record<string, string | number | undefined>;

/** An element: `<name a="1">children</name>`, or self-closing without children. */
export function el(name: string, attributes: Attributes, ...children: string[]): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === "number" ? num(v) : escapeXml(v!)}"`)
    .join("");
  return children.length === 0
    ? `<${name}${attrs}/>`
    : `<${name}${attrs}>${children.join("")}</${name}>`;
}

/** A text element; `content` is escaped. */
export function text(x: number, y: number, content: string, attributes: Attributes = {}): string {
  return el("text", { x, y, ...attributes }, escapeXml(content));
}

// Generated, and kept as written: deno fmt would re-indent it (and `deno fmt --check` fail).
const FMT_IGNORE = "<!-- deno-fmt-ignore-file -->\n";

/** The SVG document around `body`, with a `<title>` and `<desc>` for screen readers. */
export function documentOf(
  width: number,
  height: number,
  title: string,
  description: string,
  body: string[],
): string {
  return FMT_IGNORE + [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="title desc" ` +
    `font-family="${FONT}" font-size="13" fill="${COLORS.text}">`,
    el("title", { id: "title" }, escapeXml(title)),
    el("desc", { id: "desc" }, escapeXml(description)),
    el("rect", { x: 0, y: 0, width, height, fill: COLORS.background }),
    ...body,
    "</svg>",
    "",
  ].join("\n");
}

/**
 * A chart of `documentOf` ready to inline in an HTML page beside others: without the formatter
 * comment, and with its `title` and `desc` ids prefixed by `idPrefix` so they stay unique.
 */
export function inlineSvg(svg: string, idPrefix: string): string {
  const body = svg.startsWith(FMT_IGNORE) ? svg.slice(FMT_IGNORE.length) : svg;
  const id = escapeXml(idPrefix);
  return body
    .replace(' aria-labelledby="title desc"', ` aria-labelledby="${id}-title ${id}-desc"`)
    .replace('<title id="title">', `<title id="${id}-title">`)
    .replace('<desc id="desc">', `<desc id="${id}-desc">`)
    .trimEnd();
}

/** A "nice" step (1, 2 or 5 × 10^k) giving about `count` intervals over `span`. */
export function niceStep(span: number, count = 5): number {
  if (!(span > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  return step;
}

/** A linear map of `[d0, d1]` onto `[r0, r1]`. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0 || 1;
  return (v) => r0 + (v - d0) / span * (r1 - r0);
}
