import { type Duration, parseDuration } from "./duration.js";

const units: [keyof Duration, string][] = [
  ["years", "year"],
  ["months", "month"],
  ["weeks", "week"],
  ["days", "day"],
  ["hours", "hour"],
  ["minutes", "minute"],
  ["seconds", "second"],
];

/** "P90D" -> "90 days", "P1Y2M" -> "1 year 2 months", "P0D" -> "no time". For documents and the CLI. */
export function humanizeDuration(duration: string | Duration): string {
  const d = typeof duration === "string" ? parseDuration(duration) : duration;
  const parts = units
    .filter(([key]) => d[key] > 0)
    .map(([key, unit]) => `${d[key]} ${unit}${d[key] === 1 ? "" : "s"}`);
  return parts.length > 0 ? parts.join(" ") : "no time";
}
