import { AuthenticationError } from "@crmfactory/sdk";
import {
  type AnchorTimes,
  addDuration,
  type Policy,
  purgeWindow,
  type RetentionClock,
} from "@crmfactory/taxonomy";
import * as fc from "fast-check";
import type { PropertyContext } from "../../harness/property.js";
import { GuaranteeViolation } from "../../harness/violation.js";
import { type ClosureVia, endAccount, resumeAccount } from "../../world/account-closure.js";
import { type ClockedTenant, createClockedTenant, uniqueSuffix } from "../../world/clocked-tenant.js";

const DAY = 86_400_000;

/**
 * The model of one tenant's life under the closure clock (policy-wide reading "Closure and the export
 * window"): active, or ended by one event (closing, or the subscription's end) at a known instant.
 * Everything the model expects comes from `policy.retention` and `parameters.sweepTolerance`.
 */
export interface LifecycleModel<Seeded> {
  readonly policy: Policy;
  state: { kind: "active" } | { kind: "ended"; via: ClosureVia; anchor: Date };
  /** The ways out of the window already taken in this run (both are declared scenarios). */
  readonly resumed: Set<ClosureVia>;
  readonly seeded: Seeded;
}

export interface LifecycleReal {
  readonly context: PropertyContext;
  readonly tenant: ClockedTenant;
  /** The longest the clock may move between two calls of the owner's session (half its lifetime). */
  readonly keepAliveMs: number;
}

/** One seeding step a guarantee generates (a contact with messages, a passkey, a user...). */
export interface SeedAction<Seeded> {
  readonly label: string;
  run(real: LifecycleReal, seeded: Seeded): Promise<void>;
}

/** A retention rule's window as the final walk checks it, with the edge names it counts. */
export interface CheckedWindow {
  readonly rule: string;
  /** Prefix of the edge names: `${prefix}available-until-minus-1ms`, `${prefix}late-at`. */
  readonly edgePrefix: string;
}

/** What one guarantee seeds and how it observes its data (by value, and gone). */
export interface LifecycleSubject<Seeded> {
  /** The guarantee the subject's checks report violations of. */
  readonly guarantee: string;
  readonly windows: readonly CheckedWindow[];
  empty(): Seeded;
  seedActions(): fc.Arbitrary<SeedAction<Seeded>>;
  /** While the account is active (also after a resumption): the API reads back every value. */
  checkKept(real: LifecycleReal, model: LifecycleModel<Seeded>): Promise<void>;
  /** At `availableUntil - 1 ms` of `window`: everything promised is there, by value. */
  checkAvailable(real: LifecycleReal, model: LifecycleModel<Seeded>, window: CheckedWindow): Promise<void>;
  /** At `lateAt` of `window`: nothing is left, here, at the fakes and through the API. */
  checkGone(real: LifecycleReal, model: LifecycleModel<Seeded>, window: CheckedWindow): Promise<void>;
}

export interface LifecyclePlan<Seeded> {
  readonly start: Date;
  readonly steps: Iterable<fc.AsyncCommand<LifecycleModel<Seeded>, LifecycleReal>>;
  /** The tail that makes sure both resumptions happen in every run (generated lengths). */
  readonly resumptions: readonly { via: ClosureVia; afterMs: number }[];
  readonly finalVia: ClosureVia;
}

/** The window of `rule` for the model's current closure event. */
export function windowOf(policy: Policy, rule: string, via: ClosureVia, anchor: Date) {
  const clock = policy.retention[rule] as RetentionClock | undefined;
  if (!clock) throw new Error(`The policy has no retention rule "${rule}"`);
  const events: AnchorTimes = via === "close" ? { accountClosed: anchor } : { subscriptionEnded: anchor };
  const window = purgeWindow(clock, events, policy.parameters.sweepTolerance);
  if (!window) throw new Error(`The rule "${rule}" has no window for ${via}`);
  return window;
}

/** The export window's length, as the policy states it. */
function exportWindowMs(policy: Policy, rule: string): number {
  const window = windowOf(policy, rule, "close", new Date("2026-01-01T00:00:00.000Z"));
  return window.availableUntil.getTime() - window.anchor.getTime();
}

/** Moves the clock to `instant` in steps the owner's session survives, touching it between steps. */
export async function keepAliveTo(real: LifecycleReal, instant: Date): Promise<void> {
  while (real.tenant.now().getTime() < instant.getTime()) {
    const next = Math.min(instant.getTime(), real.tenant.now().getTime() + real.keepAliveMs);
    await real.tenant.advanceTo(new Date(next));
    if (next < instant.getTime()) await real.tenant.owner.tenant.get();
  }
}

