import { Resend } from "resend";
import Stripe from "stripe";
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { testClock, useFakes } from "../test-support/harness.js";

const clock = testClock("2026-05-01T12:00:00.000Z");
const { fakes } = useFakes({ clock: clock.now });
const SID = `AC${"e5".repeat(16)}`;

describe("every request is recorded", () => {
  it("with time (by the fakes' clock), host, method, path, query, body and credential", async () => {
    await new Stripe("sk_test_recordedKey", { maxNetworkRetries: 0 }).customers.list({
      email: "ada@example.com",
      limit: 3,
    });
    const [request] = fakes.requests();
    expect(request).toMatchObject({
      seq: 1,
      time: new Date("2026-05-01T12:00:00.000Z"),
      vendor: "stripe",
      host: "api.stripe.com",
      method: "GET",
      path: "/v1/customers",
      query: { email: ["ada@example.com"], limit: ["3"] },
      credential: "sk_test_recordedKey",
      endpoint: "customers.list",
      outcome: "served",
      status: 200,
      via: "msw",
    });
    expect(fakes.requests({ since: new Date("2026-05-01T12:00:00.001Z") })).toEqual([]);
  });
});

describe("findRequestsCarrying", () => {
  it("finds an email in a form body in any case, and in a query string", async () => {
    const stripe = new Stripe("sk_test_carryKey", { maxNetworkRetries: 0 });
    await stripe.customers.create({ email: "Ada.Lovelace@Example.com", name: "Ada Lovelace" });
    await stripe.customers.list({ email: "ada.lovelace@example.com" });
    await stripe.customers.create({ email: "bada.lovelace@example.com" });
    const found = fakes.findRequestsCarrying("ADA.LOVELACE@example.com");
    expect(found.map((match) => [match.request.seq, match.locations])).toEqual([
      [1, ["body"]],
      [2, ["query"]],
    ]);
    expect(fakes.findRequestsCarrying("Ada Lovelace").map((match) => match.request.seq)).toEqual([1]);
  });

  it("finds a phone number sent as E.164 when asked in another format, and an account SID inside basic auth", async () => {
    await twilio(SID, "token").messages.create({ to: "+14155550123", from: "+15005550006", body: "hi" });
    for (const format of ["+14155550123", "(415) 555-0123", "+1 415-555-0123", "415.555.0123"]) {
      expect(fakes.findRequestsCarrying(format).map((match) => match.locations)).toEqual([["body"]]);
    }
    expect(fakes.findRequestsCarrying("+1 415 555 0199")).toEqual([]);
    expect(fakes.findRequestsCarrying(SID)[0]?.locations).toEqual(["path", "headers"]);
    expect(fakes.findRequestsCarrying("token", { kind: "text" })[0]?.locations).toContain("headers");
  });

  it("finds values behind JSON escapes and inside base64 content", async () => {
    const resend = new Resend("re_carryKey");
    await resend.emails.send({
      from: "privacy@crmfactory.example",
      to: "someone@example.com",
      subject: "Export",
      text: "attached",
      attachments: [
        { filename: "export.json", content: Buffer.from('{"email":"grace@example.com"}').toString("base64") },
      ],
    });
    const escaped =
      '{"from":"a@crmfactory.example","to":"\\u00c9mile.Zola\\u0040example.com","subject":"x","text":"y"}';
    await fetch("https://api.resend.com/emails", {
      method: "POST",
      headers: { authorization: "Bearer re_carryKey", "content-type": "application/json" },
      body: escaped,
    });
    expect(fakes.findRequestsCarrying("grace@example.com").map((match) => match.request.seq)).toEqual([1]);
    expect(fakes.findRequestsCarrying("émile.zola@example.com").map((match) => match.request.seq)).toEqual([
      2,
    ]);
  });

  it("finds text in a binary (base64-recorded) body, and can be narrowed to one vendor", async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      Buffer.from("Exif owner=grace@example.com"),
      Buffer.from([0x00, 0xfe]),
    ]);
    await fakes.fetch("https://vercel.com/api/blob/?pathname=p.jpg", {
      method: "PUT",
      headers: { authorization: "Bearer vercel_blob_rw_carrystore_s", "x-vercel-blob-access": "public" },
      body: bytes,
    });
    const [match] = fakes.findRequestsCarrying("grace@example.com");
    expect(match?.request.bodyEncoding).toBe("base64");
    expect(match?.locations).toEqual(["body"]);
    expect(fakes.findRequestsCarrying("grace@example.com", { vendor: "stripe" })).toEqual([]);
  });
});
