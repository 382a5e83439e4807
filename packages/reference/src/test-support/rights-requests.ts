import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { addDuration } from "@crmfactory/taxonomy";
import { beforeAll } from "vitest";
import type { Eraser, Exporter } from "../privacy/privacy-parts.js";
import { settleRightsRequestJob } from "../privacy/privacy-parts.js";
import { bootReference, type Driver, type TestReference } from "./boot.js";
import { manualClock } from "./manual-clock.js";

// The requirements digest kept in the repository (a byte copy of GUARANTEES.md): the deadlines the
// tests pin are the digest's numbers, and the reference reads the same numbers from the policy.
const digest = readFileSync(new URL("../../../taxonomy/requirements/GUARANTEES.md", import.meta.url), "utf8");
export const digestDays = (pattern: RegExp) => `P${pattern.exec(digest)?.[1]}D`;

/** Where the test bed's callback endpoint receives deliveries. */
export const hook = "https://hooks.acme.example/rights";

/** Test parts that record their calls and settle the request by the job, as the real parts will. */
export function testParts() {
  const exports: { rightsRequestId?: string; scope: unknown }[] = [];
  const erasures: { source: unknown; subject: unknown; dueAt: Date }[] = [];
  const exporter: Exporter = {
    async start(origin, input) {
      const exportId = randomUUID();
      exports.push({
        scope: input.scope,
        ...(input.rightsRequestId ? { rightsRequestId: input.rightsRequestId } : {}),
      });
      await origin.platform.jobs.schedule(origin.tx, {
        kind: settleRightsRequestJob,
        tenantId: origin.tenant.id,
        dueAt: origin.now,
        payload: {
          rightsRequestId: input.rightsRequestId,
          settlement: {
            type: "export",
            exportId,
            sha256: "ab".repeat(32),
            byteLength: 128,
            expiresAt: addDuration(origin.now, origin.platform.limits.exportLinkLifetime).toISOString(),
          },
        },
      });
      return { exportId };
    },
  };
  const eraser: Eraser = {
    async start(origin, input) {
      const receiptId = randomUUID();
      erasures.push({ source: input.source, subject: input.subject, dueAt: input.dueAt });
      await origin.platform.jobs.schedule(origin.tx, {
        kind: settleRightsRequestJob,
        tenantId: origin.tenant.id,
        dueAt: origin.now,
        payload: { rightsRequestId: input.source.id, settlement: { type: "erasure", receiptId } },
      });
      return { receiptId };
    },
  };
  return { exporter, eraser, exports, erasures };
}

/**
 * A reference for rights-request tests: the email fake (Resend) reading codes and notices as the
 * recipient would, recording test parts, callbacks captured at `hook`, and a manual wall clock.
 */
export function rightsTestBed(driver: Driver, seed: string) {
  const clock = manualClock("2026-04-02T10:00:00.000Z");
  const fakes = createSubprocessorFakes({ seed: `${seed}-${driver}`, clock: clock.now });
  const parts = testParts();
  const callbacks: { type: string; data: Record<string, unknown> }[] = [];
  const bed = {
    reference: undefined as unknown as TestReference,
    clock,
    fakes,
    parts,
    callbacks,
    /** The latest code emailed about the request. */
    codeFor(email: string, requestId: string) {
      const sent = fakes.resend
        .emailsTo(email, { kind: "verification-code" })
        .filter((e) => e.crmfactory.ref === requestId);
      return sent[sent.length - 1]?.crmfactory.code as string;
    },
    emailsAbout(email: string, kind: string, requestId: string) {
      return fakes.resend.emailsTo(email, { kind }).filter((e) => e.crmfactory.ref === requestId);
    },
    changesOf(requestId: string) {
      return callbacks
        .filter((c) => c.data.id === requestId)
        .map((c) => [c.data.previousStatus, c.data.status, c.data.change]);
    },
  };
  beforeAll(async () => {
    bed.reference = await bootReference(driver, {
      clock,
      fetch: async (request) => {
        if (request.url.startsWith(hook)) {
          callbacks.push(JSON.parse(await request.text()));
          return new Response(null, { status: 204 });
        }
        return fakes.fetch(request);
      },
      parts: {
        messaging: {
          resend: { apiKey: `re_test_${seed.replaceAll("-", "_")}`, from: "privacy@crmfactory.example" },
        },
        exporter: parts.exporter,
        eraser: parts.eraser,
      },
    });
  });
  return bed;
}