/**
 * Runs what needs the owner's session inside the export window: sign-in works, export-only, until the
 * window ends (policy-wide reading), so a refused session is a broken promise, not an error of the run.
 */
async function insideWindow<T>(guarantee: string, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    throw new GuaranteeViolation(`${guarantee}: the owner's session was refused inside the export window`, {
      during: what,
      answer: error.message,
    });
  }
}

class SeedCommand<S> implements fc.AsyncCommand<LifecycleModel<S>, LifecycleReal> {
  constructor(readonly action: SeedAction<S>) {}
  check(model: Readonly<LifecycleModel<S>>) {
    return model.state.kind === "active";
  }
  async run(model: LifecycleModel<S>, real: LifecycleReal) {
    await this.action.run(real, model.seeded);
  }
  toString() {
    return `seed(${this.action.label})`;
  }
}

/** Time passing while the account is active: everything stays ("kept while the account exists"). */
class AdvanceWhileActive<S> implements fc.AsyncCommand<LifecycleModel<S>, LifecycleReal> {
  constructor(
    readonly days: number,
    readonly subject: LifecycleSubject<S>,
  ) {}
  check(model: Readonly<LifecycleModel<S>>) {
    return model.state.kind === "active";
  }
  async run(model: LifecycleModel<S>, real: LifecycleReal) {
    await keepAliveTo(real, new Date(real.tenant.now().getTime() + this.days * DAY));
    real.context.scenario("kept while active");
    await this.subject.checkKept(real, model);
  }
  toString() {
    return `advanceWhileActive(${this.days}d)`;
  }
}

/** Leaves `active` and comes back before the window ends: the pending deletion is cancelled. */
class EndAndResume<S> implements fc.AsyncCommand<LifecycleModel<S>, LifecycleReal> {
  constructor(
    readonly via: ClosureVia,
    /** Fraction of the export window waited before resuming (the last millisecond at most). */
    readonly afterFraction: number,
    readonly subject: LifecycleSubject<S>,
  ) {}
  check(model: Readonly<LifecycleModel<S>>) {
    return model.state.kind === "active";
  }
  async run(model: LifecycleModel<S>, real: LifecycleReal) {
    const anchor = await endAccount(real.tenant, this.via);
    model.state = { kind: "ended", via: this.via, anchor };
    const first = this.subject.windows[0] as CheckedWindow;
    const { availableUntil } = windowOf(model.policy, first.rule, this.via, anchor);
    const span = availableUntil.getTime() - 1 - anchor.getTime();
    await insideWindow(this.subject.guarantee, `resuming (${this.via})`, async () => {
      await keepAliveTo(real, new Date(anchor.getTime() + Math.floor(span * this.afterFraction)));
      await resumeAccount(real.tenant, this.via);
    });
    model.state = { kind: "active" };
    model.resumed.add(this.via);
    real.context.scenario(this.via === "close" ? "closure then reopen" : "resubscribe inside the window");
    // Past every deadline the cancelled closure had set, nothing of it may have been purged.
    const { lateAt } = windowOf(model.policy, first.rule, this.via, anchor);
    if (lateAt.getTime() - real.tenant.now().getTime() <= 200 * DAY)
      await keepAliveTo(real, new Date(lateAt.getTime() + DAY));
    real.context.scenario("kept while active");
    await this.subject.checkKept(real, model);
  }
  toString() {
    return `endAndResume(${this.via}, ${this.afterFraction.toFixed(3)})`;
  }
}

/** The plan of a closure-clock property: generated steps, both resumptions, then the final closure. */
export function lifecyclePlan<S>(subject: LifecycleSubject<S>): fc.Arbitrary<LifecyclePlan<S>> {
  const via = fc.constantFrom<ClosureVia>("close", "end-subscription");
  // Near 0 and near 1 (the last millisecond of the window) weigh more: the edges of the promise.
  const fraction = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(0, 1) },
    { weight: 3, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  );
  const command = fc.oneof(
    { weight: 4, arbitrary: subject.seedActions().map((action) => new SeedCommand(action)) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1, max: 200 }).map((days) => new AdvanceWhileActive(days, subject)),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(via, fraction).map(([v, f]) => new EndAndResume(v, f, subject)),
    },
  );
  return fc.record({
    start: fc.date({
      min: new Date("2026-04-01T00:00:00.000Z"),
      max: new Date("2027-12-31T00:00:00.000Z"),
      noInvalidDate: true,
    }),
    // An array rather than `fc.commands`: inside a record, the latter loses its shrinking context.
    steps: fc.array(command, { maxLength: 4 }),
    resumptions: fc.tuple(fraction, fraction).map(([a, b]) => [
      { via: "close" as const, afterMs: a },
      { via: "end-subscription" as const, afterMs: b },
    ]),
    finalVia: via,
  });
}

