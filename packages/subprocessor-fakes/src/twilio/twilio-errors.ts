import { json } from "../core/vendor.js";

// Twilio's error shape and codes: https://www.twilio.com/docs/usage/twilios-response#response-formats-exceptions
// and the error dictionary https://www.twilio.com/docs/api/errors
export class TwilioError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export function twilioErrorResponse(error: TwilioError, headers: Record<string, string> = {}): Response {
  return json(
    error.status,
    {
      code: error.code,
      message: error.message,
      more_info: `https://www.twilio.com/docs/errors/${error.code}`,
      status: error.status,
    },
    headers,
  );
}

export const twilioErrors = {
  authenticate: () => new TwilioError(401, 20003, "Authenticate"),
  notFound: (path: string) => new TwilioError(404, 20404, `The requested resource ${path} was not found`),
  methodNotAllowed: (method: string) => new TwilioError(405, 20004, `Method not allowed: ${method}`),
  toRequired: () => new TwilioError(400, 21604, "A 'To' phone number is required."),
  fromRequired: () => new TwilioError(400, 21603, "A 'From' phone number is required."),
  bodyRequired: () => new TwilioError(400, 21602, "Message body is required."),
  bodyTooLong: () =>
    new TwilioError(400, 21617, "The concatenated message body exceeds the 1600 character limit."),
  invalidTo: (to: string) => new TwilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`),
  invalidFrom: (from: string) =>
    new TwilioError(
      400,
      21212,
      `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`,
    ),
  callToRequired: () => new TwilioError(400, 21201, "No 'To' number is specified"),
  callFromRequired: () => new TwilioError(400, 21213, "No 'From' number is specified"),
  callUrlRequired: () => new TwilioError(400, 21205, "Url parameter is required."),
  invalidParameter: (name: string, value: string) => new TwilioError(400, 20001, `Invalid ${name}: ${value}`),
  // https://www.twilio.com/docs/api/errors/20009
  stillInProgress: () => new TwilioError(409, 20009, "Cannot delete this resource before it is complete"),
} as const;

const faultMessages: Record<number, [number, string]> = {
  409: [20409, "Conflict"],
  429: [20429, "Too Many Requests"],
  500: [20500, "Internal Server Error"],
  502: [20502, "Bad Gateway"],
  503: [20503, "Service Unavailable"],
};

export function twilioFault(status: number): TwilioError {
  const [code, message] = faultMessages[status] ?? [20500, "Internal Server Error"];
  return new TwilioError(status, code, message);
}
