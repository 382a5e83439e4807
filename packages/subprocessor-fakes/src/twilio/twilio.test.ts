import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { testClock, twilioLoopbackClient, useFakes } from "../test-support/harness.js";

const clock = testClock();
const { fakes, loopbackEnv } = useFakes({
  clock: clock.now,
  twilio: { messageInProgressMs: 60_000, callDurationMs: 30_000 },
});
const SID = `AC${"a1".repeat(16)}`;
const TOKEN = "auth-token-1";
const FROM = "+15005550006";

async function client(mode: "msw" | "loopback") {
  return mode === "msw"
    ? twilio(SID, TOKEN)
    : twilioLoopbackClient(SID, TOKEN, loopbackEnv("TWILIO_API_BASE_URL"));
}

describe.each(["msw", "loopback"] as const)("twilio-node through %s", (mode) => {
  it("sends a message, fetches and lists it with filters", async () => {
    const api = await client(mode);
    const sent = await api.messages.create({ to: "+14155550123", from: FROM, body: "Your code is 123456" });
    expect(sent.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(sent).toMatchObject({
      status: "queued",
      to: "+14155550123",
      from: FROM,
      accountSid: SID,
      direction: "outbound-api",
    });
    await api.messages.create({ to: "+14155550999", from: FROM, body: "other" });
    const toAda = await api.messages.list({ to: "+14155550123" });
    expect(toAda.map((message) => message.sid)).toEqual([sent.sid]);
    expect((await api.messages(sent.sid).fetch()).body).toBe("Your code is 123456");
    expect(fakes.requests({ vendor: "twilio" }).every((request) => request.via === mode)).toBe(true);
  });

  it("refuses to delete a message still in progress (20009), then deletes it once delivered", async () => {
    const api = await client(mode);
    const sent = await api.messages.create({ to: "+14155550123", from: FROM, body: "hello" });
    await expect(api.messages(sent.sid).remove()).rejects.toMatchObject({ code: 20009, status: 409 });
    expect(fakes.twilio.heldFor({ phone: "(415) 555-0123" })[0]?.messages).toHaveLength(1);
    clock.advance(60_000);
    expect((await api.messages(sent.sid).fetch()).status).toBe("delivered");
    expect(await api.messages(sent.sid).remove()).toBe(true);
    expect(fakes.twilio.heldFor({ phone: "+14155550123" })).toEqual([]);
    await expect(api.messages(sent.sid).fetch()).rejects.toMatchObject({ code: 20404, status: 404 });
  });

  it("settles a message to an undeliverable number as undelivered with the carrier's error code", async () => {
    const api = await client(mode);
    fakes.twilio.undeliverable("+14155550177", 30005);
    const sent = await api.messages.create({ to: "+14155550177", from: FROM, body: "hello" });
    expect(sent.status).toBe("queued");
    clock.advance(60_000);
    const settled = await api.messages(sent.sid).fetch();
    expect(settled).toMatchObject({ status: "undelivered", errorCode: 30005 });
    expect(settled.errorMessage).toBe("Unknown destination handset");
    expect(settled.dateSent).not.toBeNull();
    const other = await api.messages.create({ to: "+14155550178", from: FROM, body: "hello" });
    clock.advance(60_000);
    expect(await api.messages(other.sid).fetch()).toMatchObject({ status: "delivered", errorCode: null });
    expect(await api.messages(sent.sid).remove()).toBe(true);
  });

  it("places a recorded call; its recording appears when the call completes and can be deleted", async () => {
    const api = await client(mode);
    const call = await api.calls.create({
      to: "+14155550123",
      from: FROM,
      url: "https://example.com/twiml",
      record: true,
    });
    expect(call).toMatchObject({ status: "queued", to: "+14155550123" });
    expect(await api.recordings.list({ callSid: call.sid })).toEqual([]);
    clock.advance(30_000);
    expect((await api.calls(call.sid).fetch()).status).toBe("completed");
    const [recording] = await api.recordings.list({ callSid: call.sid });
    expect(recording).toMatchObject({ callSid: call.sid, duration: "30", status: "completed" });
    const held = fakes.twilio.heldFor({ phone: "+1 415 555 0123" });
    expect(held[0]?.recordings.map((r) => r.sid)).toEqual([recording?.sid]);
    expect(await api.recordings(recording?.sid ?? "").remove()).toBe(true);
    expect(fakes.twilio.heldFor({ phone: "+14155550123" })[0]?.recordings).toEqual([]);
  });

  it("pages through messages with next_page_uri", async () => {
    const api = await client(mode);
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      await api.messages.create({ to: "+14155550123", from: FROM, body: `m${i}` });
    }
    const page = await api.messages.page({ pageSize: 2 });
    expect(page.instances.map((message) => message.body)).toEqual(["m4", "m3"]);
    const all = await api.messages.list({ pageSize: 2 });
    expect(all.map((message) => message.body)).toEqual(["m4", "m3", "m2", "m1", "m0"]);
  });

  it("refuses a missing To, a missing body and a wrong auth token with Twilio's error shape", async () => {
    const api = await client(mode);
    await expect(api.messages.create({ to: "+14155550123", from: FROM })).rejects.toMatchObject({
      code: 21602,
    });
    await expect(api.messages.create({ to: "415-555", from: FROM, body: "x" })).rejects.toMatchObject({
      code: 21211,
    });
    const wrong =
      mode === "msw"
        ? twilio(SID, "wrong")
        : await twilioLoopbackClient(SID, "wrong", loopbackEnv("TWILIO_API_BASE_URL"));
    await expect(wrong.messages.list()).rejects.toMatchObject({ code: 20003, status: 401 });
  });
});

