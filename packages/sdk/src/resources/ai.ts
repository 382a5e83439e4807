import type { ListParams, PathParams, RequestBody, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** AI feature switches, runs, scores and the proposals that await human review. */
export class Ai extends Resource {
  /** Get the AI feature switches (`getAiSettings`). */
  getSettings(options?: RequestOptions): Promise<ResponseBody<"getAiSettings">> {
    return unwrap(this.api(options).GET("/ai/settings"));
  }

  /** Switch an AI feature on or off (`updateAiFeature`). */
  updateFeature(
    feature: PathParams<"updateAiFeature">["feature"],
    body: RequestBody<"updateAiFeature">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"updateAiFeature">> {
    return unwrap(this.api(options).PUT("/ai/settings/{feature}", { params: { path: { feature } }, body }));
  }

  /** Run an AI feature on a contact now (`runAiFeature`). */
  run(body: RequestBody<"runAiFeature">, options?: RequestOptions): Promise<ResponseBody<"runAiFeature">> {
    return unwrap(this.api(options).POST("/ai/runs", { body }));
  }

  /** List AI scores (`listAiScores`). Await for the first page, `for await` for every item. */
  listScores(
    params?: ListParams<"listAiScores">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listAiScores">> {
    return new Paginator((cursor) =>
      unwrap(this.api(options).GET("/ai/scores", { params: { query: { ...params, cursor } } })),
    );
  }

  /** List AI proposals (drafted messages, lead disqualifications); `listAiProposals`. Await for the first page, `for await` for every item. */
  listProposals(
    params?: ListParams<"listAiProposals">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listAiProposals">> {
    return new Paginator((cursor) =>
      unwrap(this.api(options).GET("/ai/proposals", { params: { query: { ...params, cursor } } })),
    );
  }

  /** Get an AI proposal (`getAiProposal`). */
  getProposal(proposalId: string, options?: RequestOptions): Promise<ResponseBody<"getAiProposal">> {
    return unwrap(this.api(options).GET("/ai/proposals/{proposalId}", { params: { path: { proposalId } } }));
  }

  /** Approve an AI proposal (human review); `approveAiProposal`. */
  approveProposal(
    proposalId: string,
    body?: RequestBody<"approveAiProposal">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"approveAiProposal">> {
    return unwrap(
      this.api(options).POST("/ai/proposals/{proposalId}/approve", {
        params: { path: { proposalId } },
        body,
      }),
    );
  }

  /** Reject an AI proposal (human review); `rejectAiProposal`. */
  rejectProposal(
    proposalId: string,
    body?: RequestBody<"rejectAiProposal">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"rejectAiProposal">> {
    return unwrap(
      this.api(options).POST("/ai/proposals/{proposalId}/reject", {
        params: { path: { proposalId } },
        body,
      }),
    );
  }
}
