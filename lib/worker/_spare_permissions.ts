/**
 * The permissions of the warm spares (`_spare.ts`): a spare has the permissions the top-level
 * thread had when it was built, so a thread that revokes one takes no spare afterwards, and a
 * parent compares a worker's permissions with its own before it serves it a relay.
 *
 * @module
 */
import { IN_DENO } from "../internal/runtime.ts";
import { forgoSpares, isTopLevel, spares } from "./_spare_state.ts";

const PERMISSION_NAMES = ["read", "write", "net", "env", "sys", "run", "ffi", "import"] as const;
let revokeWatched = false;

/** The state of each permission of this thread, in a fixed order (to compare two threads'). */
export function permissionStates(): string[] {
  if (!IN_DENO) return [];
  return PERMISSION_NAMES.map((name) => {
    try {
      return Deno.permissions.querySync({ name } as Deno.PermissionDescriptor).state;
    } catch {
      return "unknown";
    }
  });
}

/**
 * Once this thread revokes a permission, its next Processes start workers of their own, as
 * before spares: a spare has the permissions the top-level thread had when it was built, and a
 * fresh worker inherits those its starter has now. Existing Processes on spares are untouched.
 */
export function forgoSparesOnRevoke(): void {
  if (!IN_DENO || revokeWatched) return;
  revokeWatched = true;
  const permissions = Deno.permissions;
  const forgo = () => {
    if (spares.relay !== null && isTopLevel()) spares.relay.postMessage({ op: "want", count: 0 });
    forgoSpares();
  };
  const revoke = permissions.revoke.bind(permissions);
  const revokeSync = permissions.revokeSync.bind(permissions);
  permissions.revoke = (descriptor) => {
    forgo();
    return revoke(descriptor);
  };
  permissions.revokeSync = (descriptor) => {
    forgo();
    return revokeSync(descriptor);
  };
}

// A worker that revokes a permission before its first Process asks for no relay afterwards (the
// parent also compares the permissions a request reports with its own).
if (!isTopLevel()) forgoSparesOnRevoke();
