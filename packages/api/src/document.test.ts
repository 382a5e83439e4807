import { crmFactoryPolicy, findNumbers } from "@crmfactory/taxonomy";
import { describe, expect, it } from "vitest";
import type { JsonSchema } from "./index.js";
import { deref, doc } from "./testing/contract-walk.js";

const description = doc.info.description ?? "";

describe("document", () => {
  it("is OpenAPI 3.1, version 0.2, with relative paths under a versioned server", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.version).toMatch(/^0\.2\.\d+$/);
    expect(doc.servers?.[0]?.url).toMatch(/^https:\/\/.+\/v1$/);
    for (const path of Object.keys(doc.paths)) expect(path).toMatch(/^\/[a-z0-9{}/-]*[a-z0-9}]$/i);
  });

  it("has three bearer schemes: tenant sessions by default, the operator's, and request tokens", () => {
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    const schemes = doc.components.securitySchemes;
    expect(Object.keys(schemes).sort()).toEqual(["bearerAuth", "operatorAuth", "requestToken"]);
    for (const scheme of Object.values(schemes))
      expect(scheme).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("specifies the audit hash chain in the contract itself", () => {
    const text = `${description}\n${deref<JsonSchema>(doc.components.schemas.AuditEntry).description}`;
    for (const phrase of ["RFC 8785", "SHA-256", "prevHash + canonicalJson", "64 zeros", "lowercase hex"]) {
      expect(text).toContain(phrase);
    }
    expect(doc.components.schemas.AuditEntry).toMatchObject({
      required: ["sequence", "at", "actor", "action", "target", "prevHash", "hash"],
      additionalProperties: false,
    });
  });

  // Each behaviour issue 6 asked the contract to settle has its normative sentence.
  it.each([
    ["error precedence", "## Error precedence"],
    ["list ordering", "**Ordering.**"],
    ["half-open windows", "[anchor, availableUntil)"],
    ["late purges", "`lateAt`"],
    ["lifetimes", "`limits` of\n`getMeta`"],
    ["the last owner", "`last-owner` (409)"],
    ["export-only sign-in", "Sign-in works"],
    ["sessionless requests", "no account enumeration"],
    ["thin callbacks", "never personal data"],
    ["frozen-clock signatures", "`CRMFactory-Test-Clock"],
    ["test clock states", "`ready`, `advancing` or `failed`"],
    ["jobs in due order", "each job\nseeing its own due time as now"],
    ["bounded advances", "`limits.testClockAdvanceTimeout`"],
    ["controller decisions", "`platform:rights`"],
    ["vocabularies", "**Vocabularies are the policy's.**"],
    ["evidence classes", "`self-reported`"],
    ["attestations", "`putAttestation`"],
  ])("settles %s", (_topic, phrase) => {
    expect(description.replace(/\n\s*/g, " ")).toContain(phrase.replace(/\n\s*/g, " "));
  });

  it("names every base-URL variable of the policy's vendor profiles", () => {
    const variables = Object.values(crmFactoryPolicy.subprocessors)
      .map((sub) => (sub as { vendor?: { baseUrlEnv?: string } }).vendor?.baseUrlEnv)
      .filter((name): name is string => typeof name === "string");
    expect(variables.length).toBeGreaterThanOrEqual(4);
    for (const variable of variables) expect(description).toContain(`\`${variable}\``);
  });

  it("publishes the email profile's tags, the kinds of email and where the one-time code sits", () => {
    const profile = doc["x-email-profile"] as {
      provider: string;
      tags: { name: string; required: boolean; values?: string[] }[];
    };
    expect(profile.provider).toBe("resend");
    const tags = Object.fromEntries(profile.tags.map((tag) => [tag.name, tag]));
    expect(Object.keys(tags).sort()).toEqual([
      "crmfactory_code",
      "crmfactory_kind",
      "crmfactory_ref",
      "crmfactory_tenant",
    ]);
    expect(tags.crmfactory_code?.required).toBe(false);
    expect(tags.crmfactory_kind?.values).toEqual(
      expect.arrayContaining([
        "verification-code",
        "request-unverified",
        "extension-notice",
        "breach-notice",
        "policy-change",
      ]),
    );
    for (const tag of profile.tags) {
      // Resend accepts ASCII letters, digits, underscores and dashes in tag names and values.
      expect(tag.name).toMatch(/^[A-Za-z0-9_-]+$/);
      for (const value of tag.values ?? []) expect(value).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(description).toContain(`\`${tag.name}\``);
    }
  });
});

describe("the policy's numbers", () => {
  // A description names the policy field that holds a number, so the contract serves any policy;
  // examples may show CRM Factory's values. The policy's own prose is held to the same finder.
  it("are never written as literals in a description or summary", () => {
    const found: string[] = [];
    const walk = (value: unknown, where: string): void => {
      if (Array.isArray(value)) {
        for (const [i, item] of value.entries()) walk(item, `${where}/${i}`);
      } else if (value && typeof value === "object") {
        for (const [key, child] of Object.entries(value)) {
          if (key === "examples" || key === "example") continue;
          if ((key === "description" || key === "summary") && typeof child === "string") {
            for (const number of findNumbers(child, { quantitiesOnly: true }))
              found.push(`${where}/${key}: ${number}`);
          }
          walk(child, `${where}/${key}`);
        }
      }
    };
    walk(doc, "");
    expect(found).toEqual([]);
  });
});

describe("headers", () => {
  // A header the text names is declared wherever it is sent, so the generated types carry it.
  it("declares every CRMFactory and idempotency header the text names", () => {
    const pattern = /`(CRMFactory-[A-Za-z-]*[A-Za-z]|Idempotent-Replayed|X-Request-Id)[`:]/g;
    const named = new Set([...description.matchAll(pattern)].map((match) => match[1] as string));
    expect(named.size).toBeGreaterThanOrEqual(5);
    const declared = new Set<string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) for (const item of value) collect(item);
      else if (value && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (record.in === "header" && typeof record.name === "string") declared.add(record.name);
        for (const [key, child] of Object.entries(record)) {
          if (key === "headers" && child && typeof child === "object")
            for (const name of Object.keys(child)) declared.add(name);
          collect(child);
        }
      }
    };
    collect(doc);
    for (const header of named) expect(declared, header).toContain(header);
  });
});
