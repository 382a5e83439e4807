import type { PurgeWindow } from "@crmfactory/taxonomy";
import * as fc from "fast-check";
import { heldRecordIds, tenantInventory } from "../../evidence/inventory-records.js";
import { scanForValues } from "../../evidence/probe-scan.js";
import { defineProperty, type PropertyContext } from "../../harness/property.js";
import { expectGuarantee } from "../../harness/violation.js";
import { type ClockedTenant, createClockedTenant, uniqueSuffix } from "../../world/clocked-tenant.js";
import { AdvanceSignedIn, advanceSignedIn } from "../../world/signed-in-advance.js";
import {
  createIdentifiedContact,
  type EventType,
  eventInput,
  eventTypes,
  listedAggregates,
  recordEvent,
  subjectIdentifiers,
} from "../../world/telemetry.js";
import { guaranteeRule, justBefore, windowOf } from "./guarantee-rules.js";

const guarantee = "RET-TELEMETRY-AGG";
const hour = 3_600_000;

type Contact = Awaited<ReturnType<typeof createIdentifiedContact>>;

/** One aggregate period as the implementation first listed it (its anchor), with its window. */
interface Period {
  readonly key: string;
  readonly start: Date;
  readonly end: Date;
  readonly window: PurgeWindow;
  readonly ids: Set<string>;
}

interface Model {
  readonly collected: { at: Date; nonce: string | null }[];
  readonly periods: Map<string, Period>;
}

interface Real {
  readonly context: PropertyContext;
  readonly tenant: ClockedTenant;
  readonly contacts: readonly Contact[];
  readonly owner: { id: string; name: string; email: string };
}

/** Identifier kinds of the policy's list, and how a page path may carry each. */
const pathOf: Record<
  string,
  (subject: { id: string; name: string; email: string | null; phone?: string | null }) => string | null
> = {
  email: (s) => (s.email ? `/search/${s.email}` : null),
  phone: (s) => (s.phone ? `/dial/${s.phone}` : null),
  name: (s) => `/people/${s.name}`,
  userId: (s) => `/users/${s.id}`,
  contactId: (s) => `/contacts/${s.id}`,
};

/**
 * No aggregate holds a value equal to an identifier of the tenant's subjects (section 7), and each
 * period the model has seen is listed with the count of the events the model recorded in it until its
 * period ends plus the aggregate rule's period, and gone (API, inventory, database) at that plus the
 * tolerance.
 */
async function checkAggregates({ context, tenant }: Real, model: Model): Promise<void> {
  const { rule } = guaranteeRule(context.policy, guarantee);
  const excluded = rule.excludedIdentifiers ?? [];
  const aggregates = await listedAggregates(tenant);
  const identifiers = await subjectIdentifiers(tenant);
  for (const aggregate of aggregates) {
    const text = JSON.stringify({ ...aggregate, id: undefined, tenantId: undefined }).toLowerCase();
    for (const kind of excluded) {
      for (const value of identifiers[kind] ?? []) {
        expectGuarantee(
          !text.includes(value.toLowerCase()),
          `${guarantee}: an aggregate holds the ${kind} of one of the tenant's subjects`,
          { aggregate, kind, value },
        );
      }
    }
  }
  const now = tenant.now().getTime();
  for (const aggregate of aggregates) {
    const key = `${aggregate.granularity}|${aggregate.periodStart}`;
    const start = new Date(aggregate.periodStart);
    const end = new Date(aggregate.periodEnd);
    let period = model.periods.get(key);
    if (!period) {
      period = {
        key,
        start,
        end,
        window: windowOf(context.policy, rule, { periodEnded: end }),
        ids: new Set(),
      };
      model.periods.set(key, period);
    }
    period.ids.add(aggregate.id);
  }
  for (const period of model.periods.values()) {
    const listed = aggregates.filter((a) => `${a.granularity}|${a.periodStart}` === period.key);
    if (now < period.window.purgeDue.getTime()) {
      const expected = model.collected.filter(
        ({ at }) => at.getTime() >= period.start.getTime() && at.getTime() < period.end.getTime(),
      ).length;
      const counted = listed.reduce((sum, a) => sum + a.count, 0);
      expectGuarantee(
        counted === expected,
        `${guarantee}: the ${period.key} aggregates count ${counted} events, the model recorded ${expected}`,
        { period: period.key, listed, at: tenant.now().toISOString() },
      );
    }
    if (now >= period.window.lateAt.getTime()) {
      expectGuarantee(
        listed.length === 0,
        `${guarantee}: the ${period.key} aggregates are listed at their late instant`,
        {
          listed,
          at: tenant.now().toISOString(),
        },
      );
    }
  }
  const inventory = await tenantInventory(context, tenant);
  const held = heldRecordIds(inventory, { recordType: "telemetry-aggregate" });
  for (const period of model.periods.values()) {
    for (const id of period.ids) {
      if (now < period.window.purgeDue.getTime())
        expectGuarantee(held.has(id), `${guarantee}: the inventory lacks aggregate ${id} of ${period.key}`);
      if (now >= period.window.lateAt.getTime())
        expectGuarantee(
          !held.has(id),
          `${guarantee}: the inventory holds aggregate ${id} of ${period.key} when late`,
        );
    }
  }
  const probe = context.target.probe;
  if (!probe) {
    context.selfReported("aggregates gone are also read from the inventory (no database probe)");
    return;
  }
  // A name's nonce is gone once every period that counted it is late (raw events go much earlier).
  const gone = model.collected.filter(
    ({ at, nonce }) =>
      nonce !== null &&
      [...model.periods.values()].every(
        (p) =>
          at.getTime() < p.start.getTime() ||
          at.getTime() >= p.end.getTime() ||
          now >= p.window.lateAt.getTime(),
      ),
  );
  const hits = await scanForValues(
    probe,
    gone.map(({ nonce }) => nonce as string),
  );
  expectGuarantee(
    hits.length === 0,
    `${guarantee}: aggregated event names are stored past their late instant`,
    { hits },
  );
}

