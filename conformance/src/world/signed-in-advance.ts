import { addDuration } from "@crmfactory/taxonomy";
import type { PropertyContext } from "../harness/property.js";
import type { ClockedTenant } from "./clocked-tenant.js";

const lifetimes = new WeakMap<PropertyContext["target"], Promise<number>>();

/** Half the implementation's own session lifetime (`limits.sessionLifetime` of `getMeta`), in ms. */
function stepOf(context: PropertyContext): Promise<number> {
  let step = lifetimes.get(context.target);
  if (!step) {
    step = context.target
      .client(null)
      .meta.get()
      .then((meta) => {
        const from = new Date(0);
        return Math.floor((addDuration(from, meta.limits.sessionLifetime).getTime() - from.getTime()) / 2);
      });
    lifetimes.set(context.target, step);
  }
  return step;
}

/**
 * Moves an active tenant's clock to `instant` in steps shorter than a session's lifetime, using the
 * owner's session after each so it rotates (the SDK takes the rotated token) instead of expiring: a
 * property that reads through the API months later still has a signed-in owner.
 */
export async function advanceSignedIn(
  context: PropertyContext,
  tenant: ClockedTenant,
  instant: Date,
): Promise<void> {
  const step = await stepOf(context);
  while (tenant.now().getTime() < instant.getTime()) {
    const next = Math.min(instant.getTime(), tenant.now().getTime() + step);
    await tenant.advanceTo(new Date(next));
    await tenant.owner.tenant.get();
  }
}
