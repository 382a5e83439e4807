import { type AuditChainPoint, type AuditChainResult, verifyAuditChain } from "../audit-chain.js";
import type { ListParams, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** Options of {@link Audit.verifyChain}. */
export interface VerifyChainOptions extends RequestOptions {
  /** Verify only what was appended after this point, verified earlier. Default: the whole trail. */
  since?: AuditChainPoint;
  /** Entries per page while walking the trail. Default 100 (the maximum). */
  pageSize?: number;
}

/** The tenant's administrator audit trail: append-only and hash-chained. */
export class Audit extends Resource {
  /** List audit trail entries, oldest first (`listAuditEntries`). Await for the first page, `for await` for every item. */
  list(
    params?: ListParams<"listAuditEntries">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listAuditEntries">> {
    return new Paginator((cursor) =>
      unwrap(
        this.api(options).GET("/audit-trail/entries", {
          params: { query: { ...params, cursor } },
        }),
      ),
    );
  }

  /** Get the audit trail's head, its last sequence and hash (`getAuditHead`). */
  head(options?: RequestOptions): Promise<ResponseBody<"getAuditHead">> {
    return unwrap(this.api(options).GET("/audit-trail/head"));
  }

  /**
   * Recomputes the hash chain from the entries themselves (RFC 8785 canonical JSON, SHA-256 with
   * Web Crypto, the genesis of 64 zeros) and checks it reaches the head fetched first. Never trusts a
   * server flag. Walks the trail page by page in constant memory; resolves with the verdict rather
   * than throwing, so a broken chain is reported with the entry and the reason.
   */
  async verifyChain(options: VerifyChainOptions = {}): Promise<AuditChainResult> {
    const { since, pageSize = 100, ...requestOptions } = options;
    const head = await this.head(requestOptions);
    const entries = this.list(
      since ? { afterSequence: since.sequence, limit: pageSize } : { limit: pageSize },
      requestOptions,
    );
    return verifyAuditChain(entries, { head, ...(since && { start: since }) });
  }
}
