/**
 * The child processes of every pool in this process, so that SIGINT (Ctrl-C), SIGTERM and
 * SIGHUP stop them: nothing is left running. The listeners exist only while a child does, so
 * they neither keep a script alive nor change a signal for scripts that have no children.
 *
 * The library does not take over the program's own handling of these signals. Deno cannot list
 * a signal's listeners, so this module wraps `Deno.addSignalListener` and
 * `Deno.removeSignalListener` when it loads and counts the program's own listeners (node's
 * `process.on("SIGINT")` goes through them too). When the program listens to the signal, the
 * children are stopped and the program's listener decides what happens next; otherwise the
 * process exits with 128 + the signal's number, as Python does after KeyboardInterrupt or a
 * fatal signal. A listener added before this module loaded is not seen.
 *
 * @module
 */

import { IN_DENO } from "../internal/runtime.ts";

const children = new Set<Deno.ChildProcess>();

/** The signals that stop children, and the exit code when the program does not handle them. */
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
type StopSignal = keyof typeof EXIT_CODES;
const STOP_SIGNALS = Object.keys(EXIT_CODES) as StopSignal[];
// A browser (the bundle) has neither Deno nor signals; this module must still load there.
const SIGNALS_WORK = IN_DENO && Deno.build.os !== "windows";

const noListener = (_signal: Deno.Signal, _handler: () => void): void => {};
const addListener = SIGNALS_WORK ? Deno.addSignalListener : noListener;
const removeListener = SIGNALS_WORK ? Deno.removeSignalListener : noListener;
// The program's own listeners per signal, each with how many times it was added.
const programListeners = new Map<Deno.Signal, Map<() => void, number>>();
const handlers = new Map<StopSignal, () => void>(
  STOP_SIGNALS.map((signal) => [signal, () => onStopSignal(signal)]),
);
let listening = false;

function countProgramListeners(): void {
  Deno.addSignalListener = (signal: Deno.Signal, handler: () => void): void => {
    addListener(signal, handler);
    const counts = programListeners.get(signal) ?? new Map<() => void, number>();
    counts.set(handler, (counts.get(handler) ?? 0) + 1);
    programListeners.set(signal, counts);
  };
  Deno.removeSignalListener = (signal: Deno.Signal, handler: () => void): void => {
    removeListener(signal, handler);
    const counts = programListeners.get(signal);
    const count = counts?.get(handler);
    if (count === undefined) return;
    if (count > 1) counts!.set(handler, count - 1);
    else counts!.delete(handler);
  };
}

if (SIGNALS_WORK) {
  try {
    countProgramListeners();
  } catch {
    // A frozen Deno namespace: the program's listeners cannot be seen, so signals exit as
    // before (the children are stopped either way).
  }
}

function programHandles(signal: StopSignal): boolean {
  return (programListeners.get(signal)?.size ?? 0) > 0;
}

function onStopSignal(signal: StopSignal): void {
  stopAll();
  // The program's own listener runs too (Deno calls every listener): it decides what follows.
  if (!programHandles(signal)) Deno.exit(EXIT_CODES[signal]);
}

function stopAll(): void {
  for (const child of children) {
    try {
      child.kill("SIGKILL");
    } catch {
      // It has already exited.
    }
  }
  children.clear();
  setListening(false);
}

function setListening(on: boolean): void {
  if (!SIGNALS_WORK || listening === on) return;
  listening = on;
  for (const [signal, handler] of handlers) {
    if (on) addListener(signal, handler);
    else removeListener(signal, handler);
  }
}

/** Registers a live child; the first one installs the signal listeners. */
export function trackChild(child: Deno.ChildProcess): void {
  children.add(child);
  setListening(true);
}

/** Forgets a child that has exited; the last one removes the listeners. */
export function untrackChild(child: Deno.ChildProcess): void {
  if (children.delete(child) && children.size === 0) setListening(false);
}

/** How many pool child processes are running. */
export function liveChildCount(): number {
  return children.size;
}
