// Side-effect imports of the synchronization primitives (RLock, Semaphore, …), so workers can
// revive them. Each module registers itself with `registerShared` when it loads.
export {};
