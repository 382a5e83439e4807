import { z } from "zod";
import {
  type DurationRef,
  durationOrRef,
  eventName,
  id,
  sectionRef,
  sections,
  setOf,
  textSchema,
} from "./schema-parts.js";
import { hostSchema, vendorSchema } from "./vendor-schema.js";

// The shape of any privacy policy built on this model. CRM Factory's policy is one instance; another
// company's (other durations, fewer categories, other roles) uses the same schema.

export const sectionSchema = z.object({ title: textSchema }).strict();

export const legalBasisSchema = z
  .object({
    name: textSchema,
    gdprArticle: z.string().regex(/^6\(1\)\([a-f]\)$/, "must be a GDPR Art. 6(1) point such as 6(1)(b)"),
    description: textSchema,
  })
  .strict();

export const purposeSchema = z.object({ description: textSchema, sections: sections }).strict();

export const dataRoleSchema = z
  .enum(["controller", "processor"])
  .describe("Controller: answers its own data subjects. Processor: acts as directed by the customer.");

export const categorySchema = z
  .object({
    name: textSchema,
    examples: setOf(textSchema).min(1),
    purposes: setOf(id).min(1),
    legalBases: setOf(id).min(1),
    role: dataRoleSchema,
    subprocessors: setOf(id),
    fides: setOf(z.string().regex(/^[a-z_]+(\.[a-z_]+)*$/, "must be a dotted Fides taxonomy key")).min(1),
    dpv: setOf(
      z.string().regex(/^dpv(-pd)?:[A-Za-z]+$/, "must be a W3C DPV concept such as dpv-pd:EmailAddress"),
    ).min(1),
    sections,
  })
  .strict();

export const retentionRuleSchema = z
  .object({
    category: id,
    records: textSchema.describe("Which records of the category the rule covers"),
    anchors: setOf(
      z.union([
        eventName,
        z
          .object({ event: eventName, after: durationOrRef })
          .strict()
          .describe("The event, once this long has passed since it happened"),
      ]),
    )
      .min(1)
      .describe(
        "What starts the clock: events, or events plus a delay (an event the policy implies, such as the disconnection at the end of the export window); the earliest that happened counts",
      ),
    keepFor: durationOrRef.optional().describe("Availability promised from the anchor; no tolerance applies"),
    purgeWithin: durationOrRef,
    purgeCountsFrom: z.enum(["anchor", "keepForEnd"]),
    hold: z
      .object({ legalBasis: id, reason: textSchema })
      .strict()
      .optional()
      .describe("A retention duty that survives erasure requests and account closure"),
    excludedIdentifiers: setOf(z.string().min(1))
      .optional()
      .describe(
        "Subject identifiers (keys of `identifiers`) no record of this rule may hold a value equal to",
      ),
    sections,
    interpretation: textSchema.optional(),
  })
  .strict();

export const identifierSchema = z
  .object({
    description: textSchema,
    heldBy: setOf(z.enum(["user", "contact"]))
      .min(1)
      .describe("The kinds of data subject that have it"),
  })
  .strict();

export const rightKindSchema = z
  .object({
    name: textSchema,
    regime: z.enum(["gdpr", "ccpa"]),
    description: textSchema,
    sections,
  })
  .strict();

export const rightsSchema = z
  .object({
    kinds: z.record(id, rightKindSchema),
    respondWithin: durationOrRef,
    extendedTotal: durationOrRef.describe(
      "The whole time allowed when the request is extended, not an addition",
    ),
    extensionNoticeBefore: durationOrRef.describe(
      "Notice of an extension must reach the requester before this",
    ),
    noExtensionFor: setOf(id),
    countsFrom: z
      .object({ controller: eventName, processor: eventName })
      .strict()
      .describe("The anchor event of the deadline for requests where we are controller or processor"),
    erasureWithin: durationOrRef,
    minorDataDeletionWithin: durationOrRef,
    verification: z
      .object({
        method: z.literal("one-time-code-to-account-email"),
        window: durationOrRef.describe("A request still unverified after this is closed as unverified"),
      })
      .strict(),
    sections,
  })
  .strict();

export const roleSchema = z
  .object({
    level: z.number().int().positive(),
    description: textSchema,
    permissions: setOf(z.string().min(1)).min(1),
  })
  .strict();

export const subprocessorSchema = z
  .object({
    name: textSchema,
    kind: z.enum(["subprocessor", "integration-source"]),
    namedInPolicy: z.boolean(),
    purpose: textSchema,
    services: setOf(textSchema).min(1),
    hosts: setOf(hostSchema).min(1).describe("The allow-list: no personal data may reach another host"),
    categories: setOf(id).min(1),
    vendor: vendorSchema
      .optional()
      .describe("How an implementation calls the vendor's API, for those it calls"),
    deletion: setOf(textSchema).describe(
      "What the vendor's API lets us delete; what is not listed cannot be deleted through it",
    ),
    sections,
  })
  .strict();

