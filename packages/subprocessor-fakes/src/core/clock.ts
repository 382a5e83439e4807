/** A function returning "now": the fakes' timestamps follow it, so they can follow a test clock. */
export type Clock = () => Date | number;

export function readClock(clock: Clock): Date {
  const now = clock();
  return now instanceof Date ? new Date(now.getTime()) : new Date(now);
}

export const unixSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** RFC 2822 dates as Twilio writes them: "Tue, 01 Apr 2026 09:30:00 +0000". */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace("GMT", "+0000");
}
