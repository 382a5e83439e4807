import { z } from "zod";
import { isDurationString } from "./duration.js";

// The shape of any privacy policy built on this model. CRM Factory's policy is one instance; another
// company's (other durations, fewer categories, other roles) uses the same schema.

const id = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, "must be a lowercase kebab-case identifier")
  .describe("A stable identifier");

// The grammar parseDuration accepts, for the JSON Schema: weeks stand alone, no leading zeros.
const count = "(?:0|[1-9][0-9]*)";
const durationPattern = new RegExp(
  `^P(?:${count}W|(?=[0-9T])(?:${count}Y)?(?:${count}M)?(?:${count}D)?(?:T(?=[0-9])(?:${count}H)?(?:${count}M)?(?:${count}S)?)?)$`,
);

export const durationSchema = z
  .string()
  .regex(durationPattern, "must be an ISO 8601 duration")
  .refine(isDurationString, "must be an ISO 8601 duration such as P90D, P13M or P7Y")
  .describe("ISO 8601 duration, e.g. P90D, P13M, P7Y");

const eventName = z
  .string()
  .regex(/^[a-z][A-Za-z0-9]*$/, "must be a camelCase event name such as accountClosed")
  .describe("An event a clock can start from");

const sectionRef = z.string().min(1).describe("A section of the policy document, e.g. '11' or 'table'");

const textSchema = z.string().min(1);

export const sectionSchema = z.object({ title: textSchema }).strict();

export const legalBasisSchema = z
  .object({
    name: textSchema,
    gdprArticle: z.string().regex(/^6\(1\)\([a-f]\)$/, "must be a GDPR Art. 6(1) point such as 6(1)(b)"),
    description: textSchema,
  })
  .strict();

export const purposeSchema = z
  .object({ description: textSchema, sections: z.array(sectionRef).min(1) })
  .strict();

export const dataRoleSchema = z
  .enum(["controller", "processor"])
  .describe("Controller: answers its own data subjects. Processor: acts as directed by the customer.");

export const categorySchema = z
  .object({
    name: textSchema,
    examples: z.array(textSchema).min(1),
    purposes: z.array(id).min(1),
    legalBases: z.array(id).min(1),
    role: dataRoleSchema,
    subprocessors: z.array(id),
    fides: z.array(z.string().regex(/^[a-z_]+(\.[a-z_]+)*$/, "must be a dotted Fides taxonomy key")).min(1),
    dpv: z
      .array(
        z.string().regex(/^dpv(-pd)?:[A-Za-z]+$/, "must be a W3C DPV concept such as dpv-pd:EmailAddress"),
      )
      .min(1),
    sections: z.array(sectionRef).min(1),
  })
  .strict();

export const retentionRuleSchema = z
  .object({
    category: id,
    records: textSchema.describe("Which records of the category the rule covers"),
    anchors: z
      .array(eventName)
      .min(1)
      .describe("Events that start the clock; the earliest one that happened counts"),
    keepFor: durationSchema
      .optional()
      .describe("Availability promised from the anchor; no tolerance applies"),
    purgeWithin: durationSchema,
    purgeCountsFrom: z.enum(["anchor", "keepForEnd"]),
    hold: z
      .object({ legalBasis: id, reason: textSchema })
      .strict()
      .optional()
      .describe("A retention duty that survives erasure requests and account closure"),
    sections: z.array(sectionRef).min(1),
    interpretation: textSchema.optional(),
  })
  .strict();

export const rightKindSchema = z
  .object({
    name: textSchema,
    regime: z.enum(["gdpr", "ccpa"]),
    description: textSchema,
    sections: z.array(sectionRef).min(1),
  })
  .strict();

