import { parseArgs } from "node:util";
import { guaranteeObservations } from "@crmfactory/api";
import { properties as suiteProperties } from "../properties/index.js";
import { selectGuarantees } from "../run/select-guarantees.js";
import { SuiteRefusedError } from "../run/suite-refused.js";
import type { CliIo } from "./cli-io.js";
import { writeLine } from "./progress.js";
import { readPolicyFile } from "./read-policy-file.js";

export interface ListedGuarantee {
  readonly id: string;
  readonly method: string;
  readonly properties: readonly string[];
  /** The observation's evidence class, or the properties' own when they declare one; null for attested ones. */
  readonly evidence: string | null;
  readonly profiles: readonly string[];
}

/** `list`: every guarantee of the policy, its properties, evidence class and the profiles it needs. */
export async function listCommand(args: readonly string[], io: CliIo): Promise<0> {
  let values: { policy?: string | undefined; json?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { policy: { type: "string" }, json: { type: "boolean" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new SuiteRefusedError(error instanceof Error ? error.message : String(error));
  }
  const policy = await readPolicyFile(values.policy, io.cwd);
  const listed: ListedGuarantee[] = selectGuarantees(policy, io.properties ?? suiteProperties).map(
    ({ entry, properties }) => {
      const observation = guaranteeObservations[entry.id];
      const declared = properties.find((property) => property.evidence)?.evidence;
      return {
        id: entry.id,
        method: entry.method,
        properties: properties.map((property) => property.name),
        evidence: entry.method === "attested" ? null : (declared ?? observation?.evidence ?? null),
        profiles: observation?.profiles ?? [],
      };
    },
  );
  if (values.json) {
    writeLine(io.stdout, JSON.stringify(listed, null, 2));
    return 0;
  }
  const rows = [
    ["GUARANTEE", "METHOD", "EVIDENCE", "PROFILES", "PROPERTIES"],
    ...listed.map((item) => [
      item.id,
      item.method,
      item.evidence ?? "-",
      item.profiles.join(",") || "-",
      item.properties.join(", ") || (item.method === "attested" ? "-" : "(none: untested)"),
    ]),
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  for (const row of rows)
    writeLine(
      io.stdout,
      row
        .map((text, column) => (column === row.length - 1 ? text : text.padEnd(widths[column] ?? 0)))
        .join("  "),
    );
  const tested = listed.filter((item) => item.method !== "attested");
  writeLine(
    io.stdout,
    `\n${listed.length} guarantees of ${policy.id}: ${tested.length} tested, ${tested.filter((item) => item.properties.length > 0).length} with properties, ${listed.length - tested.length} attested`,
  );
  return 0;
}
