import * as fc from "fast-check";
import { defineProperty } from "../../harness/property.js";
import { expectGuarantee } from "../../harness/violation.js";
import { exportedRecords, exportTenantNow } from "../../world/account-closure.js";
import { ownerUser, type SeededRole, type SeededUser, seedUser } from "../../world/account-users.js";
import {
  type LifecycleReal,
  type LifecycleSubject,
  lifecyclePlan,
  lifecycleScenarios,
  runLifecycle,
  type SeedAction,
} from "./closure-lifecycle.js";
import {
  expectFields,
  expectInventoryExactly,
  expectInventoryHoldsNone,
  expectNotServed,
  expectProbeFindsNone,
  readKept,
} from "./lifecycle-evidence.js";

const ID = "RET-ACCOUNT";

export interface AccountSeeded {
  /** The owner first (read once from the API), then every user the model added. */
  users: SeededUser[];
  companyName: string | null;
}

const userFields = (u: SeededUser) => ({
  id: u.id,
  name: u.name,
  email: u.email,
  role: u.role,
  birthDate: u.birthDate,
  jobTitle: u.jobTitle,
});

const roleScenario: Record<SeededRole, string> = {
  viewer: "viewer added",
  member: "member added",
  admin: "admin added",
};

/** The owner and the company as signed up: account information the model did not choose itself. */
async function recordAccount({ tenant }: LifecycleReal, seeded: AccountSeeded) {
  if (seeded.companyName !== null) return;
  seeded.companyName = (await tenant.owner.tenant.get()).companyName;
  seeded.users.unshift(await ownerUser(tenant.owner));
}

function addUsers(roles: readonly SeededRole[]): SeedAction<AccountSeeded> {
  return {
    label: `users(${roles.join(",") || "none"})`,
    async run(real, seeded) {
      await recordAccount(real, seeded);
      for (const role of roles) {
        seeded.users.push(await seedUser(real.tenant.owner, real.context.faker, role, real.tenant.now()));
        real.context.scenario(roleScenario[role]);
      }
    },
  };
}

export const accountSubject: LifecycleSubject<AccountSeeded> = {
  guarantee: ID,
  windows: [{ rule: "account", edgePrefix: "" }],
  empty: () => ({ users: [], companyName: null }),
  seedActions: () =>
    fc.array(fc.constantFrom<SeededRole>("viewer", "member", "admin"), { maxLength: 2 }).map(addUsers),

  async checkKept(real, { seeded }) {
    const { tenant } = real;
    await recordAccount(real, seeded);
    for (const user of seeded.users)
      expectFields(
        ID,
        `user ${user.id}`,
        await readKept(() => tenant.owner.users.get(user.id)),
        userFields(user),
      );
    expectFields(ID, "the account", await tenant.owner.tenant.get(), { companyName: seeded.companyName });
  },

  async checkAvailable({ context, tenant }, { seeded }) {
    // Sign-in and export work for the whole window: the account information is there, by value.
    expectFields(ID, "the account", await tenant.owner.tenant.get(), { companyName: seeded.companyName });
    const document = await exportTenantNow(context, tenant);
    const exported = new Map(exportedRecords(document, "account").map((r) => [r.id as string, r]));
    for (const user of seeded.users)
      expectFields(ID, `exported user ${user.id}`, exported.get(user.id)?.data as never, userFields(user));
    await expectInventoryExactly(ID, context, tenant, [
      { recordType: "user", location: "platform", ids: seeded.users.map((u) => u.id) },
    ]);
  },

  async checkGone({ context, tenant }, { seeded }) {
    await expectInventoryHoldsNone(ID, context, tenant, [
      { recordType: "user" },
      { recordType: "profile-photo" },
    ]);
    await expectNotServed(ID, "the owner's session", () => tenant.owner.tenant.get());
    for (const user of seeded.users)
      await expectNotServed(ID, `user ${user.id}`, () => tenant.owner.users.get(user.id));
    expectGuarantee(seeded.users.length > 1, `${ID}: the run seeded no user besides the owner`);
    await expectProbeFindsNone(
      ID,
      context,
      // The owner's name comes from the sign-up's faker stream, which other runs share: only its
      // email carries the run's own suffix.
      [
        ...seeded.users.flatMap((u, i) => (i === 0 ? [u.email] : [u.name, u.email, u.jobTitle ?? ""])),
        seeded.companyName ?? "",
      ],
      { what: "users' names, business emails, job titles and the company name" },
    );
  },
};

/** Every run adds users of every role but the owner's. */
const everyRole = addUsers(["viewer", "member", "admin"]);

export const retAccountProperty = defineProperty({
  guarantee: ID,
  name: "kept-while-open-purged-by-closure-plus-90-days",
  description:
    "Account information (the users' profiles, business emails, roles and the company) is kept whole while the account exists, including after a resumption inside the export window, stays readable and exportable by value to the window's last millisecond (administrators still sign in and export), and is gone here and through the API by the account deletion period after closure or the subscription's end plus the sweep tolerance (table and section 11).",
  scenarios: [...lifecycleScenarios, ...Object.values(roleScenario)],
  edges: ["available-until-minus-1ms", "late-at"],
  plan: () => lifecyclePlan(accountSubject),
  check: (plan, context) => runLifecycle(accountSubject, plan, context, everyRole),
});
