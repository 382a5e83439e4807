import type { RecordedRequest } from "./recorder.js";

export type CarriedKind = "email" | "phone" | "text";
export type CarriedLocation = "path" | "query" | "headers" | "body";

export interface CarryingMatch {
  readonly request: RecordedRequest;
  /** Where the value was found. */
  readonly locations: readonly CarriedLocation[];
}

export interface CarryingOptions {
  /** How to compare; guessed from the value when omitted (an `@` is an email, digits a phone). */
  kind?: CarriedKind;
}

/**
 * Finds the requests that carried `value` in any encoding a request uses: percent and form
 * encoding, JSON string escapes, base64 (basic auth, base64 bodies and tokens), emails in any case,
 * phone numbers in E.164 or formatted, with or without the country code.
 */
export function findCarrying(
  requests: readonly RecordedRequest[],
  value: string,
  options: CarryingOptions = {},
): CarryingMatch[] {
  const kind = options.kind ?? guessKind(value);
  const matches = matcherFor(kind, value);
  const found: CarryingMatch[] = [];
  for (const request of requests) {
    const locations = (Object.entries(texts(request)) as [CarriedLocation, string[]][])
      .filter(([, candidates]) => candidates.some((text) => matches(text)))
      .map(([location]) => location);
    if (locations.length > 0) found.push({ request, locations });
  }
  return found;
}

export function guessKind(value: string): CarriedKind {
  if (/^[^\s@]+@[^\s@]+$/.test(value.trim())) return "email";
  if (/^\+?[\d\s().-]{7,}$/.test(value.trim()) && digits(value).length >= 7) return "phone";
  return "text";
}

function matcherFor(kind: CarriedKind, value: string): (text: string) => boolean {
  if (kind === "phone") {
    const wanted = digits(value);
    return (text) => phoneCandidates(text).some((found) => samePhone(wanted, found));
  }
  const needle = fold(value);
  if (kind === "email") {
    // Whole addresses only: `ada@example.com` is not inside `bada@example.com` or `ada@example.community`.
    const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const whole = new RegExp(`(?<![a-z0-9._%+-])${escaped}(?![a-z0-9-]|\\.[a-z0-9])`);
    return (text) => whole.test(fold(text));
  }
  return (text) => fold(text).includes(needle);
}

const fold = (text: string): string => text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ");
const digits = (text: string): string => text.replace(/\D/g, "");

/** Equal digits, or one is the other without a country code (1 to 3 digits). */
export function samePhone(wanted: string, found: string): boolean {
  if (found.length < 7 || wanted.length < 7) return false;
  if (wanted === found) return true;
  const [longer, shorter] = wanted.length > found.length ? [wanted, found] : [found, wanted];
  return longer.length - shorter.length <= 3 && longer.endsWith(shorter);
}

function phoneCandidates(text: string): string[] {
  return [...text.matchAll(/\+?\d[\d\s().\-/]{5,}\d/g)].map((match) => digits(match[0]));
}

/** Every text form each part of a request takes once decoded. */
function texts(request: RecordedRequest): Record<CarriedLocation, string[]> {
  const query = Object.entries(request.query).flatMap(([key, values]) => [key, ...values]);
  const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`);
  const body =
    request.bodyEncoding === "base64"
      ? [Buffer.from(request.body, "base64").toString("latin1")]
      : [request.body];
  return {
    path: expand([request.path, safeDecode(request.path)]),
    query: expand(query),
    headers: expand(headers),
    body: expand(body),
  };
}

/** Adds the decoded forms of each text: form/percent decoding, JSON strings, base64 tokens. */
function expand(seed: string[], depth = 2): string[] {
  const out = new Set<string>();
  const visit = (text: string, level: number) => {
    if (out.has(text)) return;
    out.add(text);
    if (level === 0) return;
    const formDecoded = safeDecode(text.replace(/\+/g, " "));
    if (formDecoded !== text) visit(formDecoded, level - 1);
    for (const jsonText of jsonStrings(text)) visit(jsonText, level - 1);
    for (const decoded of base64Tokens(text)) visit(decoded, level - 1);
  };
  for (const text of seed) visit(text, depth);
  return [...out];
}

function jsonStrings(text: string): string[] {
  const trimmed = text.trim();
  if (!/^[[{"]/.test(trimmed)) return [];
  try {
    const strings: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === "string") strings.push(value);
      else if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === "object") {
        for (const [key, child] of Object.entries(value)) {
          strings.push(key);
          walk(child);
        }
      }
    };
    walk(JSON.parse(trimmed));
    return strings;
  } catch {
    return [];
  }
}

function base64Tokens(text: string): string[] {
  const decoded: string[] = [];
  for (const [token] of text.matchAll(/[A-Za-z0-9+/_-]{8,}={0,2}/g)) {
    const standard = token.replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Buffer.from(standard, "base64");
    if (bytes.length < 4) continue;
    const asText = bytes.toString("utf8");
    // Keep only decodings that look like text: most characters printable.
    const printable = asText.replace(/[^\x20-\x7e\u00a0-\uffff]/g, "").length;
    if (printable / asText.length > 0.9 && !asText.includes("\ufffd")) decoded.push(asText);
  }
  return decoded;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
