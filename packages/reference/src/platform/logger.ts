import pino from "pino";

export type Logger = pino.Logger;

/**
 * Paths pino blanks wherever they appear in a log record. The reference never logs bodies, queries or
 * headers; these catch personal data or secrets put in a record by mistake.
 */
export const redactedPaths = [
  "email",
  "*.email",
  "phone",
  "*.phone",
  "name",
  "*.name",
  "token",
  "*.token",
  "code",
  "*.code",
  "ipAddress",
  "*.ipAddress",
  "authorization",
  "*.authorization",
  "headers",
  "*.headers",
  "body",
  "*.body",
];

/** Errors are logged by kind only: a database error's message or detail can quote the values it refused. */
export function errorSerializer(error: unknown) {
  if (!(error instanceof Error)) return { type: typeof error };
  // SQLSTATE, routine, table and constraint name the fault without quoting a value.
  const { code, routine, table, constraint } = error as {
    code?: unknown;
    routine?: unknown;
    table?: unknown;
    constraint?: unknown;
  };
  const facts = Object.fromEntries(
    Object.entries({ sqlState: code, routine, table, constraint }).filter(
      ([, value]) => typeof value === "string",
    ),
  );
  return { type: error.name, ...facts, stack: stackFrames(error) };
}

function stackFrames(error: Error): string | undefined {
  return error.stack
    ?.split("\n")
    .filter((line) => line.trimStart().startsWith("at "))
    .join("\n");
}

export interface LoggerOptions {
  level?: pino.LevelWithSilentOrString;
  /** Where lines go; default standard output. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      base: { service: "crmfactory-reference" },
      redact: { paths: redactedPaths, censor: "[redacted]" },
      serializers: { err: errorSerializer },
    },
    options.destination,
  );
}
