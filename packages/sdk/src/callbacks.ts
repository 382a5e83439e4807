// @crmfactory/sdk/callbacks: verifying (and, for tests, signing) the status callbacks the API sends to
// your endpoints. An entry of its own, since a callback receiver needs none of the client (and a
// client none of this); what it shares with the client comes from the package's main entry.
import { type CallbackEvent, PrivacyError, UsageError } from "@crmfactory/sdk";
import { CALLBACK_SIGNATURE_HEADER, TEST_CLOCK_HEADER } from "./generated/contract.js";

export type { CallbackEvent, CallbackEventType } from "@crmfactory/sdk";
/**
 * `CALLBACK_SIGNATURE_HEADER`: the header of a signed status callback, `t=<unix seconds>,v1=<hex
 * HMAC-SHA256>[,v1=...]`. `CALLBACK_EVENT_ID_HEADER`: the event's id, the same on every retry and
 * redelivery (deduplicate on it).
 */
export { CALLBACK_EVENT_ID_HEADER, CALLBACK_SIGNATURE_HEADER } from "./generated/contract.js";

/**
 * In test mode, the id of the test clock whose time signed the callback: verify with `now` set to
 * that clock's `frozenTime` (`testClocks.get(id)`), not the wall clock.
 */
export const CALLBACK_TEST_CLOCK_HEADER = TEST_CLOCK_HEADER;

/**
 * Default accepted distance between the signature's timestamp and now, in seconds: 300, the
 * reference implementation's `limits.callbackSignatureTolerance` (`PT5M`); another implementation
 * publishes its own in `meta.get()`.
 */
export const DEFAULT_CALLBACK_TOLERANCE_SECONDS = 300;

/** Why a callback failed verification. */
export type CallbackSignatureFailure =
  | "missing-header"
  | "malformed-header"
  | "timestamp-outside-tolerance"
  | "no-matching-signature"
  | "invalid-payload";

/** A status callback failed verification; `reason` says exactly why. Answer it with 400. */
export class CallbackSignatureError extends PrivacyError {
  override readonly name: string = "CallbackSignatureError";
  readonly reason: CallbackSignatureFailure;

