import * as fc from "fast-check";
import { heldRecordIds, tenantInventory } from "../../evidence/inventory-records.js";
import { scanForValues } from "../../evidence/probe-scan.js";
import { defineProperty, type PropertyContext } from "../../harness/property.js";
import { expectGuarantee } from "../../harness/violation.js";
import { type ClockedTenant, createClockedTenant } from "../../world/clocked-tenant.js";
import { closeAccount } from "../../world/closure.js";
import {
  addSourcePerson,
  connectOrg,
  listedRecords,
  requestsToOrgSince,
  type SourceOrg,
  type SourcePerson,
  seedSalesforceOrg,
} from "../../world/integrations.js";
import { AdvanceSignedIn, advanceSignedIn } from "../../world/signed-in-advance.js";
import { guaranteeRule, justBefore, windowOf } from "./guarantee-rules.js";

const guarantee = "RET-INTEGRATION";
const hour = 3_600_000;

/** One connected integration as the model sees it: what its last sync must have brought in. */
interface Connection {
  readonly label: "disconnected" | "kept";
  readonly org: SourceOrg;
  readonly integrationId: string;
  /** The source's people as of the last sync: what the implementation holds. */
  synced: SourcePerson[];
  /** Record ids the implementation listed for them. */
  recordIds: Set<string>;
  /** Set once its data must go: the anchor the rule counts from, and since when (fakes' clock) no request may reach the source. */
  ended?: { anchorEvents: Record<string, Date>; quietSince: Date };
}

interface Model {
  readonly connections: Connection[];
}

interface Real {
  readonly context: PropertyContext;
  readonly tenant: ClockedTenant;
}

/** Synced records listed through the API equal, by value, what the model put at the source. */
async function listedAsSynced(real: Real, connection: Connection): Promise<void> {
  const records = await listedRecords(real.tenant, connection.integrationId);
  const byExternal = new Map(records.map((record) => [record.externalId, record]));
  expectGuarantee(
    records.length === connection.synced.length,
    `${guarantee}: integration ${connection.integrationId} lists ${records.length} records, the source gave ${connection.synced.length}`,
    { listed: records, synced: connection.synced },
  );
  for (const person of connection.synced) {
    const record = byExternal.get(person.externalId);
    const data = (record?.data ?? {}) as Record<string, unknown>;
    expectGuarantee(
      record &&
        data.FirstName === person.FirstName &&
        data.LastName === person.LastName &&
        String(data.Email).toLowerCase() === person.Email,
      `${guarantee}: the synced record of ${person.externalId} does not hold what the source had`,
      { expected: person, listed: record ?? null },
    );
  }
  connection.recordIds = new Set(records.map((record) => record.id));
}

/**
 * At the tenant's now: the inventory lists exactly the records of every connection whose data is still
 * promised, and none of one past its late instant; the database holds the promised people's emails and
 * none of the late ones'; no request reached a source after its disconnection or the closure.
 */
async function checkHoldings(real: Real, model: Model): Promise<void> {
  const { context, tenant } = real;
  const { rule } = guaranteeRule(context.policy, guarantee);
  const now = tenant.now().getTime();
  const held = heldRecordIds(await tenantInventory(context, tenant), { recordType: "integration-record" });
  const promised: Connection[] = [];
  const late: Connection[] = [];
  for (const connection of model.connections) {
    const window = connection.ended ? windowOf(context.policy, rule, connection.ended.anchorEvents) : null;
    if (!window || now < window.availableUntil.getTime()) promised.push(connection);
    else if (now >= window.lateAt.getTime()) late.push(connection);
    if (connection.ended) {
      const requests = requestsToOrgSince(context, connection.org, connection.ended.quietSince);
      expectGuarantee(
        requests.length === 0,
        `${guarantee}: the source of ${connection.integrationId} was read after syncing had to stop`,
        {
          requests: requests.map((r) => `${r.method} ${r.path}`),
        },
      );
    }
  }
  const allowed = new Set(
    model.connections.filter((c) => !late.includes(c)).flatMap((c) => [...c.recordIds]),
  );
  for (const connection of promised)
    for (const id of connection.recordIds)
      expectGuarantee(held.has(id), `${guarantee}: the inventory lacks record ${id} still promised`, {
        integration: connection.integrationId,
        at: tenant.now().toISOString(),
      });
  for (const id of held)
    expectGuarantee(allowed.has(id), `${guarantee}: the inventory holds record ${id} past its late instant`, {
      at: tenant.now().toISOString(),
    });
  const probe = context.target.probe;
  if (!probe) {
    context.selfReported("records held after closure are read from the inventory (no database probe)");
    return;
  }
  const emails = (connections: Connection[]) => connections.flatMap((c) => c.synced.map((p) => p.Email));
  const found = new Set(
    (await scanForValues(probe, [...emails(promised), ...emails(late)])).map((h) => h.value),
  );
  for (const email of emails(promised))
    expectGuarantee(found.has(email), `${guarantee}: a synced record still promised is not in the database`, {
      email,
    });
  for (const email of emails(late))
    expectGuarantee(!found.has(email), `${guarantee}: a synced record is stored past its late instant`, {
      email,
      at: tenant.now().toISOString(),
    });
}

