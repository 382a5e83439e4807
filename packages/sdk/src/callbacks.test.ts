import { createHmac } from "node:crypto";
import vectors from "@crmfactory/api/test-vectors.json" with { type: "json" };
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  CALLBACK_EVENT_ID_HEADER,
  CALLBACK_SIGNATURE_HEADER,
  CALLBACK_TEST_CLOCK_HEADER,
  CallbackSignatureError,
  type CallbackSignatureFailure,
  constantTimeEqual,
  generateTestCallbackHeader,
  signCallbackPayload,
  type VerifyCallbackOptions,
  verifyCallbackSignature,
} from "./callbacks.js";
import { UsageError } from "./errors.js";

const T = 1_767_225_600; // 2026-01-01T00:00:00Z
const SECRET = "cbsec_test_5f2a";
// A thin event of the contract: ids, types and statuses only.
const PAYLOAD = JSON.stringify({
  id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
  type: "export.ready",
  createdAt: "2026-01-01T00:00:00.000Z",
  tenantId: "0b6f3c1e-2d4a-4f8e-9c7b-1a2b3c4d5e6f",
  data: {
    object: "export",
    id: "8f7e6d5c-4b3a-4291-8e7d-6c5b4a392817",
    status: "ready",
    rightsRequestId: null,
  },
});

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

describe("the contract's callback test vector (@crmfactory/api/test-vectors.json)", () => {
  const vector = vectors.callbackSignature;

  it("verifies, at its own time, into a thin event", async () => {
    const { event, timestamp } = await verifyCallbackSignature({
      payload: vector.body,
      header: vector.header,
      secret: vector.secret,
      now: vector.t,
    });
    expect(timestamp).toBe(vector.t);
    expect(event).toEqual(JSON.parse(vector.body));
    if (event.type !== "rightsRequest.updated") throw new Error(`unexpected ${event.type}`);
    // Thin: ids, types and statuses only.
    expect(Object.keys(event.data).sort()).toEqual([
      "change",
      "id",
      "kind",
      "object",
      "previousStatus",
      "status",
    ]);
    expect(event.data).toMatchObject({ object: "rights-request", status: "in_progress", change: "verified" });
  });

  it("is signed exactly as the SDK signs", async () => {
    expect(
      await generateTestCallbackHeader({ payload: vector.body, secret: vector.secret, timestamp: vector.t }),
    ).toBe(vector.header);
  });

  it("fails with another secret, a changed body, or the wall clock", async () => {
    const base = { payload: vector.body, header: vector.header, secret: vector.secret, now: vector.t };
    expect(await failure({ ...base, secret: `${vector.secret}x` })).toBe("no-matching-signature");
    expect(await failure({ ...base, payload: vector.body.replace("in_progress", "completed") })).toBe(
      "no-matching-signature",
    );
    expect(await failure({ ...base, now: undefined })).toBe("timestamp-outside-tolerance");
  });
});

describe("secret rotation and test clocks", () => {
  it("verifies a delivery signed with both secrets during the overlap, with either secret", async () => {
    const header = await generateTestCallbackHeader({
      payload: vectors.callbackSignature.body,
      secret: [vectors.callbackSignature.secret, "whsec_new_Qm7Lx2Vb9Tc4Nw1Rz8Kp5Hs3Jd6Fg0Ya"],
      timestamp: T,
    });
    expect(header.match(/v1=/g)).toHaveLength(2);
    for (const secret of [
      vectors.callbackSignature.secret,
      "whsec_new_Qm7Lx2Vb9Tc4Nw1Rz8Kp5Hs3Jd6Fg0Ya",
      ["whsec_new_Qm7Lx2Vb9Tc4Nw1Rz8Kp5Hs3Jd6Fg0Ya", "whsec_retired"],
    ]) {
      expect(await failure({ payload: vectors.callbackSignature.body, header, secret, now: T })).toBe(
        "verified",
      );
    }
    // After the overlap the server signs with the new secret only; the old one no longer verifies.
    const after = await generateTestCallbackHeader({
      payload: vectors.callbackSignature.body,
      secret: "whsec_new_Qm7Lx2Vb9Tc4Nw1Rz8Kp5Hs3Jd6Fg0Ya",
      timestamp: T,
    });
    expect(
      await failure({
        payload: vectors.callbackSignature.body,
        header: after,
        secret: vectors.callbackSignature.secret,
        now: T,
      }),
    ).toBe("no-matching-signature");
  });

  it("verifies a test-mode delivery against its test clock's time, not the wall clock", async () => {
    const frozenTime = new Date("2031-04-01T00:00:00.000Z"); // years after the wall clock
    const header = await generateTestCallbackHeader({
      payload: PAYLOAD,
      secret: SECRET,
      timestamp: frozenTime,
    });
    expect(await failure({ payload: PAYLOAD, header, secret: SECRET })).toBe("timestamp-outside-tolerance");
    expect(await failure({ payload: PAYLOAD, header, secret: SECRET, now: frozenTime })).toBe("verified");
    expect(
      await failure({
        payload: PAYLOAD,
        header,
        secret: SECRET,
        now: new Date(frozenTime.getTime() + 301_000),
      }),
    ).toBe("timestamp-outside-tolerance");
  });

  it("names the contract's callback headers", () => {
    expect(CALLBACK_SIGNATURE_HEADER).toBe("CRMFactory-Signature");
    expect(CALLBACK_EVENT_ID_HEADER).toBe("CRMFactory-Event-Id");
    expect(CALLBACK_TEST_CLOCK_HEADER).toBe("CRMFactory-Test-Clock");
  });

  it("refuses missing secrets and impossible times with UsageError", async () => {
    const header = await generateTestCallbackHeader({ payload: PAYLOAD, secret: SECRET, timestamp: T });
    await expect(
      verifyCallbackSignature({ payload: PAYLOAD, header, secret: [], now: T }),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(
      verifyCallbackSignature({ payload: PAYLOAD, header, secret: "", now: T }),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(
      verifyCallbackSignature({ payload: PAYLOAD, header, secret: SECRET, now: new Date("nonsense") }),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(
      signCallbackPayload({ payload: PAYLOAD, secret: SECRET, timestamp: -1 }),
    ).rejects.toBeInstanceOf(UsageError);
  });
});
