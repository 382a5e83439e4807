import { describe, expect, it } from "vitest";
import { checkOnReference, expectPassedReachingAll } from "../../test-support/check-on-reference.js";
import { delSubprocessors } from "./del-subprocessors.js";

describe("DEL-SUBPROCESSORS", () => {
  it("passes on the reference over two seeds, reaching every scenario and edge", async () => {
    const outcomes = await checkOnReference(delSubprocessors, { seeds: [1, 2], numRuns: 3 });
    console.log(
      `DEL-SUBPROCESSORS on the reference: ${outcomes.map((o) => `${o.durationMs} ms`).join(", ")}`,
    );
    expectPassedReachingAll(delSubprocessors, outcomes);
  }, 300_000);

  it("fails on the fault messaging-copies-forgotten", async () => {
    const [outcome] = await checkOnReference(delSubprocessors, {
      seeds: [1],
      numRuns: 2,
      fault: "messaging-copies-forgotten",
    });
    console.log(
      `DEL-SUBPROCESSORS on messaging-copies-forgotten: ${outcome?.status} in ${outcome?.durationMs} ms: ${outcome?.counterexample?.message}`,
    );
    expect(outcome?.status, outcome?.error).toBe("failed");
  }, 300_000);

  it("fails on the fault email-contact-forgotten", async () => {
    const [outcome] = await checkOnReference(delSubprocessors, {
      seeds: [1],
      numRuns: 2,
      fault: "email-contact-forgotten",
    });
    console.log(
      `DEL-SUBPROCESSORS on email-contact-forgotten: ${outcome?.status} in ${outcome?.durationMs} ms: ${outcome?.counterexample?.message}`,
    );
    expect(outcome?.status, outcome?.error).toBe("failed");
  }, 300_000);

  it("fails on the fault photo-left-at-file-storage", async () => {
    const [outcome] = await checkOnReference(delSubprocessors, {
      seeds: [1],
      numRuns: 2,
      fault: "photo-left-at-file-storage",
    });
    console.log(
      `DEL-SUBPROCESSORS on photo-left-at-file-storage: ${outcome?.status} in ${outcome?.durationMs} ms: ${outcome?.counterexample?.message}`,
    );
    expect(outcome?.status, outcome?.error).toBe("failed");
  }, 300_000);

  it("fails on the fault payments-customer-kept", async () => {
    const [outcome] = await checkOnReference(delSubprocessors, {
      seeds: [1],
      numRuns: 2,
      fault: "payments-customer-kept",
    });
    console.log(
      `DEL-SUBPROCESSORS on payments-customer-kept: ${outcome?.status} in ${outcome?.durationMs} ms: ${outcome?.counterexample?.message}`,
    );
    expect(outcome?.status, outcome?.error).toBe("failed");
  }, 300_000);
});
