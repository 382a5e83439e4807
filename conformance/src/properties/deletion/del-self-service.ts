import { operationPermissions } from "@crmfactory/api";
import type { PrivacyClient } from "@crmfactory/sdk";
import { roleAllows } from "@crmfactory/taxonomy";
import * as fc from "fast-check";
import { isGone } from "../../evidence/erasure-evidence.js";
import { defineProperty, type PropertyContext } from "../../harness/property.js";
import { expectGuarantee } from "../../harness/violation.js";
import { type ClockedTenant, createClockedTenant } from "../../world/clocked-tenant.js";
import { signInNewUser } from "../../world/sso-users.js";

type TargetType = "contact" | "crm-object";

const allows = (context: PropertyContext, role: string, operation: keyof typeof operationPermissions) =>
  roleAllows(context.policy, role, operationPermissions[operation].permission);

/** Answers whether the call was refused `forbidden`; any other refusal is the target's failure. */
async function refusedForbidden(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return false;
  } catch (error) {
    if ((error as { status?: number }).status === 403) return true;
    throw error;
  }
}

async function seedTarget(context: PropertyContext, tenant: ClockedTenant, type: TargetType) {
  const email = `${context.faker.internet.username().replace(/[^a-z0-9]/gi, "")}.${crypto.randomUUID().slice(0, 8)}@self.conformance.example`;
  const contact = await tenant.owner.contacts.create({ name: context.faker.person.fullName(), email });
  if (type === "contact")
    return {
      type,
      id: contact.id,
      email,
      gone: (c: PrivacyClient) => isGone(() => c.contacts.get(contact.id)),
    };
  const note = await tenant.owner.crmObjects.create({
    type: "note",
    name: `Note ${email}`,
    contactIds: [contact.id],
  });
  return { type, id: note.id, email, gone: (c: PrivacyClient) => isGone(() => c.crmObjects.get(note.id)) };
}

/** Runs a call a role is allowed to make: a refusal is the guarantee broken, not an error of the run. */
async function accepted<T>(role: string, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 401 || status === 403) {
      expectGuarantee(false, `A ${role} is refused ${what}, which the policy allows the role`, {
        role,
        error: String(error),
      });
    }
    throw error;
  }
}

interface Plan {
  readonly roles: readonly string[];
  readonly targets: readonly TargetType[];
}

export const delSelfService = defineProperty<Plan>({
  guarantee: "DEL-SELF-SERVICE",
  name: "export-and-deletion-by-role",
  description:
    "Section 9's Settings > Data Management tools are API operations: a user of every role the policy allows to export " +
    "starts an export and downloads a document holding every category and the tenant's data by value, a user of every " +
    "role allowed to delete deletes a record and reads its completed receipt, all through the API alone; every other " +
    "role is refused and nothing changes.",
  scenarios: [
    "export by an allowed role",
    "export refused to a role not allowed",
    "deletion by an allowed role",
    "deletion refused to a role not allowed",
  ],
  edges: [],
  plan: (policy) => {
    const roles = Object.keys(policy.roles);
    return fc.record({
      roles: fc.shuffledSubarray(roles, { minLength: roles.length, maxLength: roles.length }),
      targets: fc.array(fc.constantFrom<TargetType>("contact", "crm-object"), {
        minLength: roles.length,
        maxLength: roles.length,
      }),
    });
  },
  async check(plan, context) {
    const tenant = await createClockedTenant(context);
    // A contact nobody deletes: every export must hold it, by value, whatever the deletions removed.
    const keptEmail = `kept.${crypto.randomUUID().slice(0, 8)}@self.conformance.example`;
    await tenant.owner.contacts.create({ name: context.faker.person.fullName(), email: keptEmail });
    const pending: (() => Promise<void>)[] = [];
    const clients: [string, PrivacyClient][] = [];
    for (const [index, role] of plan.roles.entries()) {
      const { client } = await signInNewUser(context, tenant, role);
      clients.push([role, client]);
      const target = await seedTarget(context, tenant, plan.targets[index] ?? "contact");
      if (allows(context, role, "createDeletion")) {
        context.scenario("deletion by an allowed role");
        const deletion = await accepted(role, "a deletion", () =>
          client.deletions.create({ targets: [{ type: target.type, id: target.id }] }),
        );
        pending.push(async () => {
          const reader = allows(context, role, "getDeletion") ? client : tenant.owner;
          expectGuarantee(
            (await reader.deletions.get(deletion.id)).status === "completed",
            `A deletion by ${role} is not completed`,
          );
          const receipt = await reader.erasureReceipts.get(deletion.receiptId);
          expectGuarantee(
            receipt.status === "completed",
            `The receipt of a deletion by ${role} is not completed`,
          );
          const listed = (await reader.erasureReceipts.list({ limit: 100 })).data.map((r) => r.id);
          expectGuarantee(listed.includes(deletion.receiptId), "The deletion's receipt is not listed");
          expectGuarantee(await target.gone(tenant.owner), `The record a ${role} deleted is still served`, {
            target,
          });
        });
      } else {
        context.scenario("deletion refused to a role not allowed");
        expectGuarantee(
          await refusedForbidden(() =>
            client.deletions.create({ targets: [{ type: target.type, id: target.id }] }),
          ),
          `A ${role} deleted data without the permission`,
        );
        expectGuarantee(!(await target.gone(tenant.owner)), "A refused deletion removed the record", {
          target,
        });
      }
    }
    // Deletions run as jobs on the tenant's clock: let them run, then read what they did. Exports come
    // after, since an erasure rightly removes every export document holding its subject.
    await tenant.advanceBy(60_000);
    for (const verify of pending.splice(0)) await verify();
    for (const [role, client] of clients) {
      if (allows(context, role, "createExport")) {
        context.scenario("export by an allowed role");
        const started = await accepted(role, "an export", () =>
          client.exports.create({ scope: { type: "tenant" } }),
        );
        pending.push(async () => {
          const reader = allows(context, role, "getExport") ? client : tenant.owner;
          const ready = await accepted(role, "reading its export", () => reader.exports.get(started.id));
          expectGuarantee(ready.status === "ready", `An export started by ${role} is not ready`, {
            role,
            status: ready.status,
          });
          const document = (await reader.exports.getDocument(started.id)) as {
            categories: Record<string, unknown[]>;
          };
          const missing = Object.keys(context.policy.categories).filter(
            (category) => !(category in document.categories),
          );
          expectGuarantee(missing.length === 0, "The export document lacks categories of the policy", {
            role,
            missing,
          });
          expectGuarantee(
            JSON.stringify(document.categories).includes(keptEmail),
            "The export lacks the tenant's data",
            {
              role,
              value: keptEmail,
            },
          );
        });
      } else {
        context.scenario("export refused to a role not allowed");
        expectGuarantee(
          await refusedForbidden(() => client.exports.create({ scope: { type: "tenant" } })),
          `A ${role} started an export without the permission`,
        );
      }
    }
    await tenant.advanceBy(60_000);
    for (const verify of pending) await verify();
  },
});
