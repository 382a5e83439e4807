import { canonicalJson, type PurgeWindow } from "@crmfactory/taxonomy";
import * as fc from "fast-check";
import { heldRecordIds, tenantInventory } from "../../evidence/inventory-records.js";
import { scanForValues } from "../../evidence/probe-scan.js";
import { defineProperty, type PropertyContext } from "../../harness/property.js";
import { expectGuarantee } from "../../harness/violation.js";
import { type ClockedTenant, createClockedTenant } from "../../world/clocked-tenant.js";
import { AdvanceSignedIn, advanceSignedIn } from "../../world/signed-in-advance.js";
import { type EventInput, eventInput, eventTypes, listedEvents, recordEvent } from "../../world/telemetry.js";
import { guaranteeRule, justBefore, windowOf } from "./guarantee-rules.js";

const guarantee = "RET-TELEMETRY-RAW";
const day = 86_400_000;

interface HeldEvent {
  readonly id: string;
  readonly input: EventInput;
  readonly collectedAt: Date;
  readonly window: PurgeWindow;
}

interface Model {
  readonly events: HeldEvent[];
}

interface Real {
  readonly context: PropertyContext;
  readonly tenant: ClockedTenant;
}

/**
 * At the tenant's now: every event still promised (before its window's `availableUntil`; the raw rule
 * has no `keepFor`, so only a rule that adds one promises anything) is listed with what the model sent;
 * every event listed before its purge deadline is listed with exactly those values (the rule sets when
 * an event must be gone, not that it stays until then); every event at or past its late instant is
 * neither listed, nor in the inventory, nor anywhere in the database (its nonce).
 */
async function checkEvents({ context, tenant }: Real, model: Model): Promise<void> {
  const now = tenant.now().getTime();
  const listed = new Map((await listedEvents(tenant)).map((event) => [event.id, event]));
  const promised = new Set(model.events.filter((event) => now < event.window.availableUntil.getTime()));
  const beforeDeadline = model.events.filter(
    (event) => promised.has(event) || (now < event.window.purgeDue.getTime() && listed.has(event.id)),
  );
  const late = model.events.filter((event) => now >= event.window.lateAt.getTime());
  for (const event of beforeDeadline) {
    const found = listed.get(event.id);
    expectGuarantee(
      found &&
        found.type === event.input.type &&
        found.name === event.input.name &&
        found.durationMs === (event.input.durationMs ?? null) &&
        found.collectedAt === event.collectedAt.toISOString() &&
        canonicalJson(found.properties) === canonicalJson(event.input.properties),
      found
        ? `${guarantee}: event ${event.id} is listed with other values than were recorded`
        : `${guarantee}: event ${event.id} is not listed while its window promises it`,
      { expected: event, listed: found ?? null, at: tenant.now().toISOString() },
    );
  }
  for (const event of late) {
    expectGuarantee(
      !listed.has(event.id),
      `${guarantee}: event ${event.id} is still listed at its late instant`,
      {
        event,
        at: tenant.now().toISOString(),
      },
    );
  }
  const inventory = await tenantInventory(context, tenant);
  const held = heldRecordIds(inventory, { recordType: "telemetry-event" });
  const mayRemain = new Set(model.events.filter((e) => !late.includes(e)).map((e) => e.id));
  // What the API still lists (and all that is promised) the inventory must list too.
  for (const event of beforeDeadline)
    expectGuarantee(held.has(event.id), `${guarantee}: the inventory lacks event ${event.id}`, { event });
  for (const id of held)
    expectGuarantee(
      mayRemain.has(id),
      `${guarantee}: the inventory holds event ${id}, late or never recorded`,
      {
        at: tenant.now().toISOString(),
      },
    );
  const probe = context.target.probe;
  if (!probe) {
    context.selfReported("raw events gone are also read from the inventory (no database probe)");
    return;
  }
  const nonces = (events: HeldEvent[]) => events.map((event) => String(event.input.properties.ref));
  const hits = await scanForValues(probe, nonces(late));
  expectGuarantee(hits.length === 0, `${guarantee}: raw events are still stored at their late instant`, {
    hits,
    at: tenant.now().toISOString(),
  });
}

