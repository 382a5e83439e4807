import { twilioErrors } from "./twilio-errors.js";
import type { TwilioCall, TwilioHandler } from "./twilio-fake.js";
import { API_VERSION, E164, type StoredCall, type StoredMessage } from "./twilio-objects.js";
import { callView, messageView, page, recordingView } from "./twilio-views.js";

interface TwilioRouteDefinition {
  endpoint: string;
  method: "GET" | "POST" | "DELETE";
  /** Below `/2010-04-01/Accounts/{AccountSid}`. */
  path: string;
  handler: TwilioHandler;
}

const SENDER = /^(?:(?:whatsapp|sms|messenger):)?(?:\+[1-9]\d{7,14}|\d{5,6}|[A-Za-z][A-Za-z0-9 ]{0,10})$/;
const listPath = (call: TwilioCall, resource: string) =>
  `/${API_VERSION}/Accounts/${call.accountSid}/${resource}.json`;

export const twilioRoutes: TwilioRouteDefinition[] = [
  // https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource
  {
    endpoint: "messages.create",
    method: "POST",
    path: "/Messages.json",
    handler: (call) => {
      const to = call.form.get("To");
      const from = call.form.get("From");
      const service = call.form.get("MessagingServiceSid");
      const body = call.form.get("Body") ?? "";
      const media = call.form.getAll("MediaUrl");
      if (!to) throw twilioErrors.toRequired();
      if (!E164.test(to)) throw twilioErrors.invalidTo(to);
      if (!from && !service) throw twilioErrors.fromRequired();
      if (from && !SENDER.test(from)) throw twilioErrors.invalidFrom(from);
      if (body === "" && media.length === 0 && !call.form.get("ContentSid"))
        throw twilioErrors.bodyRequired();
      if (body.length > 1600) throw twilioErrors.bodyTooLong();
      const created = call.request.time;
      const message: StoredMessage = {
        sid: call.newSid("SM"),
        to,
        from: from ?? null,
        messagingServiceSid: service ?? null,
        body,
        numMedia: media.length,
        created,
        settlesAt: new Date(created.getTime() + call.options.messageInProgressMs),
        undeliveredCode: call.undeliverable(to),
      };
      call.account.messages.set(message.sid, message);
      return { status: 201, body: messageView(call.accountSid, message, created) };
    },
  },
  // https://www.twilio.com/docs/messaging/api/message-resource#read-multiple-message-resources
  {
    endpoint: "messages.list",
    method: "GET",
    path: "/Messages.json",
    handler: (call) => {
      const query = call.request.url.searchParams;
      const to = query.get("To");
      const from = query.get("From");
      const inRange = dateFilter(query, "DateSent");
      const now = call.request.time;
      const messages = [...call.account.messages.values()]
        .filter((message) => (to === null || message.to === to) && (from === null || message.from === from))
        .filter((message) => inRange(now >= message.settlesAt ? message.settlesAt : undefined))
        .sort((a, b) => b.created.getTime() - a.created.getTime())
        .map((message) => messageView(call.accountSid, message, now));
      return { body: page("messages", messages, listPath(call, "Messages"), query) };
    },
  },
  // https://www.twilio.com/docs/messaging/api/message-resource#fetch-a-message-resource
  {
    endpoint: "messages.fetch",
    method: "GET",
    path: "/Messages/:Sid.json",
    handler: (call, { Sid = "" }) => ({
      body: messageView(call.accountSid, findMessage(call, Sid), call.request.time),
    }),
  },
  // https://www.twilio.com/docs/messaging/api/message-resource#delete-a-message-resource:
  // a message still in progress is refused (https://www.twilio.com/docs/api/errors/20009).
  {
    endpoint: "messages.delete",
    method: "DELETE",
    path: "/Messages/:Sid.json",
    handler: (call, { Sid = "" }) => {
      const message = findMessage(call, Sid);
      if (call.request.time < message.settlesAt) throw twilioErrors.stillInProgress();
      call.account.messages.delete(Sid);
      return { status: 204, body: null };
    },
  },
  // https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource
  {
    endpoint: "calls.create",
    method: "POST",
    path: "/Calls.json",
    handler: (call) => {
      const to = call.form.get("To");
      const from = call.form.get("From");
      if (!to) throw twilioErrors.callToRequired();
      if (!E164.test(to) && !to.startsWith("client:") && !to.startsWith("sip:"))
        throw twilioErrors.invalidTo(to);
      if (!from) throw twilioErrors.callFromRequired();
      if (!call.form.get("Url") && !call.form.get("Twiml") && !call.form.get("ApplicationSid"))
        throw twilioErrors.callUrlRequired();
      const record = call.form.get("Record");
      if (record !== null && record !== "true" && record !== "false")
        throw twilioErrors.invalidParameter("Record", record);
      const created = call.request.time;
      const stored: StoredCall = {
        sid: call.newSid("CA"),
        to,
        from,
        created,
        endsAt: new Date(created.getTime() + call.options.callDurationMs),
        record: record === "true",
        recordingSid: undefined,
      };
      call.account.calls.set(stored.sid, stored);
      return { status: 201, body: callView(call.accountSid, stored, created) };
    },
  },
  // https://www.twilio.com/docs/voice/api/call-resource#fetch-a-call-resource
  {
    endpoint: "calls.fetch",
    method: "GET",
    path: "/Calls/:Sid.json",
    handler: (call, { Sid = "" }) => {
      const stored = call.account.calls.get(Sid);
      if (!stored) throw twilioErrors.notFound(call.request.url.pathname);
      return { body: callView(call.accountSid, stored, call.request.time) };
    },
  },
  // https://www.twilio.com/docs/voice/api/recording#read-multiple-recording-resources
  {
    endpoint: "recordings.list",
    method: "GET",
    path: "/Recordings.json",
    handler: (call) => listRecordings(call, call.request.url.searchParams.get("CallSid"), "Recordings"),
  },
  // The same list under its call: `client.calls(sid).recordings.list()` calls it.
  {
    endpoint: "calls.recordings.list",
    method: "GET",
    path: "/Calls/:CallSid/Recordings.json",
    handler: (call, { CallSid = "" }) => {
      if (!call.account.calls.has(CallSid)) throw twilioErrors.notFound(call.request.url.pathname);
      return listRecordings(call, CallSid, `Calls/${CallSid}/Recordings`);
    },
  },
  // https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-resource
  {
    endpoint: "recordings.fetch",
    method: "GET",
    path: "/Recordings/:Sid.json",
    handler: (call, { Sid = "" }) => {
      const recording = call.account.recordings.get(Sid);
      if (!recording) throw twilioErrors.notFound(call.request.url.pathname);
      return { body: recordingView(call.accountSid, recording) };
    },
  },
  // https://www.twilio.com/docs/voice/api/recording#delete-a-recording-resource
  {
    endpoint: "recordings.delete",
    method: "DELETE",
    path: "/Recordings/:Sid.json",
    handler: (call, { Sid = "" }) => {
      if (!call.account.recordings.delete(Sid)) throw twilioErrors.notFound(call.request.url.pathname);
      return { status: 204, body: null };
    },
  },
];

