// For tests of waits that must end at once (a negative timeout taken as 0): a wait taken as
// "forever" fails the test instead of hanging it.

/** Far above a look at a cell, far below a wait that was not cut short. */
export const PROMPT_MS = 3_000;

/** What `call` settles to (a rejection as its error), failing if that takes `PROMPT_MS`. */
export async function prompt<T>(call: () => Promise<T>, what: string): Promise<T | unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} waited: -1 was not taken as 0`)), PROMPT_MS);
  });
  try {
    return await Promise.race([call().catch((error) => error), late]);
  } finally {
    clearTimeout(timer);
  }
}
