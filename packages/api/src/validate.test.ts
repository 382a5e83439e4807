import { crmFactoryPolicy, definePolicy, type PolicyInput } from "@crmfactory/taxonomy";
import { describe, expect, it } from "vitest";
import { openapiDocument } from "./index.js";
import { createValidator, type SchemaName } from "./validate.js";

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

  it("rejects a bad one, naming the path of the violation", () => {
    // An unknown kind selects no branch: that is the one issue (the rest is checked once the kind is valid).
    expect(validator.validate("RightsRequestCreate", { kind: "forget-me", extra: true }).errors).toEqual([
      { path: "/kind", message: expect.stringContaining("must be one of") },
    ]);
    expect(validator.validate("RightsRequestCreate", { kind: "access", extra: true }).errors).toEqual([
      { path: "/extra", message: "is not allowed" },
    ]);
    expect(validator.validate("RightsRequestCreate", { description: "x" }).errors).toEqual([
      { path: "/kind", message: "is required" },
    ]);
  });

  it("enforces kind-specific requirements and nested closed objects", () => {
    // The discriminator selects the branch: only its issues are reported.
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
      cancelledAt: null,
      channel: "tenant",
      testClockId: null,
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

// The request bodies whose kind-specific requirements used to be written as `anyOf: [{ not: ... },
// { required: [...] }]` (which openapi-typescript types as `unknown`) are now a `oneOf` of closed
// branches, discriminated by a `const`/`enum` tag. For each: one valid body per branch; what the
// conditional schema rejected, still rejected; and what the closed branches reject on top of it (a
// field of another branch, which the open schema used to accept and ignore).
type Expected = [body: Record<string, unknown>, path: string, message: string | RegExp];
interface DiscriminatedBody {
  schema: SchemaName;
  /** Validated through this operation's request body too (issues prefixed with `/body`). */
  operationId?: string;
  /** One body per branch, by branch schema name. */
  branches: Partial<Record<SchemaName, Record<string, unknown>>>;
  /** More bodies that must pass (e.g. every other value of the tag). */
  alsoValid?: Record<string, unknown>[];
  rejectedBefore: Expected[];
  rejectedNow: Expected[];
}

const callId = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
const rectificationChanges = [
  { field: "name", value: "Ada King" },
  { field: "customFields.tier", value: null },
];
const plainKinds = ["access", "erasure", "portability", "know", "delete", "opt-out-of-sale"];
const rightsCases = (vouch: Record<string, unknown>) => {
  const b = (body: Record<string, unknown>) => ({ ...body, ...vouch });
  const rejectedBefore: Expected[] = [
    [b({ kind: "rectification" }), "/changes", "is required"],
    [b({ kind: "rectification", description: "x" }), "/changes", "is required"],
    [b({ kind: "rectification", changes: [] }), "/changes", /fewer than 1 items/],
    [
      b({ kind: "rectification", changes: [{ field: "password", value: "x" }] }),
      "/changes/0/field",
      /pattern/,
    ],
    [b({ kind: "rectification", changes: [{ field: "name" }] }), "/changes/0/value", "is required"],
    [b({}), "/kind", "is required"],
    [b({ kind: "forget-me" }), "/kind", /must be one of/],
    [b({ kind: "restriction", processing: ["everything"] }), "/processing/0", /must be one of/],
    [b({ kind: "objection", processing: [] }), "/processing", /fewer than 1 items/],
    [b({ kind: "withdraw-consent", channels: ["sms", "sms"] }), "/channels", /duplicate items/],
    [b({ kind: "withdraw-consent", channels: ["whatsapp"] }), "/channels/0", /must be one of/],
    [b({ kind: "access", description: "x".repeat(5001) }), "/description", /more than 5000 characters/],
    [b({ kind: "access", extra: true }), "/extra", "is not allowed"],
  ];
  const rejectedNow: Expected[] = [
    [b({ kind: "access", changes: rectificationChanges }), "/changes", "is not allowed"],
    [b({ kind: "erasure", processing: ["marketing"] }), "/processing", "is not allowed"],
    [b({ kind: "restriction", channels: ["sms"] }), "/channels", "is not allowed"],
    [b({ kind: "withdraw-consent", processing: ["marketing"] }), "/processing", "is not allowed"],
    [
      b({ kind: "rectification", changes: rectificationChanges, channels: ["sms"] }),
      "/channels",
      "is not allowed",
    ],
  ];
  const alsoValid = [
    ...plainKinds.map((kind) => b({ kind })),
    b({ kind: "restriction" }),
    b({ kind: "objection", description: "No more scoring." }),
    b({ kind: "withdraw-consent" }),
  ];
  return { rejectedBefore, rejectedNow, alsoValid };
};
const vouched = { identityVerifiedByTenant: true };
const contactRights = rightsCases(vouched);

const discriminatedBodies: DiscriminatedBody[] = [
  {
    schema: "RightsRequestCreate",
    operationId: "createRightsRequest",
    branches: {
      RectificationRequestCreate: {
        kind: "rectification",
        description: "My name changed.",
        changes: rectificationChanges,
      },
      RestrictionOrObjectionRequestCreate: { kind: "objection", processing: ["ai-scoring", "marketing"] },
      ConsentWithdrawalRequestCreate: { kind: "withdraw-consent", channels: ["email"] },
      PlainRightsRequestCreate: { kind: "erasure", description: "Forget me." },
    },
    ...rightsCases({}),
  },
  {
    schema: "ContactRightsRequestCreate",
    operationId: "createContactRightsRequest",
    branches: {
      ContactRectificationRequestCreate: { kind: "rectification", ...vouched, changes: rectificationChanges },
      ContactRestrictionOrObjectionRequestCreate: {
        kind: "restriction",
        ...vouched,
        processing: ["marketing"],
      },
      ContactConsentWithdrawalRequestCreate: { kind: "withdraw-consent", ...vouched, channels: ["sms"] },
      PlainContactRightsRequestCreate: { kind: "know", ...vouched, description: "By phone." },
    },
    alsoValid: contactRights.alsoValid,
    rejectedBefore: [
      ...contactRights.rejectedBefore,
      [{ kind: "erasure" }, "/identityVerifiedByTenant", "is required"],
      [{ kind: "rectification", changes: rectificationChanges }, "/identityVerifiedByTenant", "is required"],
      [{ kind: "erasure", identityVerifiedByTenant: false }, "/identityVerifiedByTenant", "must be true"],
    ],
    rejectedNow: contactRights.rejectedNow,
  },
  {
    schema: "MessageCreate",
    operationId: "sendMessage",
    branches: {
      EmailMessageCreate: { contactId, channel: "email", subject: "Your quote", body: "Hello Grace." },
      TextMessageCreate: { contactId, channel: "whatsapp", body: "Hello Grace." },
    },
    alsoValid: [{ contactId, channel: "sms", body: "Hi" }],
    rejectedBefore: [
      [{ contactId, channel: "email", body: "Hello" }, "/subject", "is required"],
      [{ contactId, channel: "email", subject: "", body: "Hello" }, "/subject", /fewer than 1 characters/],
      [{ contactId, channel: "fax", body: "Hello" }, "/channel", /must be/],
      [{ contactId, body: "Hello" }, "/channel", "is required"],
      [{ contactId, channel: "sms" }, "/body", "is required"],
      [{ contactId, channel: "sms", body: "" }, "/body", /fewer than 1 characters/],
      [{ contactId: "nope", channel: "sms", body: "Hi" }, "/contactId", 'must match format "uuid"'],
      [{ channel: "sms", body: "Hi" }, "/contactId", "is required"],
      [{ contactId, channel: "sms", body: "Hi", extra: 1 }, "/extra", "is not allowed"],
    ],
    rejectedNow: [
      [{ contactId, channel: "sms", subject: "Hi", body: "Hi" }, "/subject", "is not allowed"],
      [{ contactId, channel: "whatsapp", subject: "Hi", body: "Hi" }, "/subject", "is not allowed"],
    ],
  },
  {
    schema: "MarketingMessageCreate",
    operationId: "createMarketingMessage",
    branches: {
      EmailMarketingMessageCreate: {
        channel: "email",
        contactIds: [contactId],
        subject: "Spring offers",
        body: "20% off.",
        scheduledFor: "2027-03-01T09:00:00.000Z",
      },
      SmsMarketingMessageCreate: { channel: "sms", contactIds: [contactId, callId], body: "20% off." },
    },
    rejectedBefore: [
      [{ channel: "email", contactIds: [contactId], body: "Hi" }, "/subject", "is required"],
      [{ channel: "whatsapp", contactIds: [contactId], body: "Hi" }, "/channel", /must be/],
      [{ channel: "sms", contactIds: [], body: "Hi" }, "/contactIds", /fewer than 1 items/],
      [{ channel: "sms", contactIds: [contactId, contactId], body: "Hi" }, "/contactIds", /duplicate items/],
      [
        { channel: "sms", contactIds: [contactId], body: "Hi", scheduledFor: "tomorrow" },
        "/scheduledFor",
        /format/,
      ],
      [{ channel: "sms", body: "Hi" }, "/contactIds", "is required"],
      [{ channel: "sms", contactIds: [contactId], body: "Hi", extra: 1 }, "/extra", "is not allowed"],
    ],
    rejectedNow: [
      [{ channel: "sms", contactIds: [contactId], subject: "Hi", body: "Hi" }, "/subject", "is not allowed"],
    ],
  },
  {
    schema: "IntegrationCredentials",
    branches: {
      AccessTokenCredentials: { baseUrl: "https://acme.my.salesforce.com", accessToken: "00D!AQ4AQ" },
      ClientCredentials: {
        baseUrl: "https://123456.suitetalk.api.netsuite.com",
        clientId: "client",
        clientSecret: "secret",
        accountId: "123456",
      },
      PasswordCredentials: { baseUrl: "https://erp.acme.example", username: "sync", password: "hunter2" },
    },
    rejectedBefore: [
      [{ baseUrl: "https://a.example" }, "/accessToken", "is required"],
      [{ baseUrl: "https://a.example", clientId: "c" }, "/clientSecret", "is required"],
      [{ baseUrl: "https://a.example", username: "u" }, "/password", "is required"],
      [{ accessToken: "t" }, "/baseUrl", "is required"],
      [{ baseUrl: "not a url", accessToken: "t" }, "/baseUrl", 'must match format "uri"'],
      [{ baseUrl: "https://a.example", accessToken: "t".repeat(4097) }, "/accessToken", /more than 4096/],
      [
        { baseUrl: "https://a.example", accessToken: "t", accountId: "a".repeat(129) },
        "/accountId",
        /more than 128/,
      ],
      [{ baseUrl: "https://a.example", accessToken: "t", extra: 1 }, "/extra", "is not allowed"],
    ],
    rejectedNow: [
      [
        { baseUrl: "https://a.example", accessToken: "t", clientId: "c", clientSecret: "s" },
        "/accessToken",
        "is not allowed",
      ],
      [{ baseUrl: "https://a.example", accessToken: "t", username: "u" }, "/username", "is not allowed"],
      [
        { baseUrl: "https://a.example", clientId: "c", clientSecret: "s", password: "p" },
        "/password",
        "is not allowed",
      ],
    ],
  },
  {
    schema: "AiRunCreate",
    operationId: "runAiFeature",
    branches: {
      AiScoringRunCreate: { feature: "predictive-analytics", contactId },
      AiResponseSuggestionsRunCreate: { feature: "response-suggestions", contactId, channel: "whatsapp" },
      AiWorkflowAutomationRunCreate: {
        feature: "workflow-automation",
        contactId,
        workflow: "disqualify-lead",
      },
      AiVoiceAgentRunCreate: { feature: "voice-agent", contactId, callId },
    },
    alsoValid: [
      { feature: "lead-scoring", contactId },
      { feature: "sentiment-analysis", contactId },
    ],
    rejectedBefore: [
      [{ feature: "response-suggestions", contactId }, "/channel", "is required"],
      [{ feature: "workflow-automation", contactId }, "/workflow", "is required"],
      [{ feature: "voice-agent", contactId }, "/callId", "is required"],
      [{ feature: "mind-reading", contactId }, "/feature", /must be one of/],
      [{ contactId }, "/feature", "is required"],
      [{ feature: "lead-scoring" }, "/contactId", "is required"],
      [{ feature: "workflow-automation", contactId, workflow: "promote" }, "/workflow", /must be one of/],
      [{ feature: "voice-agent", contactId, callId: "x" }, "/callId", 'must match format "uuid"'],
      [{ feature: "response-suggestions", contactId, channel: "fax" }, "/channel", /must be one of/],
      [{ feature: "lead-scoring", contactId, extra: 1 }, "/extra", "is not allowed"],
    ],
    rejectedNow: [
      [{ feature: "lead-scoring", contactId, channel: "sms" }, "/channel", "is not allowed"],
      [
        { feature: "voice-agent", contactId, callId, workflow: "disqualify-lead" },
        "/workflow",
        "is not allowed",
      ],
      [{ feature: "response-suggestions", contactId, channel: "sms", callId }, "/callId", "is not allowed"],
    ],
  },
];

const issue = (path: string, message: string | RegExp) => ({
  path,
  message: typeof message === "string" ? message : expect.stringMatching(message),
});

describe.each(discriminatedBodies)("$schema, a discriminated union of closed branches", (c) => {
  const branchNames = Object.keys(c.branches) as SchemaName[];

  it("accepts a body of each branch, which matches that branch only", () => {
    expect(branchNames.length).toBeGreaterThan(1);
    for (const [branch, body] of Object.entries(c.branches)) {
      expect(validator.validate(c.schema, body), branch).toEqual({ ok: true, errors: [] });
      for (const other of branchNames) {
        expect(validator.validate(other, body).ok, `${branch} body against ${other}`).toBe(other === branch);
      }
      if (c.operationId) expect(validator.validateRequestBody(c.operationId, body).ok, branch).toBe(true);
    }
    for (const body of c.alsoValid ?? []) {
      expect(validator.validate(c.schema, body), JSON.stringify(body)).toEqual({ ok: true, errors: [] });
    }
  });

  it("still rejects what the conditional schema rejected, naming the offending member", () => {
    for (const body of [null, "text", 3, true, [], [c.branches[branchNames[0] as SchemaName]]]) {
      const result = validator.validate(c.schema, body);
      expect(result.ok, JSON.stringify(body)).toBe(false);
      expect(result.errors, JSON.stringify(body)).toContainEqual({ path: "/", message: "must be object" });
    }
    for (const [body, path, message] of c.rejectedBefore) {
      const result = validator.validate(c.schema, body);
      expect(result.ok, JSON.stringify(body)).toBe(false);
      expect(result.errors, JSON.stringify(body)).toContainEqual(issue(path, message));
      if (c.operationId) {
        expect(validator.validateRequestBody(c.operationId, body).errors).toContainEqual(
          issue(`/body${path}`, message),
        );
      }
    }
  });

  it("rejects the fields of another branch", () => {
    for (const [body, path, message] of c.rejectedNow) {
      const result = validator.validate(c.schema, body);
      expect(result.ok, JSON.stringify(body)).toBe(false);
      expect(result.errors, JSON.stringify(body)).toContainEqual(issue(path, message));
    }
  });
});

describe("integration credentials inside connectIntegration", () => {
  it("validates the credentials member of the body", () => {
    const credentials = { baseUrl: "https://acme.my.salesforce.com", accessToken: "00D!AQ4AQ" };
    expect(
      validator.validateRequestBody("connectIntegration", { provider: "salesforce", credentials }),
    ).toEqual({
      ok: true,
      errors: [],
    });
    const missing = validator.validateRequestBody("connectIntegration", {
      provider: "sap",
      credentials: { baseUrl: "https://erp.acme.example", clientId: "c" },
    });
    expect(missing.ok).toBe(false);
    expect(missing.errors).toContainEqual({ path: "/body/credentials/clientSecret", message: "is required" });
  });
});

describe("component examples", () => {
  it("every example of a component schema validates against it", () => {
    let examples = 0;
    for (const name of validator.schemaNames) {
      const schema = openapiDocument.components.schemas[name] as { examples?: unknown[] };
      for (const example of schema.examples ?? []) {
        examples++;
        expect(validator.validate(name, example), `${name}: ${JSON.stringify(example)}`).toEqual({
          ok: true,
          errors: [],
        });
      }
    }
    expect(examples).toBeGreaterThan(40);
  });
});

// Another company's policy: a role and a kind of right CRM Factory does not have, one kind fewer.
function otherPolicy() {
  const input = structuredClone(crmFactoryPolicy) as PolicyInput;
  input.id = "other-company";
  const kinds = input.rights.kinds as Record<string, unknown>;
  kinds.appeal = { name: "Appeal", regime: "gdpr", description: "Appeal a decision.", sections: ["9"] };
  delete kinds["opt-out-of-sale"];
  const roles = input.roles as Record<string, { level: number; description: string; permissions: string[] }>;
  roles.auditor = {
    level: 9,
    description: "Reads the audit trail.",
    permissions: ["tenant:read", "audit:read", "meta:read"].filter((p) => p in input.permissions),
  };
  return definePolicy(input);
}

describe("createValidator with the enforced policy's vocabularies", () => {
  const other = createValidator({ policy: otherPolicy() });

  it("accepts the other policy's kinds and roles, and refuses the ones it does not have", () => {
    expect(other.validate("RightsRequestCreate", { kind: "appeal" })).toEqual({ ok: true, errors: [] });
    expect(validator.validate("RightsRequestCreate", { kind: "appeal" }).errors).toEqual([
      { path: "/kind", message: expect.stringContaining('"opt-out-of-sale"') },
    ]);
    expect(other.validate("RightsRequestCreate", { kind: "opt-out-of-sale" }).errors).toEqual([
      { path: "/kind", message: expect.stringContaining('"appeal"') },
    ]);
    expect(other.validate("Role", "auditor").ok).toBe(true);
    expect(validator.validate("Role", "auditor").ok).toBe(false);
  });

  it("keeps the kinds with fields of their own to their own shape under any policy", () => {
    expect(other.validate("RightsRequestCreate", { kind: "rectification" }).errors).toEqual([
      { path: "/changes", message: "is required" },
    ]);
  });

  it("requires every category of the policy, and only those, in an export", () => {
    const categories = Object.fromEntries(Object.keys(crmFactoryPolicy.categories).map((c) => [c, []]));
    expect(validator.validate("ExportCategories", categories).ok).toBe(true);
    const { billing: _billing, ...missing } = categories;
    expect(validator.validate("ExportCategories", missing).errors).toEqual([
      { path: "/billing", message: "is required" },
    ]);
    expect(validator.validate("ExportCategories", { ...categories, marketing: [] }).ok).toBe(false);
  });
});

describe("createValidator with a policy that lacks kinds with fields of their own", () => {
  const input = structuredClone(crmFactoryPolicy) as PolicyInput;
  const kinds = input.rights.kinds as Record<string, unknown>;
  delete kinds.rectification;
  delete kinds.restriction;
  const guarantees = input.guarantees as Record<string, unknown>;
  delete guarantees["RIGHTS-RECTIFY"];
  delete guarantees["RIGHTS-RESTRICT-OBJECT"];
  const lean = createValidator({ policy: definePolicy(input) });

  it("refuses those kinds in every body, as it refuses them alone", () => {
    const rectification = { kind: "rectification", changes: [{ field: "name", value: "Ada" }] };
    expect(lean.validate("RightsRequestKind", "rectification").ok).toBe(false);
    expect(lean.validate("RightsRequestCreate", rectification).errors).toEqual([
      { path: "/kind", message: expect.stringContaining("must be one of") },
    ]);
    expect(lean.validate("RightsRequestCreate", { kind: "restriction" }).ok).toBe(false);
    expect(
      lean.validate("ContactRightsRequestCreate", { kind: "restriction", identityVerifiedByTenant: true }).ok,
    ).toBe(false);
  });

  it("keeps what the policy still has", () => {
    expect(lean.validate("RightsRequestCreate", { kind: "objection" }).ok).toBe(true);
    expect(lean.validate("RightsRequestCreate", { kind: "access" }).ok).toBe(true);
  });
});
