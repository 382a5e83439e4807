import { addDuration } from "@crmfactory/taxonomy";
import type * as fc from "fast-check";
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

/** What a model-based property's real side holds: the run's context and its tenant. */
export interface SignedInReal {
  readonly context: PropertyContext;
  readonly tenant: ClockedTenant;
}

/**
 * The `fc.commands` step "time passes": moves the tenant's clock by `milliseconds` (signed in), then runs
 * the property's own check of everything the model says must hold at the new time.
 */
export class AdvanceSignedIn<Model extends object, Real extends SignedInReal>
  implements fc.AsyncCommand<Model, Real>
{
  constructor(
    readonly milliseconds: number,
    readonly checkAfter: (real: Real, model: Model) => Promise<void>,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    await advanceSignedIn(
      real.context,
      real.tenant,
      new Date(real.tenant.now().getTime() + this.milliseconds),
    );
    await this.checkAfter(real, model);
  }
  toString = () => `advance(${this.milliseconds} ms)`;
}
