import type { OperationGroup, ReferenceOptions } from "@crmfactory/reference";

export { withGroup, wrapOperation } from "./group-wrapping.js";

// How faults swap one part of the reference's public composition: a group's job or operation, or the
// outbound fetch. Never the policy it reports.
type GroupJob = NonNullable<OperationGroup["jobs"]>[string];
type JobArgs = Parameters<GroupJob>[0];

export function wrapJob(
  group: OperationGroup,
  kind: string,
  wrap: (original: GroupJob) => GroupJob,
): OperationGroup {
  const original = group.jobs?.[kind];
  if (!original) throw new Error(`group ${group.name} has no job ${kind}`);
  return { ...group, jobs: { ...group.jobs, [kind]: wrap(original) } };
}

/** The options with outbound requests `matches` answered `answer` locally: the vendor never hears of them. */
export function swallowOutbound(
  options: ReferenceOptions,
  matches: (request: Request, url: URL) => boolean,
  answer: (url: URL) => Response,
): ReferenceOptions {
  const fetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  return {
    ...options,
    fetch: (request) => {
      const url = new URL(request.url);
      return matches(request, url) ? Promise.resolve(answer(url)) : fetch(request);
    },
  };
}

/** The erasure job's receipt, read as the schema owner (the fault's own look, not the reference's code). */
export async function receiptOf(args: JobArgs) {
  const receiptId = String(args.job.payload.receiptId);
  return args.database.ownerTransaction(async (tx) => {
    const [tenant] = await tx.query<{ schema_name: string }>(
      "SELECT schema_name FROM catalog.tenants WHERE id = $1",
      [args.job.tenantId],
    );
    if (!tenant) return undefined;
    const schema = `"${tenant.schema_name.replaceAll('"', '""')}"`;
    const [row] = await tx.query<{
      due_at: Date;
      source_type: string;
      subject: { type: string } | null;
      status: string;
    }>(`SELECT due_at, source_type, subject, status FROM ${schema}.erasure_receipts WHERE id = $1`, [
      receiptId,
    ]);
    return row ? { ...row, schema } : undefined;
  });
}

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