describe("Twilio over raw fetch", () => {
  const auth = { authorization: `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString("base64")}` };
  const base = () => `${loopbackEnv("TWILIO_API_BASE_URL")}/2010-04-01/Accounts/${SID}`;

  it("answers unknown resources with 20404 and a wrong method with 405", async () => {
    const missing = await fetch(`${base()}/Faxes.json`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      code: 20404,
      message: `The requested resource /2010-04-01/Accounts/${SID}/Faxes.json was not found`,
      more_info: "https://www.twilio.com/docs/errors/20404",
      status: 404,
    });
    const wrongMethod = await fetch(`${base()}/Calls.json`, { method: "PUT", headers: auth });
    expect(wrongMethod.status).toBe(405);
  });

  it("refuses a message without To (21604) or without From (21603); twilio-node checks To itself", async () => {
    const post = (body: string) =>
      fetch(`${base()}/Messages.json`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/x-www-form-urlencoded" },
        body,
      });
    const noTo = await post("From=%2B15005550006&Body=x");
    expect(noTo.status).toBe(400);
    expect(await noTo.json()).toMatchObject({
      code: 21604,
      more_info: "https://www.twilio.com/docs/errors/21604",
      status: 400,
    });
    expect((await (await post("To=%2B14155550123&Body=x")).json()).code).toBe(21603);
  });

  it("refuses requests without basic auth, and another account's path", async () => {
    expect((await fetch(`${base()}/Messages.json`)).status).toBe(401);
    const other = `${loopbackEnv("TWILIO_API_BASE_URL")}/2010-04-01/Accounts/AC${"b2".repeat(16)}/Messages.json`;
    expect((await fetch(other, { headers: auth })).status).toBe(401);
  });

  it("keeps accounts apart: one account's messages are invisible to another", async () => {
    const other = `AC${"c3".repeat(16)}`;
    await twilio(SID, TOKEN).messages.create({ to: "+14155550123", from: FROM, body: "mine" });
    expect(await twilio(other, "t").messages.list()).toEqual([]);
    expect(fakes.twilio.heldFor({ phone: "+14155550123", accountSid: other })).toEqual([]);
  });
});

describe("a call's recordings", () => {
  it("are listed under the call, and a call that does not exist answers 20404", async () => {
    const api = twilio(SID, TOKEN);
    const call = await api.calls.create({
      to: "+14155550123",
      from: FROM,
      twiml: "<Response/>",
      record: true,
    });
    clock.advance(30_000);
    const recordings = await api.calls(call.sid).recordings.list();
    expect(recordings.map((recording) => recording.callSid)).toEqual([call.sid]);
    await expect(api.calls(`CA${"0".repeat(32)}`).recordings.list()).rejects.toMatchObject({ code: 20404 });
  });
});