export const rightsSchema = z
  .object({
    kinds: z.record(id, rightKindSchema),
    respondWithin: durationSchema,
    extendedTotal: durationSchema.describe(
      "The whole time allowed when the request is extended, not an addition",
    ),
    extensionNoticeBefore: durationSchema.describe(
      "Notice of an extension must reach the requester before this",
    ),
    noExtensionFor: z.array(id),
    countsFrom: z
      .object({ controller: eventName, processor: eventName })
      .strict()
      .describe("The anchor event of the deadline for requests where we are controller or processor"),
    erasureWithin: durationSchema,
    minorDataDeletionWithin: durationSchema,
    verification: z
      .object({
        method: z.literal("one-time-code-to-account-email"),
        window: durationSchema.describe("A request still unverified after this is closed as unverified"),
      })
      .strict(),
    sections: z.array(sectionRef).min(1),
  })
  .strict();

export const roleSchema = z
  .object({
    level: z.number().int().positive(),
    description: textSchema,
    permissions: z.array(z.string().min(1)).min(1),
  })
  .strict();

export const subprocessorSchema = z
  .object({
    name: textSchema,
    kind: z.enum(["subprocessor", "integration-source"]),
    namedInPolicy: z.boolean(),
    purpose: textSchema,
    services: z.array(textSchema).min(1),
    hosts: z.array(z.string().regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/, "must be a host name")).min(1),
    categories: z.array(id).min(1),
    deletion: z
      .array(textSchema)
      .describe("What the vendor's API lets us delete; what is not listed cannot be deleted through it"),
    sections: z.array(sectionRef).min(1),
  })
  .strict();

export const noticesSchema = z
  .object({
    breach: z
      .object({
        within: durationSchema,
        to: z.array(id).min(1),
        channels: z.array(z.enum(["email", "in-app"])).min(1),
      })
      .strict(),
    policyChange: z
      .object({
        atLeast: durationSchema,
        to: z.array(id).min(1),
        channels: z.array(z.enum(["email", "in-app"])).min(1),
      })
      .strict(),
    minimumAge: z.number().int().positive(),
  })
  .strict();

export const guaranteeSchema = z
  .object({
    area: z.enum(["retention", "deletion", "rights", "security", "sharing", "notice"]),
    sections: z.array(sectionRef).min(1),
    statement: textSchema,
    method: z.enum(["tested", "tested-if-https", "attested"]),
    interpretation: textSchema.optional(),
    dependsOn: z
      .array(z.string().regex(/^(\/[^/]+)+$/, "must be a JSON pointer into the policy"))
      .describe("JSON pointers to the policy data this guarantee reads its parameters from"),
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
        sweepTolerance: durationSchema.describe(
          "A purge deadline is met when data is gone by deadline + tolerance",
        ),
        exportWindow: durationSchema.describe("Closure starts an export-only window of this length"),
      })
      .strict(),
    readings: z.record(id, readingSchema),
    anchors: z.record(eventName, textSchema).describe("The events retention clocks start from"),
    legalBases: z.record(id, legalBasisSchema),
    purposes: z.record(id, purposeSchema),
    categories: z.record(id, categorySchema),
    retention: z.record(id, retentionRuleSchema),
    rights: rightsSchema,
    permissions: z.record(z.string().regex(/^[a-z]+:[a-z-]+$/, "must look like resource:action"), textSchema),
    roles: z.record(id, roleSchema),
    operatorPermissions: z.array(z.string()),
    subprocessors: z.record(id, subprocessorSchema),
    notices: noticesSchema,
    guarantees: z.record(
      z.string().regex(/^[A-Z]+(-[A-Z0-9]+)+$/, "must be an ID such as RET-CRM"),
      guaranteeSchema,
    ),
  })
  .strict();

export type PolicyInput = z.input<typeof policySchema>;
export type Policy = z.output<typeof policySchema>;
export type Category = Policy["categories"][string];
export type RetentionRule = Policy["retention"][string];
export type RightKind = Policy["rights"]["kinds"][string];
export type Role = Policy["roles"][string];
export type Subprocessor = Policy["subprocessors"][string];
export type Guarantee = Policy["guarantees"][string];
export type GuaranteeMethod = Guarantee["method"];

export function policyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(policySchema, { target: "draft-2020-12", io: "input" }),
    $id: "https://crmfactory.ai/schemas/privacy-policy.schema.json",
    title: "Privacy policy as data",
  };
}
