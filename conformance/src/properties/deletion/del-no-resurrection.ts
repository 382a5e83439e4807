import type { PrivacyClient } from "@crmfactory/sdk";
import * as fc from "fast-check";
import { expectValuesGone } from "../../evidence/erasure-evidence.js";
import { defineProperty, type PropertyContext } from "../../harness/property.js";
import { expectGuarantee } from "../../harness/violation.js";
import { type ClockedTenant, createClockedTenant } from "../../world/clocked-tenant.js";
import { type SeededContact, seedContact } from "../../world/erasure-subjects.js";
import { salesforceHolding } from "../../world/integration-sources.js";
import { signInNewUser } from "../../world/sso-users.js";

const day = 86_400_000;

interface World {
  readonly context: PropertyContext;
  readonly tenant: ClockedTenant;
  readonly erased: SeededContact;
  readonly integrationId: string;
  /** A contact nobody erased, about whom later access requests are filed. */
  readonly keptContactId: string;
  /** An export written before the erasure: its document may not serve the erased contact afterwards. */
  readonly earlierExportId: string;
  /** A fresh session of an owner: the clock runs past session lifetimes. */
  signIn(): Promise<PrivacyClient>;
}

type Model = Record<string, never>;

/** What of the erased subject a text may never hold again. */
const identifiersOf = (world: World) => [world.erased.email, world.erased.name];

function expectNothingOf(world: World, text: string, where: string) {
  const found = identifiersOf(world).filter((value) => text.toLowerCase().includes(value.toLowerCase()));
  expectGuarantee(found.length === 0, `The erased contact came back in ${where}`, { found });
}

class SyncCommand implements fc.AsyncCommand<Model, World> {
  check = () => true;
  async run(_model: Model, world: World) {
    world.context.scenario("sync after erasure");
    const client = await world.signIn();
    await client.integrations.sync(world.integrationId);
    const records = await client.integrations.listRecords(world.integrationId, { limit: 100 });
    expectNothingOf(world, JSON.stringify(records.data), "the integration's records after a sync");
    const contacts = await client.contacts.list({ limit: 100 });
    expectNothingOf(
      world,
      JSON.stringify(contacts.data.map((c) => [c.email, c.name])),
      "the contacts after a sync",
    );
  }
  toString = () => "sync the integration";
}

class ExportCommand implements fc.AsyncCommand<Model, World> {
  check = () => true;
  async run(_model: Model, world: World) {
    world.context.scenario("export after erasure");
    const client = await world.signIn();
    const started = await client.exports.create({ scope: { type: "tenant" } });
    await world.tenant.advanceBy(1_000);
    const document = await client.exports.getDocument(started.id);
    expectNothingOf(world, JSON.stringify(document), "a tenant export");
    let earlier: unknown = null;
    try {
      earlier = await client.exports.getDocument(world.earlierExportId);
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status !== 404 && status !== 410) throw error;
    }
    expectNothingOf(world, JSON.stringify(earlier), "an export written before the erasure");
  }
  toString = () => "export the tenant";
}

class AggregateCommand implements fc.AsyncCommand<Model, World> {
  check = () => true;
  async run(_model: Model, world: World) {
    world.context.scenario("aggregate after erasure");
    const client = await world.signIn();
    // An event naming the erased address, as a search page's path would: the aggregate must not keep it.
    await client.telemetry.recordEvent({ type: "page-view", name: `/search/${world.erased.email}` });
    const aggregates = await client.telemetry.listAggregates({ limit: 100 });
    expectNothingOf(world, JSON.stringify(aggregates.data.map((a) => a.name)), "the telemetry aggregates");
  }
  toString = () => "record an event naming the erased address";
}

class AccessCommand implements fc.AsyncCommand<Model, World> {
  check = () => true;
  async run(_model: Model, world: World) {
    world.context.scenario("access request after erasure");
    const client = await world.signIn();
    const request = await client.rightsRequests.createForContact(world.keptContactId, {
      kind: "access",
      identityVerifiedByTenant: true,
    });
    await world.tenant.advanceBy(1_000);
    const answer = await client.rightsRequests.getExport(request.id);
    expectNothingOf(world, JSON.stringify(answer), "an access request's answer");
  }
  toString = () => "file an access request about another contact";
}

