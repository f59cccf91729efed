/**
 * The script a Process's worker runs: the worker entry (`thread_entry.ts`), loaded before any
 * message is read, plus what a worker from `_spare.ts` learns first: its relay to the spawner
 * and the count of ready spares. A spare the spawner keeps imports what it was asked to preload,
 * runs a trivial unit to compile the code every Process runs (`warmUp`), then says it has
 * loaded. From its
 * init message it takes the name a worker started for that Process would have had
 * (`self.name`).
 *
 * @module
 */
import { warmUp } from "./thread_entry.ts";
import { adoptRelay, LOADED_MESSAGE, SPARE_MESSAGE, type SpareMessage } from "./_spare.ts";

interface Scope {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
}

const scope = globalThis as unknown as Scope;
// The entry's own handler, which takes the init message and then stops listening.
const entryReceive = scope.onmessage;
const post = scope.postMessage.bind(scope);
let adopted = false;

scope.onmessage = (event: MessageEvent) => {
  const message = event.data as SpareMessage | { type: "init"; name: unknown } | null;
  if (message?.type === SPARE_MESSAGE && !adopted) {
    adopted = true;
    adoptRelay(message.relay, message.ready);
    if (message.announce) {
      // A module that fails to load here fails again, with its error, where a task imports it.
      const imports = message.preload.map((url) => import(url).catch(() => {}));
      // A warm-up that fails costs only its time: the spare is as ready as one without it.
      const warm = Promise.all(imports).then(warmUp).catch(() => {});
      void warm.then(() => post({ type: LOADED_MESSAGE }));
    }
    return;
  }
  if (message?.type === "init" && typeof message.name === "string") nameThisWorker(message.name);
  entryReceive?.call(globalThis, event);
};

/** Gives `self.name` the value `new Worker(url, { name })` would have given it. */
function nameThisWorker(name: string): void {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, "name");
  Object.defineProperty(globalThis, "name", { ...descriptor, value: name });
}
