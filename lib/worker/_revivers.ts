// Imported by the worker entry so that every shareable class has registered how to revive itself
// before the first message arrives (a task sent as source may import nothing).
import "../shared/array.ts";
import "../shared/value.ts";
import "../shared/rlock.ts";
import "../shared/semaphore.ts";
import "../shared/condition.ts";
import "../shared/event.ts";
import "../shared/barrier.ts";
import "../channel/pipe.ts";
import "../channel/joinable_queue.ts";
