import type { OperationHandler } from "@crmfactory/reference";
import { problem } from "@crmfactory/reference";
import { defineFault, type Fault } from "./fault.js";
import { json, receiptOf, swallowOutbound, withGroup, wrapJob, wrapOperation } from "./fault-composition.js";

/** Broken variants aimed at the deletion guarantees (DEL-*): at least one per observation. */
export const deletionFaults: readonly Fault[] = [
  defineFault({
    name: "erasure-on-day-31",
    aims: ["DEL-REQUEST-30D"],
    description:
      "The erasure job is put off until a day after the receipt's deadline (a batch that runs after the due date), so an erasure completes on day 31.",
    apply: (options) =>
      withGroup(options, "erasure", (group) =>
        wrapJob(group, "erasure-run", (original) => async (args) => {
          if (args.job.payload.late) return original(args);
          const receipt = await receiptOf(args);
          if (!receipt || receipt.status === "completed") return original(args);
          await args.database.transaction((tx) =>
            args.schedule(tx, {
              kind: args.job.kind,
              tenantId: args.job.tenantId,
              dueAt: new Date(new Date(receipt.due_at).getTime() + 86_400_000),
              payload: { ...args.job.payload, late: true },
            }),
          );
        }),
      ),
  }),
  defineFault({
    name: "child-report-ignored",
    aims: ["DEL-CHILD"],
    description:
      "A report of a child's data is recorded but its erasure never runs: the job skips receipts of minor reports.",
    apply: (options) =>
      withGroup(options, "erasure", (group) =>
        wrapJob(group, "erasure-run", (original) => async (args) => {
          const receipt = await receiptOf(args);
          if (receipt?.source_type === "minor-report") return;
          return original(args);
        }),
      ),
  }),
  defineFault({
    name: "messaging-copies-forgotten",
    aims: ["DEL-SUBPROCESSORS", "DEL-REQUEST-30D"],
    description:
      "Erasure forgets the messaging provider: its message and recording deletions never leave the process and are taken as done, so the receipt still lists them.",
    apply: (options) =>
      swallowOutbound(
        options,
        (request, url) => request.method === "DELETE" && url.hostname === "api.twilio.com",
        () => new Response(null, { status: 204 }),
      ),
  }),
  defineFault({
    name: "email-contact-forgotten",
    aims: ["DEL-SUBPROCESSORS"],
    description:
      "Erasure forgets the email provider: the contact's copy in the audience is never deleted there.",
    apply: (options) =>
      swallowOutbound(
        options,
        (request, url) =>
          request.method === "DELETE" &&
          url.hostname === "api.resend.com" &&
          url.pathname.includes("/contacts/"),
        (url) => json({ object: "contact", contact: url.pathname.split("/").pop(), deleted: true }),
      ),
  }),
  defineFault({
    name: "photo-left-at-file-storage",
    aims: ["DEL-SUBPROCESSORS", "DEL-CHILD"],
    description:
      "Erasure forgets file storage: the user's profile photo is unlinked here but stays in the Blob store.",
    apply: (options) =>
      swallowOutbound(
        options,
        (request, url) =>
          request.method === "POST" && url.hostname === "vercel.com" && url.pathname.endsWith("/blob/delete"),
        () => json({}),
      ),
  }),
  defineFault({
    name: "payments-customer-kept",
    aims: ["DEL-SUBPROCESSORS"],
    description:
      "Erasure of a user with no billing hold never deletes the payments customer that carries their email, though the receipt says it did.",
    apply: (options) =>
      swallowOutbound(
        options,
        (request, url) =>
          request.method === "DELETE" &&
          url.hostname === "api.stripe.com" &&
          url.pathname.startsWith("/v1/customers/"),
        (url) => json({ id: url.pathname.split("/").pop(), object: "customer", deleted: true }),
      ),
  }),
  defineFault({
    name: "invoices-erased",
    aims: ["DEL-LEGAL-HOLD"],
    description:
      "Erasing a user also deletes the tenant's invoices here, ignoring the billing rule's legal hold.",
    apply: (options) =>
      withGroup(options, "erasure", (group) =>
        wrapJob(group, "erasure-run", (original) => async (args) => {
          await original(args);
          const receipt = await receiptOf(args);
          if (receipt?.status !== "completed" || receipt.subject?.type !== "user") return;
          await args.database.ownerTransaction((tx) =>
            tx.query("DELETE FROM catalog.invoices WHERE tenant_id = $1", [args.job.tenantId]),
          );
        }),
      ),
  }),
  defineFault({
    name: "receipt-omits-billing",
    aims: ["DEL-LEGAL-HOLD"],
    description:
      "Erasure receipts are served without their billing lines: what the legal hold keeps, and where, goes unsaid.",
    apply: (options) =>
      withGroup(options, "erasure", (group) => {
        const strip =
          (original: OperationHandler): OperationHandler =>
          async (context) => {
            const result = await original(context);
            const omit = (receipt: { retained?: { category: string }[] }) => ({
              ...receipt,
              retained: (receipt.retained ?? []).filter((line) => line.category !== "billing"),
            });
            const body = result.body as { data?: unknown[]; retained?: unknown[] } | undefined;
            if (!body || result.status !== 200) return result;
            if (Array.isArray(body.data))
              return { ...result, body: { ...body, data: body.data.map((r) => omit(r as never)) } };
            return { ...result, body: omit(body as never) };
          };
        let changed = wrapOperation(group, "getErasureReceipt", strip);
        changed = wrapOperation(changed, "listErasureReceipts", strip);
        return wrapOperation(changed, "getRightsRequestReceipt", strip);
      }),
  }),
  defineFault({
    name: "erased-contact-synced-back",
    aims: ["DEL-NO-RESURRECTION"],
    description:
      "Erasure forgets to keep the erased identifiers' hashes (the suppression list is cleared when the job ends), so a later sync imports the erased contact again.",
    apply: (options) =>
      withGroup(options, "erasure", (group) =>
        wrapJob(group, "erasure-run", (original) => async (args) => {
          await original(args);
          const receipt = await receiptOf(args);
          if (receipt?.status !== "completed") return;
          await args.database.ownerTransaction((tx) =>
            tx.query(`DELETE FROM ${receipt.schema}.suppressed_identifiers`),
          );
        }),
      ),
  }),
  defineFault({
    name: "erased-subject-left-in-exports",
    aims: ["DEL-NO-RESURRECTION"],
    description:
      "Erasure forgets stored export documents: an export written before the erasure still serves the erased contact.",
    apply: (options) =>
      withGroup(options, "exports", (group) => {
        const { eraseSubject: _forgotten, ...rest } = group;
        return rest;
      }),
  }),
  defineFault({
    name: "deletion-refused-for-admin",
    aims: ["DEL-SELF-SERVICE"],
    description:
      "Early deletion is refused to administrators, though the policy's admin role holds the permission.",
    apply: (options) =>
      withGroup(options, "erasure", (group) =>
        wrapOperation(group, "createDeletion", (original) => async (context) => {
          if (context.caller.kind === "tenant" && context.caller.user.role === "admin")
            throw problem("forbidden", "Only owners can delete data.");
          return original(context);
        }),
      ),
  }),
  defineFault({
    name: "export-refused-for-admin",
    aims: ["DEL-SELF-SERVICE"],
    description:
      "Exports are refused to administrators, though the policy's admin role holds the permission.",
    apply: (options) =>
      withGroup(options, "exports", (group) =>
        wrapOperation(group, "createExport", (original) => async (context) => {
          if (context.caller.kind === "tenant" && context.caller.user.role === "admin")
            throw problem("forbidden", "Only owners can export data.");
          return original(context);
        }),
      ),
  }),
  defineFault({
    name: "export-refused-after-closure",
    aims: ["DEL-ACCOUNT-CLOSE"],
    description:
      "A closed account's export is refused during its export window, as if closure ended the account at once.",
    apply: (options) =>
      withGroup(options, "exports", (group) =>
        wrapOperation(group, "createExport", (original) => async (context) => {
          if (context.tenant && context.tenant.status !== "active")
            throw problem("export-only", "The account is closed.");
          return original(context);
        }),
      ),
  }),
  defineFault({
    name: "closed-accounts-never-swept",
    aims: ["DEL-ACCOUNT-CLOSE"],
    description:
      "The retention sweep only visits active accounts: a closed account's sweep does nothing, so its Customer Data is never deleted.",
    apply: (options) =>
      withGroup(options, "retention", (group) =>
        wrapJob(group, "retention-sweep", (original) => async (args) => {
          const [tenant] = await args.database.ownerTransaction((tx) =>
            tx.query<{ status: string }>("SELECT status FROM catalog.tenants WHERE id = $1", [
              args.job.tenantId,
            ]),
          );
          if (tenant && tenant.status !== "active") return;
          return original(args);
        }),
      ),
  }),
];
