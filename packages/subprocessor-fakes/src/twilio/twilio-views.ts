import { rfc2822 } from "../core/clock.js";
import {
  API_VERSION,
  formatted,
  type StoredCall,
  type StoredMessage,
  type StoredRecording,
} from "./twilio-objects.js";

const base = (accountSid: string) => `/${API_VERSION}/Accounts/${accountSid}`;

export type MessageStatus = "queued" | "sending" | "sent" | "delivered" | "undelivered";

// https://www.twilio.com/docs/api/errors/30003 and its neighbours: what Twilio says of an undelivered message.
const undeliveredMessages: Record<number, string> = {
  30003: "Unreachable destination handset",
  30005: "Unknown destination handset",
  30006: "Landline or unreachable carrier",
};

export function messageStatus(message: StoredMessage, now: Date): MessageStatus {
  if (now >= message.settlesAt) return message.undeliveredCode === null ? "delivered" : "undelivered";
  return now.getTime() === message.created.getTime() ? "queued" : "sending";
}

// https://www.twilio.com/docs/messaging/api/message-resource#message-properties
export function messageView(accountSid: string, message: StoredMessage, now: Date) {
  const status = messageStatus(message, now);
  const settled = status === "delivered" || status === "undelivered";
  const uri = `${base(accountSid)}/Messages/${message.sid}.json`;
  return {
    account_sid: accountSid,
    api_version: API_VERSION,
    body: message.body,
    date_created: rfc2822(message.created),
    date_sent: settled ? rfc2822(message.settlesAt) : null,
    date_updated: rfc2822(settled ? message.settlesAt : message.created),
    direction: "outbound-api",
    error_code: status === "undelivered" ? message.undeliveredCode : null,
    error_message:
      status === "undelivered"
        ? (undeliveredMessages[message.undeliveredCode ?? 0] ?? "Message undelivered")
        : null,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: String(message.numMedia),
    num_segments: String(Math.max(1, Math.ceil(message.body.length / 153))),
    price: null,
    price_unit: "USD",
    sid: message.sid,
    status,
    subresource_uris: {
      media: `${base(accountSid)}/Messages/${message.sid}/Media.json`,
      feedback: `${base(accountSid)}/Messages/${message.sid}/Feedback.json`,
    },
    to: message.to,
    uri,
  };
}

export type CallStatus = "queued" | "in-progress" | "completed";

export function callStatus(call: StoredCall, now: Date): CallStatus {
  if (now >= call.endsAt) return "completed";
  return now.getTime() === call.created.getTime() ? "queued" : "in-progress";
}

// https://www.twilio.com/docs/voice/api/call-resource#call-properties
export function callView(accountSid: string, call: StoredCall, now: Date) {
  const status = callStatus(call, now);
  const completed = status === "completed";
  return {
    account_sid: accountSid,
    annotation: null,
    answered_by: null,
    api_version: API_VERSION,
    caller_name: null,
    date_created: rfc2822(call.created),
    date_updated: rfc2822(completed ? call.endsAt : call.created),
    direction: "outbound-api",
    duration: completed ? String(Math.round((call.endsAt.getTime() - call.created.getTime()) / 1000)) : null,
    end_time: completed ? rfc2822(call.endsAt) : null,
    forwarded_from: null,
    from: call.from,
    from_formatted: formatted(call.from),
    group_sid: null,
    parent_call_sid: null,
    phone_number_sid: null,
    price: null,
    price_unit: "USD",
    queue_time: "0",
    sid: call.sid,
    start_time: status === "queued" ? null : rfc2822(call.created),
    status,
    subresource_uris: {
      recordings: `${base(accountSid)}/Calls/${call.sid}/Recordings.json`,
      notifications: `${base(accountSid)}/Calls/${call.sid}/Notifications.json`,
    },
    to: call.to,
    to_formatted: formatted(call.to),
    trunk_sid: null,
    uri: `${base(accountSid)}/Calls/${call.sid}.json`,
  };
}

// https://www.twilio.com/docs/voice/api/recording#recording-properties
export function recordingView(accountSid: string, recording: StoredRecording) {
  return {
    account_sid: accountSid,
    api_version: API_VERSION,
    call_sid: recording.callSid,
    channels: 1,
    conference_sid: null,
    date_created: rfc2822(recording.created),
    date_updated: rfc2822(recording.created),
    duration: String(recording.durationSeconds),
    encryption_details: null,
    error_code: null,
    media_url: `https://api.twilio.com${base(accountSid)}/Recordings/${recording.sid}`,
    price: null,
    price_unit: "USD",
    sid: recording.sid,
    source: "OutboundAPI",
    start_time: rfc2822(recording.created),
    status: "completed",
    subresource_uris: {
      add_on_results: `${base(accountSid)}/Recordings/${recording.sid}/AddOnResults.json`,
      transcriptions: `${base(accountSid)}/Recordings/${recording.sid}/Transcriptions.json`,
    },
    uri: `${base(accountSid)}/Recordings/${recording.sid}.json`,
  };
}

/**
 * Twilio's page envelope: `PageSize` (1 to 1000, default 50) and `Page`, with `next_page_uri`
 * carrying the filters on. https://www.twilio.com/docs/usage/twilios-response#pagination
 */
export function page<T extends { sid: string }>(
  key: string,
  items: T[],
  listPath: string,
  query: URLSearchParams,
) {
  const pageSize = clampInt(query.get("PageSize"), 50, 1, 1000);
  const pageNumber = clampInt(query.get("Page"), 0, 0, 1_000_000);
  const start = pageNumber * pageSize;
  const slice = items.slice(start, start + pageSize);
  const uriFor = (n: number, token?: string) => {
    const params = new URLSearchParams();
    for (const [name, value] of query)
      if (!["PageSize", "Page", "PageToken"].includes(name)) params.append(name, value);
    params.set("PageSize", String(pageSize));
    params.set("Page", String(n));
    if (token) params.set("PageToken", token);
    return `${listPath}?${params.toString()}`;
  };
  const last = slice.at(-1);
  const hasNext = start + pageSize < items.length;
  return {
    [key]: slice,
    end: Math.max(start, start + slice.length - 1),
    first_page_uri: uriFor(0),
    next_page_uri: hasNext && last ? uriFor(pageNumber + 1, `PA${last.sid}`) : null,
    page: pageNumber,
    page_size: pageSize,
    previous_page_uri: pageNumber > 0 ? uriFor(pageNumber - 1) : null,
    start,
    uri: uriFor(pageNumber),
  };
}

function clampInt(raw: string | null, fallback: number, min: number, max: number): number {
  if (raw === null || !/^\d+$/.test(raw)) return fallback;
  return Math.min(max, Math.max(min, Number(raw)));
}
