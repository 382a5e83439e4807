import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { NotFoundError, ValidationError } from "@crmfactory/sdk";
import { verifyCallbackSignature } from "@crmfactory/sdk/callbacks";
import { beforeAll, describe, expect, it } from "vitest";
import { OutboundRefusedError, tenantRequest } from "../platform/outbound-allow-list.js";
import { bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { capturedLogger, manualClock, runDueJobs } from "../test-support/manual-clock.js";
import { emitCallbackEvent, eventBody, signatureHeader } from "./callback-delivery.js";

const vectors = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve("@crmfactory/api/test-vectors.json"), "utf8"),
) as { callbackSignature: { secret: string; t: number; body: string; header: string } };

const secret = "whsec_first_secret_0123456789abcdefghij";
const newSecret = "whsec_second_secret_0123456789abcdefghij";

interface Received {
  url: string;
  body: string;
  signature: string | null;
  eventId: string | null;
  clock: string | null;
}

describe("the callback signature", () => {
  it("is the contract's test vector: t, then one v1 HMAC-SHA256 of t.body, as the SDK verifies it", async () => {
    const vector = vectors.callbackSignature;
    const header = signatureHeader(vector.body, [vector.secret], new Date(vector.t * 1000));
    expect(header).toBe(vector.header);
    const verified = await verifyCallbackSignature({
      payload: vector.body,
      header,
      secret: vector.secret,
      now: vector.t,
    });
    expect(verified.timestamp).toBe(vector.t);
  });
});

