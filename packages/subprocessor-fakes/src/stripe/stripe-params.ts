import { decodeNestedForm, FormDecodeError, type FormObject, type FormValue } from "../core/form.js";
import type { FakeRequest } from "../core/vendor.js";
import { stripeErrors } from "./stripe-errors.js";

/** Reads a Stripe request's parameters: the query for GET and DELETE, the form body otherwise. */
export function readParams(request: FakeRequest): FormObject {
  const source =
    request.method === "GET" || request.method === "DELETE" ? request.url.search.slice(1) : request.text();
  const type = request.headers.get("content-type") ?? "";
  if (
    request.method === "POST" &&
    source.trim() !== "" &&
    !type.includes("application/x-www-form-urlencoded")
  ) {
    throw stripeErrors.malformedBody(
      "Stripe accepts form-encoded request bodies (application/x-www-form-urlencoded)",
    );
  }
  try {
    return decodeNestedForm(new URLSearchParams(source));
  } catch (error) {
    if (error instanceof FormDecodeError) throw stripeErrors.malformedBody(error.message);
    throw error;
  }
}

/** Refuses any parameter outside `allowed`, as Stripe does (`parameter_unknown`). */
export function onlyAllowed(params: FormObject, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key) && key !== "expand") throw stripeErrors.unknownParameter(key);
  }
}

export function optionalString(params: FormObject, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string")
    throw stripeErrors.invalidParameter(name, `Invalid string: ${describe(value)}`);
  return value;
}

export function optionalInteger(
  params: FormObject,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const raw = optionalString(params, name);
  if (raw === undefined || raw === "") return undefined;
  if (!/^-?\d+$/.test(raw))
    throw stripeErrors.invalidParameter(name, `Invalid integer: ${raw}`, "parameter_invalid_integer");
  const value = Number(raw);
  if (value < min)
    throw stripeErrors.invalidParameter(name, `This value must be greater than or equal to ${min}.`);
  if (value > max)
    throw stripeErrors.invalidParameter(name, `This value must be less than or equal to ${max}.`);
  return value;
}

export function optionalBoolean(params: FormObject, name: string): boolean | undefined {
  const raw = optionalString(params, name);
  if (raw === undefined) return undefined;
  if (raw !== "true" && raw !== "false") throw stripeErrors.invalidParameter(name, `Invalid boolean: ${raw}`);
  return raw === "true";
}

export function optionalEnum<T extends string>(
  params: FormObject,
  name: string,
  values: readonly T[],
): T | undefined {
  const raw = optionalString(params, name);
  if (raw === undefined) return undefined;
  if (!values.includes(raw as T)) {
    throw stripeErrors.invalidParameter(name, `Invalid ${name}: must be one of ${values.join(", ")}`);
  }
  return raw as T;
}

/**
 * Applies a `metadata` parameter to existing metadata the way Stripe does: keys merge, an empty
 * value unsets a key, and `metadata=""` clears everything. Limits: 50 keys, 40-char keys, 500-char values.
 */
export function applyMetadata(
  current: Record<string, string>,
  value: FormValue | undefined,
): Record<string, string> {
  if (value === undefined) return current;
  if (value === "") return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw stripeErrors.invalidParameter("metadata", "Invalid object");
  }
  const next = { ...current };
  for (const [key, child] of Object.entries(value)) {
    if (typeof child !== "string") throw stripeErrors.invalidParameter(`metadata[${key}]`, "Invalid string");
    if (key.length > 40)
      throw stripeErrors.invalidParameter(`metadata[${key}]`, "Metadata keys can have up to 40 characters.");
    if (child.length > 500)
      throw stripeErrors.invalidParameter(
        `metadata[${key}]`,
        "Metadata values can have up to 500 characters.",
      );
    if (child === "") delete next[key];
    else next[key] = child;
  }
  if (Object.keys(next).length > 50)
    throw stripeErrors.invalidParameter("metadata", "Objects can have up to 50 keys.");
  return next;
}

const describe = (value: FormValue): string => (typeof value === "string" ? value : JSON.stringify(value));