/**
 * Runs a lifecycle plan: a tenant on its own clock, the generated steps (the model checked after each),
 * the resumptions the steps did not make, one seeding at least, then the final closure and the walk over
 * every window's two edges, in time order.
 */
export async function runLifecycle<S>(
  subject: LifecycleSubject<S>,
  plan: LifecyclePlan<S>,
  context: PropertyContext,
  ensureSeed: SeedAction<S>,
): Promise<void> {
  // The company is account information: a name unique to the run, so its absence can be scanned for.
  const companyName = `${context.faker.company.name().slice(0, 80)} ${uniqueSuffix()}`;
  const tenant = await createClockedTenant(context, { start: plan.start, companyName });
  const meta = await context.target.client(null).meta.get();
  // The session's lifetime is the implementation's own (`limits`): the owner touches it at half of it.
  const lifetimeMs = addDuration(plan.start, meta.limits.sessionLifetime).getTime() - plan.start.getTime();
  const keepAliveMs = Math.max(3_600_000, Math.floor(lifetimeMs / 2));
  const real: LifecycleReal = { context, tenant, keepAliveMs };
  const model: LifecycleModel<S> = {
    policy: context.policy,
    state: { kind: "active" },
    resumed: new Set(),
    seeded: subject.empty(),
  };
  const tail: fc.AsyncCommand<LifecycleModel<S>, LifecycleReal>[] = [new SeedCommand(ensureSeed)];
  for (const resumption of plan.resumptions)
    tail.push(new ResumeIfMissing(resumption.via, resumption.afterMs, subject));
  await fc.asyncModelRun(() => ({ model, real }), [...plan.steps, ...tail]);
  await walkFinalClosure(subject, model, real, plan.finalVia);
}

/** A resumption appended only when the generated steps did not make it (so every run reaches both). */
class ResumeIfMissing<S> extends EndAndResume<S> {
  override check(model: Readonly<LifecycleModel<S>>) {
    return model.state.kind === "active" && !model.resumed.has(this.via);
  }
}

async function walkFinalClosure<S>(
  subject: LifecycleSubject<S>,
  model: LifecycleModel<S>,
  real: LifecycleReal,
  via: ClosureVia,
): Promise<void> {
  const anchor = await endAccount(real.tenant, via);
  model.state = { kind: "ended", via, anchor };
  const checkpoints = subject.windows.flatMap((window) => {
    const w = windowOf(model.policy, window.rule, via, anchor);
    return [
      { at: new Date(w.availableUntil.getTime() - 1), kind: "available" as const, window },
      { at: w.lateAt, kind: "gone" as const, window },
    ];
  });
  checkpoints.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.kind === "available" ? -1 : 1));
  const sessionEnds = Math.min(
    ...subject.windows.map((w) => windowOf(model.policy, w.rule, via, anchor).availableUntil.getTime()),
    anchor.getTime() + exportWindowMs(model.policy, subject.windows[0]?.rule ?? "crm"),
  );
  for (const checkpoint of checkpoints) {
    // The owner's session is kept alive up to the end of the window, and is not needed after it.
    const inside = checkpoint.at.getTime() < sessionEnds;
    if (inside)
      await insideWindow(subject.guarantee, "the walk to the window's end", () =>
        keepAliveTo(real, checkpoint.at),
      );
    else await real.tenant.advanceTo(checkpoint.at);
    if (checkpoint.kind === "available") {
      const check = () => subject.checkAvailable(real, model, checkpoint.window);
      await (inside
        ? insideWindow(subject.guarantee, "the checks at the window's last millisecond", check)
        : check());
      real.context.edge(`${checkpoint.window.edgePrefix}available-until-minus-1ms`);
    } else {
      await subject.checkGone(real, model, checkpoint.window);
      real.context.edge(`${checkpoint.window.edgePrefix}late-at`);
    }
  }
}

/** The scenarios every closure-clock property declares (each guarantee adds its own). */
export const lifecycleScenarios = [
  "kept while active",
  "closure then reopen",
  "resubscribe inside the window",
] as const;
