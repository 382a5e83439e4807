// @crmfactory/sdk/audit: what an auditor needs to check the audit trail without trusting the server:
// the hash chain recomputed entry by entry (RFC 8785 canonical JSON, SHA-256 with Web Crypto). An
// entry of its own, so that clients that never verify do not carry it; the types it shares with the
// client come from the package's main entry.
import type { Audit, RequestOptions } from "@crmfactory/sdk";
import { type AuditChainPoint, type AuditChainResult, verifyAuditChain } from "./audit-chain.js";

export {
  AUDIT_GENESIS_HASH,
  type AuditChainFailure,
  type AuditChainPoint,
  type AuditChainResult,
  type AuditEntry,
  computeAuditEntryHash,
  type VerifyAuditChainOptions,
  verifyAuditChain,
} from "./audit-chain.js";
export { canonicalJson } from "./canonical-json.js";

/** Options of {@link verifyAuditTrail}. */
export interface VerifyAuditTrailOptions extends RequestOptions {
  /** Verify only what was appended after this point, verified earlier. Default: the whole trail. */
  since?: AuditChainPoint;
  /** Entries per page while walking the trail. Default 100 (the maximum). */
  pageSize?: number;
}

/**
 * Fetches the audit trail's head, then walks every entry page by page (in constant memory) and
 * recomputes the hash chain, checking it reaches that head. Never trusts a server flag; resolves
 * with the verdict rather than throwing, so a broken chain is reported with the entry and the
 * reason. Pass a client's `audit` resource: `verifyAuditTrail(privacy.audit)`.
 */
export async function verifyAuditTrail(
  audit: Pick<Audit, "head" | "list">,
  options: VerifyAuditTrailOptions = {},
): Promise<AuditChainResult> {
  const { since, pageSize = 100, ...requestOptions } = options;
  const head = await audit.head(requestOptions);
  const entries = audit.list(
    since ? { afterSequence: since.sequence, limit: pageSize } : { limit: pageSize },
    requestOptions,
  );
  return verifyAuditChain(entries, { head, ...(since && { start: since }) });
}
