// Side-effect imports of the synchronization primitives (RLock, Semaphore, …), so workers can
// revive them. Each module registers itself with `registerShared` when it loads.
import "./rlock.ts";
import "./semaphore.ts";
import "./condition.ts";
import "./event.ts";
import "./barrier.ts";
