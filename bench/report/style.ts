/**
 * The report's colours and font, shared by the charts and the page.
 *
 * @module
 */

/** Colours: Deno blue, Python orange, faster green, slower red-orange, greys for structure. */
export const COLORS = {
  deno: "#1f6feb",
  python: "#d97706",
  faster: "#2f855a",
  slower: "#c2410c",
  even: "#57606a",
  ideal: "#8b949e",
  text: "#1f2328",
  muted: "#57606a",
  grid: "#e5e7eb",
  stripe: "#f6f8fa",
} as const;

/** The font of the charts and the page. */
export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
