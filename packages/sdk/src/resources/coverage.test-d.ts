import type { operations, webhooks } from "@crmfactory/api";
import { describe, expectTypeOf, it } from "vitest";
import type { OperationMethods } from "../generated/operations.js";
import type { ClientResources, resourceTables, TabledOperationId } from "../generated/resources.js";

// The type half of coverage.test.ts: every operation of the contract has a method.

describe("coverage of the contract's operations", () => {
  it("every operation of the contract has a method in a resource table", () => {
    type Tables = typeof resourceTables;
    expectTypeOf<Exclude<keyof OperationMethods, TabledOperationId>>().toEqualTypeOf<never>();
    // Every operation of a path has its method signature; only the status callbacks (webhooks) have none.
    expectTypeOf<Exclude<keyof operations, keyof OperationMethods>>().toEqualTypeOf<
      | "rightsRequestUpdatedCallback"
      | "exportReadyCallback"
      | "erasureReceiptCompletedCallback"
      | "minorReportCompletedCallback"
      | "noticePublishedCallback"
      | "aiProposalCreatedCallback"
    >();
    expectTypeOf<keyof webhooks>().toEqualTypeOf<
      | "rightsRequest.updated"
      | "export.ready"
      | "erasureReceipt.completed"
      | "minorReport.completed"
      | "notice.published"
      | "aiProposal.created"
    >();
    expectTypeOf<keyof ClientResources>().toEqualTypeOf<keyof Tables>();
  });
});