describe.each(drivers)("callbacks on %s", (driver) => {
  let reference: TestReference;
  const clock = manualClock("2026-04-02T10:00:00.000Z");
  const received: Received[] = [];
  const outbound: string[] = [];
  let answer = 204;
  const { logger, lines } = capturedLogger();
  beforeAll(async () => {
    reference = await bootReference(driver, {
      clock,
      logger,
      fetch: async (request) => {
        outbound.push(request.url);
        received.push({
          url: request.url,
          body: await request.text(),
          signature: request.headers.get("crmfactory-signature"),
          eventId: request.headers.get("crmfactory-event-id"),
          clock: request.headers.get("crmfactory-test-clock"),
        });
        return new Response(null, { status: answer });
      },
    });
  });

  const emit = async (tenantId: string, type = "export.ready") => {
    const schema = await schemaOf(reference, tenantId);
    return reference.platform.database.transaction(
      (tx) =>
        emitCallbackEvent(
          tx,
          { tenantId, now: clock.now(), jobs: reference.platform.jobs },
          {
            type,
            data: {
              object: "export",
              id: "8f7e6d5c-4b3a-4291-8e7d-6c5b4a392817",
              status: "ready",
              rightsRequestId: null,
            },
          },
        ),
      { searchPath: [schema, "catalog"] },
    );
  };

  it("registers an endpoint, delivers a signed thin event by a job, and logs the delivery", async () => {
    const { client, tenant } = await signUp(reference);
    const endpoint = await client.callbackEndpoints.create({
      url: `https://hooks-${tenant.id.slice(0, 8)}.acme.example/crmfactory`,
      events: ["export.ready"],
      secret,
      description: "Privacy desk",
    });
    expect(endpoint).toMatchObject({ tenantId: tenant.id, events: ["export.ready"], secretRotatedAt: null });
    expect(JSON.stringify(endpoint)).not.toContain(secret);
    const [stored] = await reference.platform.database.transaction(
      (tx) =>
        tx.query<{ secret_sealed: string }>("SELECT secret_sealed FROM callback_endpoints WHERE id = $1", [
          endpoint.id,
        ]),
      { searchPath: [await schemaOf(reference, tenant.id), "catalog"] },
    );
    expect(stored?.secret_sealed).toMatch(/^v1\./);
    expect(stored?.secret_sealed).not.toContain(secret);

    const { eventId, deliveryIds } = await emit(tenant.id);
    expect(deliveryIds).toHaveLength(1);
    const before = received.length;
    expect((await client.callbackEndpoints.listDeliveries(endpoint.id)).data[0]).toMatchObject({
      status: "pending",
      attempts: 0,
      eventId,
    });
    await runDueJobs(reference, clock.now());
    const delivery = received.slice(before).find((r) => r.url === endpoint.url);
    expect(delivery?.eventId).toBe(eventId);
    const verified = await verifyCallbackSignature({
      payload: delivery?.body ?? "",
      header: delivery?.signature,
      secret,
      now: clock.now(),
    });
    expect(verified.event).toEqual({
      id: eventId,
      type: "export.ready",
      createdAt: clock.now().toISOString(),
      tenantId: tenant.id,
      data: {
        object: "export",
        id: "8f7e6d5c-4b3a-4291-8e7d-6c5b4a392817",
        status: "ready",
        rightsRequestId: null,
      },
    });
    expect(verified.timestamp).toBe(Math.floor(clock.now().getTime() / 1000));
    const log = await client.callbackEndpoints.listDeliveries(endpoint.id);
    expect(log.data).toEqual([
      expect.objectContaining({
        id: deliveryIds[0],
        status: "succeeded",
        attempts: 1,
        lastStatusCode: 204,
        lastAttemptAt: clock.now().toISOString(),
        nextAttemptAt: null,
      }),
    ]);
    const audit = await client.audit.list();
    expect(audit.data.map((entry) => entry.action)).toContain("callback-endpoint.created");
  });

  it("retries a failed delivery with backoff on the tenant's clock, and redelivers with the same event id", async () => {
    const { client, tenant } = await signUp(reference);
    const endpoint = await client.callbackEndpoints.create({
      url: "https://retry.acme.example/hook",
      events: ["export.ready", "notice.published"],
      secret,
    });
    answer = 500;
    const { eventId } = await emit(tenant.id);
    await runDueJobs(reference, clock.now());
    let [delivery] = (await client.callbackEndpoints.listDeliveries(endpoint.id)).data;
    expect(delivery).toMatchObject({ status: "retrying", attempts: 1, lastStatusCode: 500 });
    const next = new Date(delivery?.nextAttemptAt ?? "");
    expect(next.getTime()).toBeGreaterThan(clock.now().getTime());
    expect(await runDueJobs(reference, new Date(next.getTime() - 1))).toBe(0);
    answer = 204;
    clock.set(next);
    await runDueJobs(reference, clock.now());
    [delivery] = (await client.callbackEndpoints.listDeliveries(endpoint.id, { status: "succeeded" })).data;
    expect(delivery).toMatchObject({
      status: "succeeded",
      attempts: 2,
      lastStatusCode: 204,
      nextAttemptAt: null,
    });
    expect((await client.callbackEndpoints.listDeliveries(endpoint.id, { status: "retrying" })).data).toEqual(
      [],
    );

    const before = received.length;
    const redelivered = await client.callbackEndpoints.redeliver(endpoint.id, delivery?.id ?? "");
    expect(redelivered).toMatchObject({
      id: delivery?.id,
      eventId,
      nextAttemptAt: clock.now().toISOString(),
    });
    await runDueJobs(reference, clock.now());
    const again = received.slice(before).filter((r) => r.url === endpoint.url);
    expect(again.map((r) => r.eventId)).toEqual([eventId]);
    expect((await client.callbackEndpoints.listDeliveries(endpoint.id)).data[0]).toMatchObject({
      attempts: 3,
    });
  });

  it("signs with both secrets until the previous one expires, then with the new one only", async () => {
    const { client, tenant } = await signUp(reference);
    const endpoint = await client.callbackEndpoints.create({
      url: "https://rotate.acme.example/hook",
      events: ["export.ready"],
      secret,
    });
    const until = new Date(clock.now().getTime() + 3_600_000);
    const rotated = await client.callbackEndpoints.rotateSecret(endpoint.id, {
      secret: newSecret,
      previousSecretExpiresAt: until.toISOString(),
    });
    expect(rotated).toMatchObject({
      secretRotatedAt: clock.now().toISOString(),
      previousSecretExpiresAt: until.toISOString(),
    });
    const deliver = async () => {
      const before = received.length;
      await emit(tenant.id);
      await runDueJobs(reference, clock.now());
      const got = received.slice(before).find((r) => r.url === endpoint.url);
      return got as Received;
    };
    const during = await deliver();
    expect(during.signature?.match(/v1=/g)).toHaveLength(2);
    for (const key of [secret, newSecret]) {
      await verifyCallbackSignature({
        payload: during.body,
        header: during.signature,
        secret: key,
        now: clock.now(),
      });
    }
    clock.set(new Date(until.getTime() + 1000));
    const after = await deliver();
    expect(after.signature?.match(/v1=/g)).toHaveLength(1);
    await verifyCallbackSignature({
      payload: after.body,
      header: after.signature,
      secret: newSecret,
      now: clock.now(),
    });
    await expect(
      verifyCallbackSignature({ payload: after.body, header: after.signature, secret, now: clock.now() }),
    ).rejects.toMatchObject({ reason: "no-matching-signature" });
  });

  it("refuses another tenant's endpoint, unknown fields and a plain-http URL, writing nothing", async () => {
    const first = await signUp(reference);
    const second = await signUp(reference);
    const endpoint = await first.client.callbackEndpoints.create({
      url: "https://first.acme.example/hook",
      events: ["export.ready"],
      secret,
    });
    await expect(second.client.callbackEndpoints.delete(endpoint.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(second.client.callbackEndpoints.listDeliveries(endpoint.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      second.client.callbackEndpoints.rotateSecret(endpoint.id, { secret: newSecret }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const { deliveryIds } = await emit(first.tenant.id);
    await expect(
      second.client.callbackEndpoints.redeliver(endpoint.id, deliveryIds[0] ?? ""),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      first.client.callbackEndpoints.create({
        url: "https://x.acme.example/hook",
        events: ["export.ready"],
        secret,
        colour: "red",
      } as never),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      first.client.callbackEndpoints.create({
        url: "http://plain.acme.example/hook",
        events: ["export.ready"],
        secret,
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await second.client.callbackEndpoints.list()).data).toEqual([]);
    expect((await first.client.callbackEndpoints.list()).data.map((e) => e.id)).toEqual([endpoint.id]);
    const rotatedAt = (await first.client.callbackEndpoints.list()).data[0]?.secretRotatedAt;
    expect(rotatedAt).toBeNull();
    await first.client.callbackEndpoints.delete(endpoint.id);
    await expect(first.client.callbackEndpoints.listDeliveries(endpoint.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("reaches a tenant's own callback host only while it is registered, and logs a refusal without the path", async () => {
    const { client, tenant } = await signUp(reference);
    const other = await signUp(reference);
    const url = `https://own-${tenant.id.slice(0, 8)}.acme.example/private/ada@acme.example`;
    const call = (tenantId: string) =>
      reference.platform.database.transaction((tx) =>
        reference.platform.fetch(tenantRequest({ tenantId, tx }, url, { method: "POST", body: "{}" })),
      );
    await expect(call(tenant.id)).rejects.toBeInstanceOf(OutboundRefusedError);
    const endpoint = await client.callbackEndpoints.create({ url, events: ["export.ready"], secret });
    expect((await call(tenant.id)).status).toBe(answer);
    await expect(call(other.tenant.id)).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(reference.platform.fetch(new Request(url))).rejects.toBeInstanceOf(OutboundRefusedError);
    await client.callbackEndpoints.delete(endpoint.id);
    await expect(call(tenant.id)).rejects.toBeInstanceOf(OutboundRefusedError);
    // Published subprocessors are reachable for anyone; an unknown host never reaches the network.
    const count = outbound.length;
    expect((await reference.platform.fetch(new Request("https://api.twilio.com/2010-04-01/x"))).status).toBe(
      answer,
    );
    await expect(reference.platform.fetch(new Request("https://evil.example/steal"))).rejects.toBeInstanceOf(
      OutboundRefusedError,
    );
    await expect(
      reference.platform.fetch(new Request("https://acme.my.salesforce.com/services/data")),
    ).rejects.toBeInstanceOf(OutboundRefusedError);
    expect(outbound.slice(count)).toEqual(["https://api.twilio.com/2010-04-01/x"]);
    const refusals = lines.filter((line) => line.includes("outbound call refused"));
    expect(refusals.some((line) => line.includes('"outboundHost":"evil.example"'))).toBe(true);
    expect(refusals.join("")).not.toContain("ada@acme.example");
    expect(refusals.join("")).not.toContain("/steal");
  });

  it("signs at the tenant's test-clock time, names the clock, and retries as the clock advances", async () => {
    const operator = reference.operator();
    const testClock = await operator.testClocks.create({ frozenTime: "2030-01-01T00:00:00.000Z" });
    const { client, tenant } = await signUp(reference, { testClockId: testClock.id });
    const url = "https://clocked.acme.example/hook";
    const endpoint = await client.callbackEndpoints.create({ url, events: ["notice.published"], secret });
    expect(endpoint.createdAt).toBe("2030-01-01T00:00:00.000Z");
    answer = 503;
    const schema = await schemaOf(reference, tenant.id);
    const frozen = new Date(testClock.frozenTime);
    await reference.platform.database.transaction(
      (tx) =>
        emitCallbackEvent(
          tx,
          { tenantId: tenant.id, now: frozen, jobs: reference.platform.jobs },
          { type: "notice.published", data: { object: "notice", id: tenant.id, noticeType: "breach" } },
        ),
      { searchPath: [schema, "catalog"] },
    );
    await operator.testClocks.advance(testClock.id, { frozenTime: "2030-01-01T00:00:30.000Z" });
    await waitForClock(reference, testClock.id);
    let [delivery] = (await client.callbackEndpoints.listDeliveries(endpoint.id)).data;
    expect(delivery).toMatchObject({
      status: "retrying",
      attempts: 1,
      lastAttemptAt: "2030-01-01T00:00:00.000Z",
    });
    answer = 204;
    await operator.testClocks.advance(testClock.id, { frozenTime: "2030-01-02T00:00:00.000Z" });
    await waitForClock(reference, testClock.id);
    [delivery] = (await client.callbackEndpoints.listDeliveries(endpoint.id)).data;
    expect(delivery).toMatchObject({
      status: "succeeded",
      attempts: 2,
      lastAttemptAt: delivery?.lastAttemptAt,
    });
    const attemptAt = new Date(delivery?.lastAttemptAt ?? "");
    expect(attemptAt.getTime()).toBeGreaterThan(frozen.getTime());
    const got = received.filter((r) => r.url === url);
    expect(got).toHaveLength(2);
    const last = got[1] as Received;
    expect(last.clock).toBe(testClock.id);
    await verifyCallbackSignature({ payload: last.body, header: last.signature, secret, now: attemptAt });
    // Against the wall clock, four years away, the same signature is out of tolerance.
    await expect(
      verifyCallbackSignature({
        payload: last.body,
        header: last.signature,
        secret,
        now: new Date("2026-01-01"),
      }),
    ).rejects.toMatchObject({ reason: "timestamp-outside-tolerance" });
  });

  it("delivers nothing to an endpoint not subscribed to the event's type", async () => {
    const { client, tenant } = await signUp(reference);
    const endpoint = await client.callbackEndpoints.create({
      url: "https://quiet.acme.example/hook",
      events: ["notice.published"],
      secret,
    });
    const { deliveryIds } = await emit(tenant.id, "export.ready");
    expect(deliveryIds).toEqual([]);
    expect((await client.callbackEndpoints.listDeliveries(endpoint.id)).data).toEqual([]);
    expect(eventBody({ id: "e", type: "t", created_at: clock.now(), data: {} }, tenant.id)).toBe(
      `{"id":"e","type":"t","createdAt":"${clock.now().toISOString()}","tenantId":"${tenant.id}","data":{}}`,
    );
  });
});

async function schemaOf(reference: TestReference, tenantId: string): Promise<string> {
  const [row] = await reference.platform.database.transaction((tx) =>
    tx.query<{ schema_name: string }>("SELECT schema_name FROM catalog.tenants WHERE id = $1", [tenantId]),
  );
  return row?.schema_name ?? "";
}

async function waitForClock(reference: TestReference, clockId: string) {
  for (let i = 0; i < 500; i++) {
    const clock = await reference.operator().testClocks.get(clockId);
    if (clock.status === "ready") return clock;
    if (clock.status === "failed") throw new Error("the test clock failed");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the test clock did not finish advancing");
}