class AdvanceCommand implements fc.AsyncCommand<Model, World> {
  constructor(readonly milliseconds: number) {}
  check = () => true;
  async run(_model: Model, world: World) {
    await world.tenant.advanceBy(this.milliseconds);
  }
  toString() {
    return `advance ${this.milliseconds} ms`;
  }
}

interface Plan {
  readonly commands: Iterable<fc.AsyncCommand<Model, World>>;
}

export const delNoResurrection = defineProperty<Plan>({
  guarantee: "DEL-NO-RESURRECTION",
  name: "erased-data-never-comes-back",
  description:
    "Sections 9 and 11: deleted data never comes back. A contact synced from a customer's Salesforce is erased; then, in " +
    "a generated order with clock advances, the same source record is synced again, the tenant exports (and the export " +
    "written before the erasure no longer serves it), an event naming " +
    "the erased address is aggregated and an access request is answered: none holds the erased contact, and at the end " +
    "the database holds none of its values.",
  scenarios: [
    "sync after erasure",
    "export after erasure",
    "aggregate after erasure",
    "access request after erasure",
  ],
  edges: [],
  plan: () =>
    fc.record({
      commands: fc
        .tuple(
          fc.shuffledSubarray<fc.AsyncCommand<Model, World>>(
            [new SyncCommand(), new ExportCommand(), new AggregateCommand(), new AccessCommand()],
            { minLength: 4, maxLength: 4 },
          ),
          fc.array(fc.integer({ min: 1, max: 40 * day }), { minLength: 1, maxLength: 3 }),
        )
        .map(([checks, advances]) => {
          const commands: fc.AsyncCommand<Model, World>[] = [];
          for (const [index, check] of checks.entries()) {
            commands.push(check);
            const advance = advances[index];
            if (advance !== undefined) commands.push(new AdvanceCommand(advance));
          }
          return commands;
        }),
    }),
  async check(plan, context) {
    const tenant = await createClockedTenant(context);
    const erased = await seedContact(context, tenant);
    const [firstName = "Erased", lastName = "Contact"] = erased.name.split(" ");
    const kept = {
      firstName: context.faker.person.firstName(),
      lastName: context.faker.person.lastName(),
      email: `kept.${crypto.randomUUID().slice(0, 8)}@sync.conformance.example`,
    };
    const source = await salesforceHolding(context.fakes, [
      { firstName, lastName, email: erased.email },
      kept,
    ]);
    const integration = await tenant.owner.integrations.connect({
      provider: "salesforce",
      credentials: { baseUrl: source.instanceUrl, accessToken: source.accessToken },
    });
    await tenant.owner.integrations.sync(integration.id);
    const keptContact = await tenant.owner.contacts.create({
      name: `${kept.firstName} ${kept.lastName}`,
      email: kept.email,
    });
    const earlier = await tenant.owner.exports.create({ scope: { type: "tenant" } });
    await tenant.advanceBy(1_000);
    const deletion = await tenant.owner.deletions.create({
      targets: [{ type: "contact", id: erased.contactId }],
    });
    await tenant.advanceBy(1_000);
    const receipt = await tenant.owner.erasureReceipts.get(deletion.receiptId);
    if (receipt.status !== "completed") await tenant.advanceTo(new Date(receipt.dueAt));
    const owner = await signInNewUser(context, tenant, "owner");
    const world: World = {
      context,
      tenant,
      erased,
      integrationId: integration.id,
      keptContactId: keptContact.id,
      earlierExportId: earlier.id,
      signIn: () => owner.signIn(),
    };
    await fc.asyncModelRun(() => ({ model: {}, real: world }), plan.commands);
    // Independent of every answer above: no table holds the erased contact's values.
    await expectValuesGone(context, erased.values, "The erased contact, after syncs, exports and aggregates");
  },
});