  constructor(reason: CallbackSignatureFailure, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** The raw body exactly as received (before any JSON parsing or re-serialisation). */
export type CallbackPayload = string | Uint8Array;

/** A point in time: a `Date`, or unix seconds (the unit of the header's `t=`). */
export type CallbackTime = Date | number;

/** A callback that passed verification. */
export interface VerifiedCallback {
  /** The parsed body: switch on `event.type` to narrow `event.data`. */
  event: CallbackEvent;
  /** The signature's timestamp, in unix seconds. */
  timestamp: number;
}

export interface SignCallbackOptions {
  payload: CallbackPayload;
  secret: string;
  /** The signing time. */
  timestamp: CallbackTime;
}

export interface VerifyCallbackOptions {
  payload: CallbackPayload;
  /** The `CRMFactory-Signature` header value (`null`/`undefined` when absent). */
  header: string | null | undefined;
  /** The endpoint's secret; during a rotation, pass both the old and the new one. */
  secret: string | readonly string[];
  /** Accepted clock distance in seconds, both ways. Default 300. */
  toleranceSeconds?: number;
  /**
   * The current time (default: the system clock). In test mode a callback is signed at its test
   * clock's time (header `CRMFactory-Test-Clock` names the clock): pass that clock's `frozenTime`.
   */
  now?: CallbackTime;
}

export interface TestCallbackHeaderOptions {
  payload: CallbackPayload;
  /** One secret, or several to emit one `v1` entry each (as the server does while rotating). */
  secret: string | readonly string[];
  /** The signing time (default: now). */
  timestamp?: CallbackTime;
}

const encoder = new TextEncoder();
const SIGNATURE_HEX = /^[0-9a-f]{64}$/;

/** The hex HMAC-SHA256 of `"<timestamp>.<payload>"` under `secret`, with Web Crypto. */
export async function signCallbackPayload(options: SignCallbackOptions): Promise<string> {
  const timestamp = toUnixSeconds(options.timestamp);
  return toHex(await hmac(options.secret, signedContent(timestamp, options.payload)));
}

/** Builds a valid `CRMFactory-Signature` header for `payload`, for testing a callback endpoint. */
export async function generateTestCallbackHeader(options: TestCallbackHeaderOptions): Promise<string> {
  const timestamp = toUnixSeconds(options.timestamp ?? new Date());
  const secrets = typeof options.secret === "string" ? [options.secret] : options.secret;
  const signatures = await Promise.all(
    secrets.map((secret) => signCallbackPayload({ payload: options.payload, secret, timestamp })),
  );
  return [`t=${timestamp}`, ...signatures.map((signature) => `v1=${signature}`)].join(",");
}

/**
 * Verifies a status callback and returns its parsed body. Checks, in order: the header is present
 * and well formed, its timestamp is within `toleranceSeconds` of now, and one of its `v1`
 * signatures matches one of the secrets (compared in constant time). Throws
 * {@link CallbackSignatureError} otherwise. Pass the raw body, before any JSON parsing.
 */
export async function verifyCallbackSignature(options: VerifyCallbackOptions): Promise<VerifiedCallback> {
  const { header, payload } = options;
  if (header == null || header.trim() === "") {
    throw new CallbackSignatureError("missing-header", `The ${CALLBACK_SIGNATURE_HEADER} header is missing`);
  }
  const { timestamp, signatures } = parseSignatureHeader(header);

  const tolerance = options.toleranceSeconds ?? DEFAULT_CALLBACK_TOLERANCE_SECONDS;
  const now = toUnixSeconds(options.now ?? new Date());
  if (Math.abs(now - timestamp) > tolerance) {
    throw new CallbackSignatureError(
      "timestamp-outside-tolerance",
      `The signature's timestamp ${timestamp} is ${now - timestamp} s from now (tolerance ${tolerance} s)`,
    );
  }

  const secrets = typeof options.secret === "string" ? [options.secret] : options.secret;
  if (secrets.length === 0) throw new UsageError("verifyCallbackSignature: no secret given");
  const content = signedContent(timestamp, payload);
  let matched = false;
  for (const secret of secrets) {
    const expected = await hmac(secret, content);
    // Every candidate is compared in full, whatever the outcome, so timing reveals nothing.
    for (const signature of signatures) matched = constantTimeEqual(expected, signature) || matched;
  }
  if (!matched) {
    throw new CallbackSignatureError(
      "no-matching-signature",
      "No v1 signature matches the payload and secret",
    );
  }

  try {
    const text =
      typeof payload === "string" ? payload : new TextDecoder("utf-8", { fatal: true }).decode(payload);
    // The signature proves the body came from the API; its shape is the contract's.
    return { event: JSON.parse(text) as CallbackEvent, timestamp };
  } catch {
    throw new CallbackSignatureError("invalid-payload", "The signed payload is not valid UTF-8 JSON");
  }
}

function parseSignatureHeader(header: string): { timestamp: number; signatures: Uint8Array[] } {
  let timestamp: number | undefined;
  const signatures: Uint8Array[] = [];
  for (const part of header.split(",")) {
    const separator = part.indexOf("=");
    if (separator <= 0) throw malformed(`"${part.trim()}" is not a key=value pair`);
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === "t") {
      if (timestamp !== undefined) throw malformed("more than one timestamp");
      if (!/^\d{1,12}$/.test(value)) throw malformed(`timestamp "${value}" is not unix seconds`);
      timestamp = Number(value);
    } else if (key === "v1") {
      const hex = value.toLowerCase();
      if (!SIGNATURE_HEX.test(hex)) throw malformed("a v1 signature is not 64 hex digits");
      signatures.push(fromHex(hex));
    }
    // Other schemes (v0, future v2) are ignored, as the format allows.
  }
  if (timestamp === undefined) throw malformed("no timestamp (t=)");
  if (signatures.length === 0) throw malformed("no v1 signature");
  return { timestamp, signatures };
}

function malformed(detail: string): CallbackSignatureError {
  return new CallbackSignatureError(
    "malformed-header",
    `The ${CALLBACK_SIGNATURE_HEADER} header is malformed: ${detail}`,
  );
}

function signedContent(timestamp: number, payload: CallbackPayload): Uint8Array<ArrayBuffer> {
  const prefix = encoder.encode(`${timestamp}.`);
  const body = typeof payload === "string" ? encoder.encode(payload) : payload;
  const content = new Uint8Array(prefix.length + body.length);
  content.set(prefix, 0);
  content.set(body, prefix.length);
  return content;
}

async function hmac(secret: string, content: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  if (typeof secret !== "string" || secret === "")
    throw new UsageError("The callback secret must be a non-empty string");
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, content));
}

/** Compares two byte arrays in time that depends only on their lengths. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

function toUnixSeconds(time: CallbackTime): number {
  const seconds = typeof time === "number" ? time : Math.floor(time.getTime() / 1000);
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new UsageError(`Expected a time in whole unix seconds, or a Date, got ${String(time)}`);
  }
  return seconds;
}

function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

function fromHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
