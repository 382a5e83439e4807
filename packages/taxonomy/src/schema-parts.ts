import { z } from "zod";
import { isDurationString } from "./duration.js";

// Building blocks of the policy schema, shared by its sections.

export const id = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, "must be a lowercase kebab-case identifier")
  .describe("A stable identifier");

export const eventName = z
  .string()
  .regex(/^[a-z][A-Za-z0-9]*$/, "must be a camelCase event name such as accountClosed")
  .describe("An event a clock can start from");

export const sectionRef = z
  .string()
  .min(1)
  .describe("A section of the policy document, e.g. '11' or 'table'");

export const textSchema = z.string().min(1);

export const jsonPointer = z
  .string()
  .regex(/^(\/[^/]*)+$/, "must be a JSON pointer into the policy, such as /parameters/exportWindow");

// The grammar parseDuration accepts, for the JSON Schema: weeks stand alone, no leading zeros.
const count = "(?:0|[1-9][0-9]*)";
const durationPattern = new RegExp(
  `^P(?:${count}W|(?=[0-9T])(?:${count}Y)?(?:${count}M)?(?:${count}D)?(?:T(?=[0-9])(?:${count}H)?(?:${count}M)?(?:${count}S)?)?)$`,
);

export const durationSchema = z
  .string()
  .regex(durationPattern, "must be an ISO 8601 duration such as P90D, P13M or P7Y")
  // The pattern cannot bound the numbers; parseDuration does (values up to 2^53 - 1).
  .refine(
    (text) => !durationPattern.test(text) || isDurationString(text),
    "must be an ISO 8601 duration with values no larger than 2^53 - 1",
  )
  .describe("ISO 8601 duration, e.g. P90D, P13M, P7Y");

/** A duration written once elsewhere in the policy, named by a JSON pointer (RFC 6901). */
export interface DurationRef {
  $ref: string;
}

export const durationRefSchema = z
  .object({ $ref: jsonPointer })
  .strict()
  .describe("The duration at this JSON pointer, so that a number the policy states once is written once");

/** A duration, or a reference to one: `definePolicy` and `loadPolicy` resolve references. */
export const durationOrRef = z.union([durationSchema, durationRefSchema]);

/**
 * A list meant as a set: each item at most once. A repeated item is an issue at its own index, so a
 * typo'd copy is found where it is; the JSON Schema says `uniqueItems`. With several keys, no two
 * items may share any one of them (an endpoint's id, and its method and path).
 */
export function setOf<T extends z.ZodType>(item: T, ...keysOf: ((value: z.output<T>) => string)[]) {
  const keys = keysOf.length > 0 ? keysOf : [JSON.stringify];
  return z
    .array(item)
    .superRefine((list, ctx) => {
      for (const keyOf of keys) {
        const seen = new Map<string, number>();
        for (const [index, value] of list.entries()) {
          const key = keyOf(value);
          const first = seen.get(key);
          if (first === undefined) seen.set(key, index);
          else
            ctx.addIssue({
              code: "custom",
              path: [index],
              message: `${key} appears twice (first as item ${first})`,
            });
        }
      }
    })
    .meta({ uniqueItems: true });
}

export const sections = setOf(sectionRef).min(1);
