import type { PropertyContext } from "../harness/property.js";
import type { ClockedTenant } from "./clocked-tenant.js";

/** Closes the tenant's account (the owner confirms the company name): the export window starts now. */
export async function closeAccount(tenant: ClockedTenant, companyName: string): Promise<Date> {
  await tenant.owner.tenant.close({ confirmCompanyName: companyName });
  return tenant.now();
}

/**
 * Files the owner's erasure request without a session (the privacy address a user of a closed account
 * has), verifies it with the one-time code read at the email fake as the owner would, and answers the
 * request's id. The erasure itself runs as the clock moves on.
 */
export async function fileSessionlessErasure(
  context: PropertyContext,
  tenant: ClockedTenant,
): Promise<string> {
  const filed = await context.target.client(null).rightsRequests.createPublic({
    tenantId: tenant.tenantId,
    email: tenant.ownerEmail,
    request: { kind: "erasure" },
    testClockId: tenant.clockId,
  });
  const codes = context.fakes.resend
    .emailsTo(tenant.ownerEmail, { kind: "verification-code" })
    .filter((email) => email.crmfactory.ref === filed.request.id);
  const code = codes[codes.length - 1]?.crmfactory.code;
  if (!code) throw new Error(`no one-time code reached ${tenant.ownerEmail} for request ${filed.request.id}`);
  await context.target.client(filed.requestToken).rightsRequests.verify(filed.request.id, { code });
  return filed.request.id;
}
