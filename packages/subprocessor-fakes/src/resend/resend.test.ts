import { Resend } from "resend";
import { describe, expect, it } from "vitest";
import { testClock, useFakes } from "../test-support/harness.js";

const clock = testClock();
const { fakes, loopbackEnv } = useFakes({ clock: clock.now });
const KEY = "re_fakesResendKey1";

const client = (mode: "msw" | "loopback", key = KEY) =>
  mode === "msw" ? new Resend(key) : new Resend(key, { baseUrl: loopbackEnv("RESEND_BASE_URL") });

const verificationEmail = {
  from: "CRM Factory <privacy@crmfactory.example>",
  to: ["Ada.Lovelace@Example.com"],
  subject: "Your verification code",
  text: "Your code is 493027",
  tags: [
    { name: "crmfactory_kind", value: "verification-code" },
    { name: "crmfactory_ref", value: "rr_123" },
    { name: "crmfactory_tenant", value: "tenant-1" },
    { name: "crmfactory_code", value: "493027" },
  ],
};

describe.each(["msw", "loopback"] as const)("resend-node through %s", (mode) => {
  it("sends and retrieves an email; the inspection reads the email profile's tags", async () => {
    const resend = client(mode);
    const { data, error } = await resend.emails.send(verificationEmail);
    expect(error).toBeNull();
    expect(data?.id).toMatch(/^[0-9a-f-]{36}$/);
    const fetched = await resend.emails.get(data?.id ?? "");
    expect(fetched.data).toMatchObject({
      object: "email",
      subject: "Your verification code",
      to: ["Ada.Lovelace@Example.com"],
    });
    const [sent] = fakes.resend.emailsTo("ada.lovelace@example.com", { kind: "verification-code" });
    expect(sent?.crmfactory).toEqual({
      kind: "verification-code",
      ref: "rr_123",
      tenant: "tenant-1",
      code: "493027",
    });
    expect(fakes.resend.emailsTo("ada.lovelace@example.com", { kind: "marketing" })).toEqual([]);
    expect(
      fakes.resend.emailsTo("ada.lovelace@example.com", { tag: { name: "crmfactory_ref", value: "rr_123" } }),
    ).toHaveLength(1);
    expect(fakes.requests({ vendor: "resend" }).every((request) => request.via === mode)).toBe(true);
  });

  it("refuses tags outside ASCII letters, digits, _ and -, and a missing recipient", async () => {
    const resend = client(mode);
    const badTag = await resend.emails.send({
      ...verificationEmail,
      tags: [{ name: "crmfactory kind", value: "x" }],
    });
    expect(badTag.error).toMatchObject({ name: "validation_error", statusCode: 422 });
    // biome-ignore lint/suspicious/noExplicitAny: a missing required field on purpose
    const noTo = await resend.emails.send({ ...verificationEmail, to: undefined } as any);
    expect(noTo.error).toMatchObject({ name: "missing_required_field", statusCode: 422 });
    expect(fakes.resend.emailsTo("ada.lovelace@example.com")).toEqual([]);
  });

  it("manages contacts in an audience: create, get by id or email, update, list, delete", async () => {
    const resend = client(mode);
    const audience = await resend.audiences.create({ name: "tenant-1" });
    const audienceId = audience.data?.id ?? "";
    expect(audience.data).toMatchObject({ name: "tenant-1" });
    const created = await resend.contacts.create({
      audienceId,
      email: "grace@example.com",
      firstName: "Grace",
    });
    const id = created.data?.id ?? "";
    expect((await resend.contacts.get({ audienceId, id })).data).toMatchObject({
      email: "grace@example.com",
      first_name: "Grace",
    });
    expect((await resend.contacts.get({ audienceId, email: "GRACE@example.com" })).data?.id).toBe(id);
    await resend.contacts.update({ audienceId, id, lastName: "Hopper" });
    expect(fakes.resend.contactsFor({ email: "grace@example.com" })).toEqual([
      expect.objectContaining({ id, last_name: "Hopper", audienceId, apiKey: KEY }),
    ]);
    const listed = await resend.contacts.list({ audienceId });
    expect(listed.data?.data.map((contact) => contact.id)).toEqual([id]);
    const removed = await resend.contacts.remove({ audienceId, email: "grace@example.com" });
    expect(removed.data).toMatchObject({ deleted: true, contact: id });
    expect(fakes.resend.contactsFor({ email: "grace@example.com" })).toEqual([]);
  });

  it("refuses a contact in an audience that does not exist", async () => {
    const resend = client(mode);
    const result = await resend.contacts.create({
      audienceId: "3d1f0c5e-9a4b-4c4e-8f00-000000000000",
      email: "x@example.com",
    });
    expect(result.error).toMatchObject({ name: "not_found", statusCode: 404 });
  });

  it("refuses an invalid API key and keeps keys apart", async () => {
    expect((await client(mode, "not-a-key").emails.send(verificationEmail)).error).toMatchObject({
      name: "invalid_api_key",
      statusCode: 403,
    });
    await client(mode).emails.send(verificationEmail);
    expect(fakes.resend.emailsTo("ada.lovelace@example.com", { apiKey: "re_otherTenantKey" })).toEqual([]);
  });
});

describe("Resend over raw fetch", () => {
  const base = () => loopbackEnv("RESEND_BASE_URL");
  const headers = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };

  it("has no endpoint to delete a sent email: 405, and the email stays", async () => {
    const { data } = await client("msw").emails.send(verificationEmail);
    const response = await fetch(`${base()}/emails/${data?.id}`, { method: "DELETE", headers });
    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({ name: "method_not_allowed", statusCode: 405 });
    expect(fakes.inventory({ vendor: "resend" })).toEqual([
      expect.objectContaining({ object: "email", deletable: false }),
    ]);
  });

  it("answers unknown paths with not_found and a missing key with 401", async () => {
    const unknown = await fetch(`${base()}/broadcasts`, { headers });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      statusCode: 404,
      name: "not_found",
      message: "The requested endpoint does not exist.",
    });
    const anonymous = await fetch(`${base()}/emails`, { method: "POST", body: "{}" });
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).name).toBe("missing_api_key");
  });

  it("refuses malformed JSON, and replays an Idempotency-Key (409 with another payload)", async () => {
    expect((await fetch(`${base()}/emails`, { method: "POST", headers, body: "{not json" })).status).toBe(
      422,
    );
    const send = (body: unknown) =>
      fetch(`${base()}/emails`, {
        method: "POST",
        headers: { ...headers, "idempotency-key": "welcome/1" },
        body: JSON.stringify(body),
      });
    const first = await (await send(verificationEmail)).json();
    expect(await (await send(verificationEmail)).json()).toEqual(first);
    const conflict = await send({ ...verificationEmail, subject: "other" });
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).name).toBe("invalid_idempotent_request");
    expect(fakes.resend.emailsTo("ada.lovelace@example.com")).toHaveLength(1);
  });
});
