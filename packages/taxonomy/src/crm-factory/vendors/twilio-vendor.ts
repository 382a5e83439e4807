import type { VendorProfile } from "../../policy-schema.js";

const account = "/2010-04-01/Accounts/{AccountSid}";
const messages = "https://www.twilio.com/docs/messaging/api/message-resource";
const calls = "https://www.twilio.com/docs/voice/api/call-resource";
const recordings = "https://www.twilio.com/docs/voice/api/recording";

// Messaging and voice. The twilio SDK has no base-URL option, so implementations call the REST API
// with fetch at TWILIO_API_BASE_URL. The SDK's hosts are the base URLs of its product domains and
// its TLS self-test (twilio@6.3.1, lib/rest/*Base.js and lib/base/BaseTwilio.js); with TWILIO_EDGE or
// TWILIO_REGION set it calls <product>.<edge>.<region>.twilio.com instead, hence *.twilio.com.
export const twilioVendor = {
  baseUrlEnv: "TWILIO_API_BASE_URL",
  defaultBaseUrl: "https://api.twilio.com",
  sdk: {
    package: "twilio",
    version: "6.3.1",
    hosts: [
      ...[
        "accounts",
        "api",
        "bulkexports",
        "chat",
        "content",
        "conversations",
        "events",
        "flex-api",
        "frontline-api",
        "iam",
        "insights",
        "intelligence",
        "ip-messaging",
        "knowledge",
        "lookups",
        "marketplace",
        "memory",
        "messaging",
        "monitor",
        "notify",
        "numbers",
        "oauth",
        "preview",
        "preview-iam",
        "pricing",
        "proxy",
        "routes",
        "serverless",
        "studio",
        "supersim",
        "sync",
        "taskrouter",
        "tls-test",
        "trunking",
        "trusthub",
        "verify",
        "video",
        "voice",
        "webhooks",
        "wireless",
      ].map((product) => `${product}.twilio.com`),
      "*.twilio.com",
    ],
  },
  endpoints: [
    {
      id: "messages.create",
      method: "POST",
      path: `${account}/Messages.json`,
      purpose: "Send an SMS or WhatsApp message",
      docs: `${messages}#create-a-message-resource`,
    },
    {
      id: "messages.fetch",
      method: "GET",
      path: `${account}/Messages/{Sid}.json`,
      purpose: "Fetch a message",
      docs: `${messages}#fetch-a-message-resource`,
    },
    {
      id: "messages.list",
      method: "GET",
      path: `${account}/Messages.json`,
      purpose: "List messages (by To or From)",
      docs: `${messages}#read-multiple-message-resources`,
    },
    {
      id: "messages.delete",
      method: "DELETE",
      path: `${account}/Messages/{Sid}.json`,
      purpose: "Delete a message",
      docs: `${messages}#delete-a-message-resource`,
    },
    {
      id: "calls.create",
      method: "POST",
      path: `${account}/Calls.json`,
      purpose: "Place a call",
      docs: `${calls}#create-a-call-resource`,
    },
    {
      id: "calls.fetch",
      method: "GET",
      path: `${account}/Calls/{Sid}.json`,
      purpose: "Fetch a call",
      docs: `${calls}#fetch-a-call-resource`,
    },
    {
      id: "recordings.list",
      method: "GET",
      path: `${account}/Recordings.json`,
      purpose: "List recordings (by CallSid)",
      docs: `${recordings}#read-multiple-recording-resources`,
    },
    {
      id: "calls.recordings.list",
      method: "GET",
      path: `${account}/Calls/{CallSid}/Recordings.json`,
      purpose: "List a call's recordings (the SDK's calls(sid).recordings.list())",
      docs: `${recordings}#read-multiple-recording-resources`,
    },
    {
      id: "recordings.fetch",
      method: "GET",
      path: `${account}/Recordings/{Sid}.json`,
      purpose: "Fetch a recording",
      docs: `${recordings}#fetch-a-recording-resource`,
    },
    {
      id: "recordings.delete",
      method: "DELETE",
      path: `${account}/Recordings/{Sid}.json`,
      purpose: "Delete a recording",
      docs: `${recordings}#delete-a-recording-resource`,
    },
  ],
  subjectLinks: [
    {
      object: "message",
      field: "To",
      identifier: "phone",
      description: "The recipient's number, in E.164 form.",
    },
    {
      object: "message",
      field: "From",
      identifier: "phone",
      description: "The sender's number, for inbound messages.",
    },
    { object: "call", field: "To", identifier: "phone", description: "The number called." },
    {
      object: "recording",
      field: "CallSid",
      identifier: "phone",
      via: "call",
      description: "A recording belongs to the subject of its call.",
    },
  ],
} satisfies VendorProfile;
