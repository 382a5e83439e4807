// Resource shapes: https://www.twilio.com/docs/messaging/api/message-resource,
// https://www.twilio.com/docs/voice/api/call-resource, https://www.twilio.com/docs/voice/api/recording

export interface StoredMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  numMedia: number;
  created: Date;
  /** Until then the message is in progress (queued, then sending): it cannot be deleted. */
  settlesAt: Date;
  /**
   * The carrier's error once settled, for a number made undeliverable (`TwilioFake.undeliverable`):
   * the message then settles `undelivered` with this code instead of `delivered`.
   */
  undeliveredCode: number | null;
}

export interface StoredCall {
  sid: string;
  to: string;
  from: string;
  created: Date;
  endsAt: Date;
  record: boolean;
  recordingSid: string | undefined;
}

export interface StoredRecording {
  sid: string;
  callSid: string;
  created: Date;
  durationSeconds: number;
}

export interface TwilioAccount {
  authToken: string | undefined;
  messages: Map<string, StoredMessage>;
  calls: Map<string, StoredCall>;
  recordings: Map<string, StoredRecording>;
}

export const API_VERSION = "2010-04-01";

export const newTwilioAccount = (): TwilioAccount => ({
  authToken: undefined,
  messages: new Map(),
  calls: new Map(),
  recordings: new Map(),
});

/** E.164: a plus and 8 to 15 digits, optionally behind a channel prefix (`whatsapp:`). */
export const E164 = /^(?:(?:whatsapp|sms|messenger):)?\+[1-9]\d{7,14}$/;

export function formatted(number: string): string {
  const match = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(number);
  return match ? `(${match[1]}) ${match[2]}-${match[3]}` : number;
}

/** The E.164 digits of a number in any format, for comparing (`whatsapp:+1 (415) 555-0100` → `14155550100`). */
export const phoneDigits = (value: string): string => value.replace(/^[a-z]+:/, "").replace(/\D/g, "");