export const noticesSchema = z
  .object({
    breach: z
      .object({
        within: durationOrRef,
        to: setOf(id).min(1),
        channels: setOf(z.enum(["email", "in-app"])).min(1),
      })
      .strict(),
    policyChange: z
      .object({
        atLeast: durationOrRef,
        to: setOf(id).min(1),
        channels: setOf(z.enum(["email", "in-app"])).min(1),
      })
      .strict(),
    minimumAge: z.number().int().positive(),
    transparencyReport: z
      .object({ every: durationOrRef.describe("How often the report on government data requests appears") })
      .strict()
      .optional(),
  })
  .strict();

export const securitySchema = z
  .object({
    tlsMinimumVersion: z
      .enum(["1.2", "1.3"])
      .optional()
      .describe("The oldest TLS version data in transit may use"),
    atRestCipher: z.enum(["AES-128", "AES-192", "AES-256"]).optional().describe("The cipher of data at rest"),
    encryptedIntegrationCredentials: z.boolean().optional(),
    hostingCertifications: setOf(textSchema).optional().describe("Certifications the hosting platforms hold"),
    tenantIsolation: z.enum(["schema-per-tenant", "database-per-tenant", "row-level"]).optional(),
    sections,
  })
  .strict()
  .describe("The security measures the policy names, so guarantees can point at them");

export const guaranteeSchema = z
  .object({
    area: z.enum(["retention", "deletion", "rights", "security", "sharing", "notice"]),
    sections,
    statement: textSchema,
    method: z.enum(["tested", "tested-if-https", "attested"]),
    interpretation: textSchema.optional(),
    dependsOn: setOf(z.string().regex(/^(\/[^/]+)+$/, "must be a JSON pointer into the policy")).describe(
      "JSON pointers to the policy data this guarantee reads its parameters from",
    ),
  })
  .strict();

export const readingSchema = z.object({ topic: textSchema, statement: textSchema }).strict();

export const policySchema = z
  .object({
    $schema: z.string().optional(),
    id,
    name: textSchema,
    organisation: textSchema,
    effective: z.iso.date(),
    lastUpdated: z.iso.date(),
    sections: z.record(sectionRef, sectionSchema),
    parameters: z
      .object({
        sweepTolerance: durationOrRef.describe(
          "A purge deadline is met when data is gone by deadline + tolerance",
        ),
        exportWindow: durationOrRef.describe("Closure starts an export-only window of this length"),
      })
      .strict(),
    readings: z.record(id, readingSchema),
    identifiers: z
      .record(eventName, identifierSchema)
      .describe("The identifiers of a data subject: what links a record, or a vendor's object, to a person"),
    anchors: z
      .record(
        eventName,
        z
          .object({
            description: textSchema,
            phrase: textSchema.describe('A short noun phrase for sentences, e.g. "account closure"'),
          })
          .strict(),
      )
      .describe("The events retention clocks and deadlines start from"),
    legalBases: z.record(id, legalBasisSchema),
    purposes: z.record(id, purposeSchema),
    categories: z.record(id, categorySchema),
    retention: z.record(id, retentionRuleSchema),
    rights: rightsSchema,
    permissions: z.record(z.string().regex(/^[a-z]+:[a-z-]+$/, "must look like resource:action"), textSchema),
    roles: z.record(id, roleSchema),
    operatorPermissions: setOf(z.string()),
    subprocessors: z.record(id, subprocessorSchema),
    notices: noticesSchema,
    security: securitySchema.optional(),
    guarantees: z.record(
      z.string().regex(/^[A-Z]+(-[A-Z0-9]+)+$/, "must be an ID such as RET-CRM"),
      guaranteeSchema,
    ),
  })
  .strict();

/** A policy as written: durations may be references (`{ "$ref": "/parameters/exportWindow" }`). */
export type PolicyInput = z.input<typeof policySchema>;

/** Replaces every duration reference by the duration it points at. */
export type Resolved<T> = T extends DurationRef
  ? string
  : T extends readonly (infer U)[]
    ? Resolved<U>[]
    : T extends object
      ? { [K in keyof T]: Resolved<T[K]> }
      : T;

/** A validated policy: every reference resolved, so each duration is an ISO 8601 string. */
export type Policy = Resolved<z.output<typeof policySchema>>;
export type Category = Policy["categories"][string];
export type RetentionRule = Policy["retention"][string];
export type RightKind = Policy["rights"]["kinds"][string];
export type Role = Policy["roles"][string];
export type Subprocessor = Policy["subprocessors"][string];
export type VendorProfile = NonNullable<Subprocessor["vendor"]>;
export type VendorEndpoint = VendorProfile["endpoints"][number];
export type SubjectLink = VendorProfile["subjectLinks"][number];
export type Guarantee = Policy["guarantees"][string];
export type GuaranteeMethod = Guarantee["method"];

export function policyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(policySchema, { target: "draft-2020-12", io: "input" }),
    $id: "https://crmfactory.ai/schemas/privacy-policy.schema.json",
    title: "Privacy policy as data",
  };
}
