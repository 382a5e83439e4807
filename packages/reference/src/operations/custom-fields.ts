import type { Validator } from "@crmfactory/api";
import { problem } from "../platform/problem.js";

export type CustomFieldValue = string | number | boolean | null;
export type CustomFields = Record<string, CustomFieldValue>;

/** The fields a record keeps: a `null` value removes a field, so none is ever stored as `null`. */
export function withoutNulls(fields: CustomFields | undefined): CustomFields {
  return Object.fromEntries(Object.entries(fields ?? {}).filter(([, value]) => value !== null));
}

/**
 * Merges a change into the stored fields (`null` removes) and checks the result against the contract's
 * `CustomFields` schema, so a merge cannot grow a record past what a create would accept.
 */
export function mergeCustomFields(
  validator: Validator,
  stored: CustomFields,
  change: CustomFields | undefined,
): CustomFields {
  if (change === undefined) return stored;
  const merged: CustomFields = { ...stored };
  for (const [name, value] of Object.entries(change)) {
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  const result = validator.validate("CustomFields", merged, { pathPrefix: "/body/customFields" });
  if (!result.ok) {
    throw problem("validation-failed", "The custom fields after this change are not valid.", {
      errors: result.errors,
    });
  }
  return merged;
}
