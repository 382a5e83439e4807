import { describe, expect, it } from "vitest";
import { createValidator } from "./validate.js";

const validator = createValidator();
const contactId = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

describe("createValidator", () => {
  it("compiles every component schema", () => {
    expect(validator.schemaNames.length).toBeGreaterThan(100);
    for (const name of validator.schemaNames) expect(() => validator.validate(name, null)).not.toThrow();
  });

  it("accepts a valid rights request create body", () => {
    expect(
      validator.validate("RightsRequestCreate", { kind: "access", description: "A copy, please." }),
    ).toEqual({
      ok: true,
      errors: [],
    });
    const rectification = { kind: "rectification", changes: [{ field: "customFields.tier", value: "gold" }] };
    expect(validator.validate("RightsRequestCreate", rectification).ok).toBe(true);
    expect(validator.validateRequestBody("createRightsRequest", { kind: "opt-out-of-sale" }).ok).toBe(true);
  });

  it("rejects a bad one, naming the path of each violation", () => {
    const result = validator.validate("RightsRequestCreate", { kind: "forget-me", extra: true });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { path: "/kind", message: expect.stringContaining("must be one of") },
        { path: "/extra", message: "is not allowed" },
      ]),
    );
  });

  it("enforces kind-specific requirements and nested closed objects", () => {
    expect(validator.validate("RightsRequestCreate", { kind: "rectification" }).errors).toEqual([
      { path: "/changes", message: "is required" },
    ]);
    const badChange = { kind: "rectification", changes: [{ field: "password", value: "x", also: 1 }] };
    const paths = validator.validate("RightsRequestCreate", badChange).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["/changes/0/field", "/changes/0/also"]));
  });

  it("prefixes paths for problem documents", () => {
    expect(validator.validateRequestBody("createContactRightsRequest", { kind: "erasure" })).toEqual({
      ok: false,
      errors: [{ path: "/body/identityVerifiedByTenant", message: "is required" }],
    });
    expect(validator.validate("ContactCreate", { name: "" }, { pathPrefix: "/body" }).errors[0]?.path).toBe(
      "/body/name",
    );
  });

  it("checks formats", () => {
    const message = { contactId: "not-a-uuid", channel: "email", body: "Hello" };
    expect(validator.validateRequestBody("sendMessage", message).errors).toEqual(
      expect.arrayContaining([
        { path: "/body/contactId", message: 'must match format "uuid"' },
        { path: "/body/subject", message: "is required" },
      ]),
    );
    expect(
      validator.validate("TenantOwnerCreate", { name: "A", email: "a@b.example", birthDate: "2010-02-30" })
        .ok,
    ).toBe(false);
  });

  it("validates responses too (nullable members, unions)", () => {
    const request = {
      id: "3f2e1d0c-9b8a-4776-8564-738291a0b1c2",
      tenantId: "0b6f3c1e-2d4a-4f8e-9c7b-1a2b3c4d5e6f",
      kind: "erasure",
      regime: "gdpr",
      role: "processor",
      subject: { type: "contact", contactId },
      filedBy: { type: "user", id: "5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6" },
      status: "completed",
      details: { description: null, changes: [], processing: [], channels: [] },
      verification: {
        method: "tenant-vouched",
        sentTo: null,
        codeSentAt: null,
        codeExpiresAt: null,
        windowEndsAt: null,
      },
      receivedAt: "2026-04-02T10:00:00.000Z",
      verifiedAt: null,
      dueAt: "2026-05-02T10:00:00.000Z",
      extendedDueAt: null,
      extension: null,
      denial: null,
      result: { type: "erasure", receiptId: "6c5b4a39-2817-4f60-a5b4-c3d2e1f0a9b8" },
      completedAt: "2026-04-03T00:00:00.000Z",
      updatedAt: "2026-04-03T00:00:00.000Z",
    };
    expect(validator.validate("RightsRequest", request)).toEqual({ ok: true, errors: [] });
    expect(validator.validate("RightsRequest", { ...request, result: { type: "erasure" } }).ok).toBe(false);
  });

  it("throws on unknown schemas and operations", () => {
    // @ts-expect-error not a schema of the contract
    expect(() => validator.validate("Nope", {})).toThrow(/unknown schema/);
    expect(() => validator.validateRequestBody("getTenant", {})).toThrow(/no JSON request body/);
    expect(() => validator.validateRequestBody("nope", {})).toThrow(/unknown operation/);
  });
});
