/**
 * This process's minor page faults, from `/proc/self/stat` (Linux): a first write to a page of
 * fresh memory faults once, so the count says how much of a run's memory was fresh.
 * @module
 */

/** Minor page faults of this process so far (all its threads), or null where /proc is not. */
export function minorFaults(): number | null {
  try {
    const stat = Deno.readTextFileSync("/proc/self/stat");
    // Fields after the command's closing parenthesis: state is the 3rd field, minflt the 10th.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[7]);
  } catch {
    return null;
  }
}
