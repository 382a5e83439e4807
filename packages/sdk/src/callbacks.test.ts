import { createHmac } from "node:crypto";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  CallbackSignatureError,
  type CallbackSignatureFailure,
  constantTimeEqual,
  generateTestCallbackHeader,
  signCallbackPayload,
  type VerifyCallbackOptions,
  verifyCallbackSignature,
} from "./callbacks.js";

const T = 1_767_225_600; // 2026-01-01T00:00:00Z
const SECRET = "cbsec_test_5f2a";
const PAYLOAD = JSON.stringify({ id: "evt_1", type: "rights_request.completed", data: { id: "rr_1" } });

async function failure(options: VerifyCallbackOptions): Promise<CallbackSignatureFailure | "verified"> {
  try {
    await verifyCallbackSignature(options);
    return "verified";
  } catch (error) {
    if (error instanceof CallbackSignatureError) return error.reason;
    throw error;
  }
}

const secretArb = fc.string({ minLength: 1, maxLength: 40 });
const payloadArb = fc.json({ maxDepth: 3 });
const timestampArb = fc.integer({ min: 1_000_000, max: 4_000_000_000 });

describe("signCallbackPayload", () => {
  it("is hex HMAC-SHA256 over `<t>.<raw body>`", async () => {
    const expected = createHmac("sha256", SECRET).update(`${T}.${PAYLOAD}`).digest("hex");
    expect(await signCallbackPayload({ payload: PAYLOAD, secret: SECRET, timestamp: T })).toBe(expected);
    const bytes = new TextEncoder().encode(PAYLOAD);
    expect(await signCallbackPayload({ payload: bytes, secret: SECRET, timestamp: new Date(T * 1000) })).toBe(
      expected,
    );
  });
});

describe("generateTestCallbackHeader", () => {
  it("emits t= and one v1= per secret", async () => {
    const header = await generateTestCallbackHeader({
      payload: PAYLOAD,
      secret: ["old", "new"],
      timestamp: T,
    });
    const sign = (secret: string) => createHmac("sha256", secret).update(`${T}.${PAYLOAD}`).digest("hex");
    expect(header).toBe(`t=${T},v1=${sign("old")},v1=${sign("new")}`);
  });

  it("defaults the timestamp to now", async () => {
    const before = Math.floor(Date.now() / 1000);
    const header = await generateTestCallbackHeader({ payload: PAYLOAD, secret: SECRET });
    const t = Number(/^t=(\d+),/.exec(header)?.[1]);
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    await expect(
      verifyCallbackSignature({ payload: PAYLOAD, header, secret: SECRET }),
    ).resolves.toMatchObject({
      timestamp: t,
    });
  });
});

