import { stripeErrors } from "./stripe-errors.js";
import type { StripeCustomer } from "./stripe-objects.js";

/**
 * The customer search query language, as far as a privacy API needs it: `email:'…'`, `name:'…'`,
 * `phone:'…'`, `metadata['key']:'…'`, `~` for a substring (3 characters or more), `-` to negate,
 * clauses joined by AND or by OR (Stripe refuses a mix).
 * https://docs.stripe.com/search#search-query-language
 */
export function customerQuery(query: string): (customer: StripeCustomer) => boolean {
  const trimmed = query.trim();
  if (trimmed === "") throw stripeErrors.missingParameter("query");
  const hasAnd = /\sAND\s/.test(trimmed);
  const hasOr = /\sOR\s/.test(trimmed);
  if (hasAnd && hasOr) throw invalid(query, "mixing AND and OR is not supported");
  const clauses = trimmed.split(hasOr ? /\s+OR\s+/ : /\s+AND\s+/).map((clause) => parseClause(clause, query));
  return hasOr
    ? (customer) => clauses.some((test) => test(customer))
    : (customer) => clauses.every((test) => test(customer));
}

const CLAUSE =
  /^(-?)(email|name|phone|metadata\[(?:'([^']+)'|"([^"]+)")\])\s*([:~])\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")$/;

function parseClause(clause: string, query: string): (customer: StripeCustomer) => boolean {
  const match = CLAUSE.exec(clause.trim());
  if (!match) throw invalid(query, `could not parse \`${clause.trim()}\``);
  const [, negate, field = "", singleKey, doubleKey, operator, single, double] = match;
  const value = (single ?? double ?? "").replace(/\\(.)/g, "$1");
  if (operator === "~" && value.length < 3)
    throw invalid(query, "substring search needs at least 3 characters");
  const key = singleKey ?? doubleKey;
  const read = (customer: StripeCustomer): string | null =>
    key !== undefined ? (customer.metadata[key] ?? null) : customer[field as "email" | "name" | "phone"];
  const test = (customer: StripeCustomer) => {
    const actual = read(customer);
    if (actual === null) return false;
    // Exact matches are case-insensitive for email and name, as Stripe documents.
    return operator === "~"
      ? actual.toLowerCase().includes(value.toLowerCase())
      : actual.toLowerCase() === value.toLowerCase();
  };
  return negate ? (customer) => !test(customer) : test;
}

function invalid(query: string, reason: string) {
  return stripeErrors.invalidParameter("query", `Invalid query \`${query}\`: ${reason}.`);
}
