// Imported by the worker entry so that every shareable class has registered how to revive itself
// before the first message arrives (a task sent as source may import nothing).
import "./array.ts";
import "./value.ts";
import "./_register_sync.ts";
import "../channel/pipe.ts";
import "../channel/joinable_queue.ts";