describe("verifyCallbackSignature", () => {
  it("returns the parsed event and timestamp of a valid callback", async () => {
    const header = await generateTestCallbackHeader({ payload: PAYLOAD, secret: SECRET, timestamp: T });
    const verified = await verifyCallbackSignature({ payload: PAYLOAD, header, secret: SECRET, now: T + 10 });
    expect(verified).toEqual({ event: JSON.parse(PAYLOAD), timestamp: T });
  });

  it("accepts the raw body as bytes", async () => {
    const bytes = new TextEncoder().encode(PAYLOAD);
    const header = await generateTestCallbackHeader({ payload: bytes, secret: SECRET, timestamp: T });
    await expect(
      verifyCallbackSignature({ payload: bytes, header, secret: SECRET, now: T }),
    ).resolves.toBeDefined();
  });

  it("accepts any matching v1 entry and any of several secrets (rotation)", async () => {
    const header = await generateTestCallbackHeader({
      payload: PAYLOAD,
      secret: ["old", "new"],
      timestamp: T,
    });
    expect(await failure({ payload: PAYLOAD, header, secret: "new", now: T })).toBe("verified");
    expect(await failure({ payload: PAYLOAD, header, secret: "old", now: T })).toBe("verified");
    expect(await failure({ payload: PAYLOAD, header, secret: ["other", "new"], now: T })).toBe("verified");
    expect(await failure({ payload: PAYLOAD, header, secret: "other", now: T })).toBe(
      "no-matching-signature",
    );
  });

  it("ignores unknown schemes, whitespace and hex case", async () => {
    const signature = await signCallbackPayload({ payload: PAYLOAD, secret: SECRET, timestamp: T });
    const header = ` t=${T} , v0=deadbeef, v1=${signature.toUpperCase()} `;
    expect(await failure({ payload: PAYLOAD, header, secret: SECRET, now: T })).toBe("verified");
  });

  it.each([
    [undefined, "missing-header"],
    [null, "missing-header"],
    ["", "missing-header"],
    ["   ", "missing-header"],
    ["garbage", "malformed-header"],
    [`v1=${"a".repeat(64)}`, "malformed-header"],
    [`t=${T}`, "malformed-header"],
    [`t=${T},v1=xyz`, "malformed-header"],
    [`t=${T},v1=${"a".repeat(63)}`, "malformed-header"],
    [`t=soon,v1=${"a".repeat(64)}`, "malformed-header"],
    [`t=-5,v1=${"a".repeat(64)}`, "malformed-header"],
    [`t=${T},t=${T},v1=${"a".repeat(64)}`, "malformed-header"],
    [`t=${T},v1=${"a".repeat(64)}`, "no-matching-signature"],
  ] as const)("rejects header %j as %s", async (header, reason) => {
    expect(await failure({ payload: PAYLOAD, header, secret: SECRET, now: T })).toBe(reason);
  });

  it("says why in the message and the reason", async () => {
    const error = await verifyCallbackSignature({ payload: PAYLOAD, header: "t=1", secret: SECRET }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CallbackSignatureError);
    expect(error).toMatchObject({
      reason: "malformed-header",
      message: expect.stringContaining("no v1 signature"),
    });
  });

  it("checks the tolerance window at its edges, in both directions", async () => {
    const header = await generateTestCallbackHeader({ payload: PAYLOAD, secret: SECRET, timestamp: T });
    const at = (now: number, toleranceSeconds?: number) =>
      failure({
        payload: PAYLOAD,
        header,
        secret: SECRET,
        now,
        ...(toleranceSeconds !== undefined && { toleranceSeconds }),
      });
    expect(await at(T + 300)).toBe("verified");
    expect(await at(T - 300)).toBe("verified");
    expect(await at(T + 301)).toBe("timestamp-outside-tolerance");
    expect(await at(T - 301)).toBe("timestamp-outside-tolerance");
    expect(await at(T + 10, 10)).toBe("verified");
    expect(await at(T + 11, 10)).toBe("timestamp-outside-tolerance");
    expect(await at(T, 0)).toBe("verified");
    expect(await at(T + 1, 0)).toBe("timestamp-outside-tolerance");
  });

  it("checks the timestamp before the signature, so a stale replay fails as stale", async () => {
    const header = await generateTestCallbackHeader({ payload: PAYLOAD, secret: SECRET, timestamp: T });
    expect(
      await failure({ payload: PAYLOAD, header, secret: SECRET, now: new Date((T + 3_600) * 1000) }),
    ).toBe("timestamp-outside-tolerance");
  });

  it("rejects a correctly signed body that is not JSON", async () => {
    const header = await generateTestCallbackHeader({ payload: "not json", secret: SECRET, timestamp: T });
    expect(await failure({ payload: "not json", header, secret: SECRET, now: T })).toBe("invalid-payload");
  });

  test.prop([payloadArb, secretArb, timestampArb, fc.integer({ min: -300, max: 300 }), fc.boolean()])(
    "every correctly signed callback within tolerance verifies",
    async (payload, secret, timestamp, skew, asBytes) => {
      const raw = asBytes ? new TextEncoder().encode(payload) : payload;
      const header = await generateTestCallbackHeader({ payload: raw, secret, timestamp });
      const verified = await verifyCallbackSignature({ payload: raw, header, secret, now: timestamp + skew });
      expect(verified).toEqual({ event: JSON.parse(payload), timestamp });
    },
  );

  test.prop([payloadArb, payloadArb, secretArb, timestampArb])(
    "any change to the body fails",
    async (payload, other, secret, timestamp) => {
      fc.pre(payload !== other);
      const header = await generateTestCallbackHeader({ payload, secret, timestamp });
      expect(await failure({ payload: other, header, secret, now: timestamp })).toBe("no-matching-signature");
    },
  );

  test.prop([
    payloadArb,
    secretArb,
    timestampArb,
    fc.integer({ min: -300, max: 300 }).filter((d) => d !== 0),
  ])(
    "any change to the timestamp fails, even within tolerance",
    async (payload, secret, timestamp, shift) => {
      fc.pre(timestamp + shift > 0);
      const header = await generateTestCallbackHeader({ payload, secret, timestamp });
      const forged = header.replace(`t=${timestamp}`, `t=${timestamp + shift}`);
      expect(await failure({ payload, header: forged, secret, now: timestamp })).toBe(
        "no-matching-signature",
      );
    },
  );

  test.prop([payloadArb, secretArb, secretArb, timestampArb])(
    "any other secret fails",
    async (payload, secret, other, timestamp) => {
      fc.pre(secret !== other);
      const header = await generateTestCallbackHeader({ payload, secret, timestamp });
      expect(await failure({ payload, header, secret: other, now: timestamp })).toBe("no-matching-signature");
    },
  );

  test.prop([payloadArb, secretArb, timestampArb, fc.nat({ max: 63 }), fc.integer({ min: 1, max: 15 })])(
    "any flipped signature digit fails",
    async (payload, secret, timestamp, position, delta) => {
      const header = await generateTestCallbackHeader({ payload, secret, timestamp });
      const signature = header.slice(header.indexOf("v1=") + 3);
      const digit = (Number.parseInt(signature[position] ?? "0", 16) + delta) % 16;
      const forged = `t=${timestamp},v1=${signature.slice(0, position)}${digit.toString(16)}${signature.slice(position + 1)}`;
      expect(await failure({ payload, header: forged, secret, now: timestamp })).toBe(
        "no-matching-signature",
      );
    },
  );

  test.prop([timestampArb, fc.integer({ min: 0, max: 3_600 }), fc.integer({ min: 1, max: 10_000 })])(
    "verifies exactly when |now - t| <= tolerance",
    async (timestamp, tolerance, distance) => {
      const header = await generateTestCallbackHeader({ payload: "{}", secret: SECRET, timestamp });
      for (const now of [timestamp + distance, timestamp - distance]) {
        const result = await failure({
          payload: "{}",
          header,
          secret: SECRET,
          now,
          toleranceSeconds: tolerance,
        });
        expect(result).toBe(distance <= tolerance ? "verified" : "timestamp-outside-tolerance");
      }
    },
  );
});

describe("constantTimeEqual", () => {
  it("compares bytes", () => {
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1]), new Uint8Array([1, 0]))).toBe(false);
  });
});