async function record(
  real: Real,
  model: Model,
  type: EventType,
  name: string,
  contactId?: string,
  nonce?: string,
) {
  const input = { ...eventInput(real.context, type, undefined, name), ...(contactId ? { contactId } : {}) };
  const answer = await recordEvent(real.tenant, input);
  model.collected.push({ at: new Date(answer.collectedAt), nonce: nonce ?? null });
  await checkAggregates(real, model);
}

/** An event about contact `about` whose path carries identifiers of `named` (a contact, or the owner). */
class RecordIdentified implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly type: EventType,
    readonly about: number | null,
    readonly named: number | "owner",
    readonly kinds: readonly string[],
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const subject = this.named === "owner" ? real.owner : (real.contacts[this.named] as Contact);
    const path = this.kinds.map((kind) => pathOf[kind]?.(subject) ?? "").join("") || "/home";
    const about = this.about === null ? undefined : real.contacts[this.about]?.id;
    await record(real, model, this.type, path, about);
  }
  toString = () => `recordIdentified(${this.type}, about ${this.about}, naming ${this.named}: ${this.kinds})`;
}

class RecordPlain implements fc.AsyncCommand<Model, Real> {
  constructor(readonly type: EventType) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const nonce = `agg${uniqueSuffix()}${uniqueSuffix()}`;
    await record(real, model, this.type, `/${real.context.faker.word.noun()}/${nonce}`, undefined, nonce);
  }
  toString = () => `recordPlain(${this.type})`;
}

const type = fc.constantFrom(...eventTypes);
const kinds = fc.subarray(Object.keys(pathOf), { minLength: 1 });

export const retTelemetryAgg = defineProperty({
  guarantee,
  name: "aggregates-unlinked-and-purged",
  description:
    "Section 7 and the data table: usage aggregates hold no value equal to an identifier of the tenant's subjects (email, phone, name, user or contact id), count what was recorded in their period, and are gone at the period's end plus the aggregate rule's period plus the sweep tolerance.",
  scenarios: [
    "identifiers of the event's own subject",
    "identifiers of another subject",
    "identifiers of a user",
  ],
  edges: ["purge-due-minus-1ms", "late-at"],
  plan: () =>
    fc.record({
      own: fc.tuple(type, kinds),
      other: fc.tuple(type, kinds),
      user: fc.tuple(type, kinds),
      plain: type,
      commands: fc.commands(
        [
          fc
            .tuple(type, fc.constantFrom(0, 1, null), fc.constantFrom<0 | 1 | "owner">(0, 1, "owner"), kinds)
            .map(([t, about, named, k]) => new RecordIdentified(t, about, named, k)),
          type.map((t) => new RecordPlain(t)),
          fc
            .integer({ min: 60_000, max: 30 * hour })
            .map((ms) => new AdvanceSignedIn<Model, Real>(ms, checkAggregates)),
        ],
        { maxCommands: 4 },
      ),
    }),
  async check(plan, context) {
    // Late in a day, so generated advances cross day (and sometimes month) boundaries.
    const tenant = await createClockedTenant(context, { start: new Date("2026-04-29T20:00:00.000Z") });
    const users = await tenant.owner.users.list({ limit: 100 }).toArray({ limit: 100 });
    const me = users.find((user) => user.email === tenant.ownerEmail);
    if (!me) throw new Error("the owner is not among the tenant's users");
    const contacts = [
      await createIdentifiedContact(context, tenant),
      await createIdentifiedContact(context, tenant),
    ];
    const real: Real = { context, tenant, contacts, owner: { id: me.id, name: me.name, email: me.email } };
    const model: Model = { collected: [], periods: new Map() };
    await new RecordIdentified(plan.own[0], 0, 0, plan.own[1]).run(model, real);
    context.scenario("identifiers of the event's own subject");
    await new RecordIdentified(plan.other[0], 0, 1, plan.other[1]).run(model, real);
    context.scenario("identifiers of another subject");
    await new RecordIdentified(plan.user[0], null, "owner", plan.user[1]).run(model, real);
    context.scenario("identifiers of a user");
    await new RecordPlain(plan.plain).run(model, real);
    await fc.asyncModelRun(() => ({ model, real }), plan.commands);

    const ends = [...new Set([...model.periods.values()].map((p) => p.window.purgeDue.getTime()))].sort(
      (a, b) => a - b,
    );
    for (const purgeDue of ends) {
      const period = [...model.periods.values()].find(
        (p) => p.window.purgeDue.getTime() === purgeDue,
      ) as Period;
      if (justBefore(period.window.purgeDue).getTime() > tenant.now().getTime()) {
        await advanceSignedIn(context, tenant, justBefore(period.window.purgeDue));
        await checkAggregates(real, model);
        context.edge("purge-due-minus-1ms");
      }
      if (period.window.lateAt.getTime() > tenant.now().getTime()) {
        await advanceSignedIn(context, tenant, period.window.lateAt);
        await checkAggregates(real, model);
        context.edge("late-at");
      }
    }
  },
});