function listRecordings(call: TwilioCall, callSid: string | null, resource: string) {
  const query = call.request.url.searchParams;
  const inRange = dateFilter(query, "DateCreated");
  const recordings = [...call.account.recordings.values()]
    .filter((recording) => (callSid === null || recording.callSid === callSid) && inRange(recording.created))
    .sort((a, b) => b.created.getTime() - a.created.getTime())
    .map((recording) => recordingView(call.accountSid, recording));
  return { body: page("recordings", recordings, listPath(call, resource), query) };
}

function findMessage(call: TwilioCall, sid: string): StoredMessage {
  const message = call.account.messages.get(sid);
  if (!message) throw twilioErrors.notFound(call.request.url.pathname);
  return message;
}

/** `Name` (that day, or that instant), `Name<` (on or before) and `Name>` (on or after). */
function dateFilter(query: URLSearchParams, name: string): (date: Date | undefined) => boolean {
  const parse = (raw: string | null, endOfDay: boolean) => {
    if (raw === null) return undefined;
    const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
    const date = new Date(dayOnly ? `${raw}T00:00:00Z` : raw);
    if (Number.isNaN(date.getTime())) throw twilioErrors.invalidParameter(name, raw);
    return dayOnly && endOfDay ? new Date(date.getTime() + 86_400_000 - 1) : date;
  };
  const exact = query.get(name);
  const exactDay = exact !== null && /^\d{4}-\d{2}-\d{2}$/.test(exact);
  const onOrAfter = parse(query.get(`${name}>`), false) ?? (exact === null ? undefined : parse(exact, false));
  const onOrBefore =
    parse(query.get(`${name}<`), true) ?? (exact === null ? undefined : parse(exact, exactDay));
  if (onOrAfter === undefined && onOrBefore === undefined) return () => true;
  return (date) =>
    date !== undefined &&
    (onOrAfter === undefined || date >= onOrAfter) &&
    (onOrBefore === undefined || date <= onOrBefore);
}