class RecordEvent implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly type: (typeof eventTypes)[number],
    readonly durationMs: number | undefined,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const input = eventInput(real.context, this.type, this.durationMs);
    const answer = await recordEvent(real.tenant, input);
    // The collection instant is the implementation's under the tenant's clock: now.
    expectGuarantee(
      answer.collectedAt === real.tenant.now().toISOString(),
      `${guarantee}: an event recorded at ${real.tenant.now().toISOString()} says it was collected at ${answer.collectedAt}`,
    );
    const { rule } = guaranteeRule(real.context.policy, guarantee);
    const collectedAt = new Date(answer.collectedAt);
    model.events.push({
      id: answer.id,
      input,
      collectedAt,
      window: windowOf(real.context.policy, rule, { collected: collectedAt }),
    });
    await checkEvents(real, model);
  }
  toString = () => `recordEvent(${this.type}, ${this.durationMs ?? "-"} ms)`;
}

const recordArbitrary = fc
  .tuple(fc.constantFrom(...eventTypes), fc.option(fc.integer({ min: 1, max: 60_000 }), { nil: undefined }))
  .map(([type, duration]) => new RecordEvent(type, duration));

export const retTelemetryRaw = defineProperty({
  guarantee,
  name: "raw-events-per-collection-time",
  description:
    "The data table: each raw usage event is gone (API, inventory, database) by the raw-log period from its own collection plus the sweep tolerance; until then, whatever is listed is what was recorded.",
  scenarios: ["events at several collection times", "an event recorded late in another's period"],
  edges: ["purge-due-minus-1ms", "late-at"],
  plan: () =>
    fc.record({
      first: recordArbitrary,
      commands: fc.commands(
        [
          recordArbitrary,
          fc
            .integer({ min: 60_000, max: 20 * day })
            .map((ms) => new AdvanceSignedIn<Model, Real>(ms, checkEvents)),
        ],
        { maxCommands: 4 },
      ),
      // Where in the first event's period the last one comes, as a share of it.
      lateShare: fc.double({ min: 0.5, max: 0.99, noNaN: true }),
      last: recordArbitrary,
    }),
  async check(plan, context) {
    const tenant = await createClockedTenant(context);
    const model: Model = { events: [] };
    const real: Real = { context, tenant };
    await plan.first.run(model, real);
    await fc.asyncModelRun(() => ({ model, real }), plan.commands);
    const first = model.events[0] as HeldEvent;
    const span = first.window.purgeDue.getTime() - first.collectedAt.getTime();
    const lateInPeriod = first.collectedAt.getTime() + Math.floor(span * plan.lateShare);
    if (lateInPeriod > tenant.now().getTime()) {
      await advanceSignedIn(context, tenant, new Date(lateInPeriod));
      await plan.last.run(model, real);
      context.scenario("an event recorded late in another's period");
    } else {
      await plan.last.run(model, real);
      if (tenant.now().getTime() - first.collectedAt.getTime() >= span / 2)
        context.scenario("an event recorded late in another's period");
    }
    if (new Set(model.events.map((e) => e.collectedAt.getTime())).size > 1)
      context.scenario("events at several collection times");

    const windows = [...model.events].sort(
      (a, b) => a.window.purgeDue.getTime() - b.window.purgeDue.getTime(),
    );
    for (const { window } of windows) {
      if (justBefore(window.purgeDue).getTime() > tenant.now().getTime()) {
        await advanceSignedIn(context, tenant, justBefore(window.purgeDue));
        await checkEvents(real, model);
        context.edge("purge-due-minus-1ms");
      }
      if (window.lateAt.getTime() > tenant.now().getTime()) {
        await advanceSignedIn(context, tenant, window.lateAt);
        await checkEvents(real, model);
        context.edge("late-at");
      }
    }
  },
});
