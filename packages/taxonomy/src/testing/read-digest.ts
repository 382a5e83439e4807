import { readFileSync } from "node:fs";

/** The requirements digest (GUARANTEES.md), split into its readings and its table rows. */
export interface Digest {
  /** Each bullet of "Policy-wide parameters and readings", by its bold title, as one line of text. */
  readings: Map<string, string>;
  /** Each table row by guarantee ID, its cells by column name (guarantee, interpretation, method...). */
  rows: Map<string, Record<string, string>>;
}

export function readDigest(path: string): Digest {
  return parseDigest(readFileSync(path, "utf8"));
}

export function parseDigest(markdown: string): Digest {
  const readings = new Map<string, string>();
  const rows = new Map<string, Record<string, string>>();
  let columns: string[] | undefined;
  let reading: string | undefined;
  for (const line of markdown.split("\n")) {
    const bullet = /^- \*\*(.+?)\*\*\s*(.*)$/.exec(line);
    if (bullet) {
      reading = bullet[1] as string;
      readings.set(reading, bullet[2] as string);
      continue;
    }
    if (reading && /^ {2}\S/.test(line)) {
      readings.set(reading, `${readings.get(reading)} ${line.trim()}`);
      continue;
    }
    reading = undefined;
    if (!line.startsWith("|")) {
      columns = undefined;
      continue;
    }
    const cells = line
      .slice(1, line.endsWith("|") ? -1 : undefined)
      .split("|")
      .map((cell) => cell.trim());
    if (cells[0] === "ID") {
      columns = cells;
    } else if (columns && !/^-+$/.test(cells[0] ?? "")) {
      const entry = Object.fromEntries(columns.map((name, i) => [name, cells[i] ?? ""]));
      rows.set(cells[0] as string, entry);
    }
  }
  return { readings, rows };
}

const units: Record<string, string> = { year: "Y", month: "M", week: "W", day: "D" };

/** "90 days", "12 months", "30-day", "7 years" -> P90D, P12M, P30D, P7Y; "72 hours" -> PT72H. */
export function digestDuration(text: string): string {
  const match = /^(\d+)[\s-](year|month|week|day|hour)s?$/.exec(text.trim());
  if (!match) throw new Error(`not a duration in the digest: ${JSON.stringify(text)}`);
  const [, count, unit] = match;
  return unit === "hour" ? `PT${count}H` : `P${count}${units[unit as string]}`;
}