class Sync implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly which: number,
    readonly newAtSource: number,
  ) {}
  check = (model: Readonly<Model>) => model.connections[this.which]?.ended === undefined;
  async run(model: Model, real: Real): Promise<void> {
    const connection = model.connections[this.which] as Connection;
    for (let i = 0; i < this.newAtSource; i++) addSourcePerson(real.context, connection.org);
    await real.tenant.owner.integrations.sync(connection.integrationId);
    connection.synced = [...connection.org.people];
    await listedAsSynced(real, connection);
    await checkHoldings(real, model);
  }
  toString = () => `sync(${this.which}, ${this.newAtSource} new at the source)`;
}

async function checkAfterAdvance(real: Real, model: Model): Promise<void> {
  for (const connection of model.connections) await listedAsSynced(real, connection);
  await checkHoldings(real, model);
}

export const retIntegration = defineProperty({
  guarantee,
  name: "synced-records-purged-at-disconnect-or-window-end",
  description:
    "The data table and section 11: synced records are kept while their integration is connected and gone at its disconnection plus the sweep tolerance; closure stops syncing at once and the end of the export window disconnects every integration, its records gone by then plus the tolerance.",
  scenarios: [
    "a sync bringing new records",
    "disconnect before closure",
    "closure with an integration connected",
  ],
  edges: ["available-until-minus-1ms", "late-at"],
  plan: () =>
    fc.record({
      people: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      commands: fc.commands(
        [
          fc.tuple(fc.constantFrom(0, 1), fc.integer({ min: 0, max: 2 })).map(([w, n]) => new Sync(w, n)),
          fc
            .integer({ min: 60_000, max: 48 * hour })
            .map((ms) => new AdvanceSignedIn<Model, Real>(ms, checkAfterAdvance)),
        ],
        { maxCommands: 3 },
      ),
      disconnectAfter: fc.integer({ min: 1, max: 10 * 24 * hour }),
      closeAfter: fc.integer({ min: 1, max: 5 * 24 * hour }),
    }),
  async check(plan, context) {
    const companyName = `${context.faker.company.name().slice(0, 80)} integrations`;
    const tenant = await createClockedTenant(context, { companyName });
    const real: Real = { context, tenant };
    const model: Model = { connections: [] };
    for (const [index, label] of (["disconnected", "kept"] as const).entries()) {
      const org = await seedSalesforceOrg(context, plan.people[index] as number);
      const integration = await connectOrg(tenant, org);
      model.connections.push({ label, org, integrationId: integration.id, synced: [], recordIds: new Set() });
    }
    // Every connection is synced once, the first bringing a person added at the source since.
    await new Sync(0, 1).run(model, real);
    context.scenario("a sync bringing new records");
    await new Sync(1, 0).run(model, real);
    await fc.asyncModelRun(() => ({ model, real }), plan.commands);

    const { rule } = guaranteeRule(context.policy, guarantee);
    const [gone, kept] = model.connections as [Connection, Connection];
    const disconnectAt = new Date(tenant.now().getTime() + plan.disconnectAfter);
    await advanceSignedIn(context, tenant, justBefore(disconnectAt));
    await listedAsSynced(real, gone);
    await checkHoldings(real, model);
    context.edge("available-until-minus-1ms");
    await advanceSignedIn(context, tenant, disconnectAt);
    const quietSince = new Date();
    await tenant.owner.integrations.disconnect(gone.integrationId);
    gone.ended = { anchorEvents: { integrationDisconnected: tenant.now() }, quietSince };
    // Another integration keeps syncing: that reads its own source only.
    await new Sync(1, 1).run(model, real);
    const goneWindow = windowOf(context.policy, rule, gone.ended.anchorEvents);
    await advanceSignedIn(context, tenant, goneWindow.lateAt);
    expectGuarantee(
      (await listedRecords(tenant, gone.integrationId)).length === 0,
      `${guarantee}: a disconnected integration still lists records at its late instant`,
    );
    await checkHoldings(real, model);
    await listedAsSynced(real, kept);
    context.edge("late-at");
    context.scenario("disconnect before closure");

    await advanceSignedIn(context, tenant, new Date(tenant.now().getTime() + plan.closeAfter));
    const closedAt = await closeAccount(tenant, companyName);
    kept.ended = { anchorEvents: { accountClosed: closedAt }, quietSince: new Date() };
    const keptWindow = windowOf(context.policy, rule, kept.ended.anchorEvents);
    await tenant.advanceTo(justBefore(keptWindow.availableUntil));
    await checkHoldings(real, model);
    context.edge("available-until-minus-1ms");
    await tenant.advanceTo(keptWindow.lateAt);
    await checkHoldings(real, model);
    context.edge("late-at");
    context.scenario("closure with an integration connected");
  },
});
