/**
 * What a cluster Pool holds: a stand-in for {@linkcode ClusterEngine} that loads the engine, and
 * with it the wire format, only when a cluster Pool is made (ioredis follows on first connect).
 * Importing the library then costs nothing extra for the many programs that never use a cluster.
 * Units sent before the engine has loaded wait here, in order, and go to it once it has.
 *
 * @module
 */
import type { CancelReason } from "../worker/control_block.ts";
import type { ExecutorFactory, Unit, UnitOwner } from "../worker/executor.ts";
import { ClusterExecutor, type SlotEngine } from "./cluster_executor.ts";
import type { ClusterEngine } from "./engine.ts";
import type { ClusterSettings } from "./options.ts";

/** A cluster Pool's engine, loaded by dynamic import; see the module doc. */
export class LazyClusterEngine implements SlotEngine {
  #engine: ClusterEngine | null = null;
  #failure: Error | null = null;
  #early: Array<{ slot: ClusterExecutor; seq: number; unit: Unit }> = [];
  readonly #loaded: Promise<void>;

  constructor(settings: ClusterSettings, module: string | null) {
    // The constructor may throw too (the browser build's stand-in does): same path as a failed load.
    this.#loaded = import("./engine.ts")
      .then(({ ClusterEngine }) => new ClusterEngine(settings, module))
      .then(
        (engine) => {
          this.#engine = engine;
          for (const { slot, seq, unit } of this.#early.splice(0)) engine.post(slot, seq, unit);
        },
        (error: unknown) => {
          this.#failure = new Error("the cluster engine could not be loaded", { cause: error });
          for (const { slot, seq } of this.#early.splice(0)) {
            slot.deliver(seq, { error: this.#failure });
          }
        },
      );
  }

  /** The live workers' capacity as last read by the engine; null while unknown. */
  get capacity(): number | null {
    return this.#engine?.capacity ?? null;
  }

  /** Makes the slots of the pool's dispatcher. */
  readonly spawn: ExecutorFactory = (spec, listener) => new ClusterExecutor(this, spec, listener);

  post(slot: ClusterExecutor, seq: number, unit: Unit): void {
    if (this.#engine !== null) return this.#engine.post(slot, seq, unit);
    if (this.#failure !== null) return slot.deliver(seq, { error: this.#failure });
    this.#early.push({ slot, seq, unit });
  }

  cancel(owner: UnitOwner, _reason: CancelReason): boolean {
    if (this.#engine !== null) return this.#engine.cancel(owner);
    // Nothing reached Redis yet: the units simply never go.
    this.#early = this.#early.filter(({ unit }) => unit.owner !== owner);
    return false;
  }

  detach(slot: ClusterExecutor): void {
    this.#engine?.detach(slot);
  }

  /** Closes the engine once it has loaded (see `ClusterEngine.close`). Never rejects. */
  async close(): Promise<void> {
    await this.#loaded;
    this.#early = [];
    await this.#engine?.close();
  }
}
