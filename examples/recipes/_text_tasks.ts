// The tasks of tasks_module.ts, in a module of their own: every worker imports this file, so it
// holds only functions (and what they import), never code that starts pools or processes.

/** The number of words in `text`. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word.length > 0).length;
}

/** The longest word in `text` (the first one among equals). */
export function longestWord(text: string): string {
  return text.split(/\s+/).reduce((best, word) => word.length > best.length ? word : best, "");
}
