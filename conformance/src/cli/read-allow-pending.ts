import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Policy } from "@crmfactory/taxonomy";
import { SuiteRefusedError } from "../run/suite-refused.js";

const looksLikeFile = (value: string) => /[\\/]|\.(json|txt)$/i.test(value);

/** The IDs of a pending file: a JSON array, or `{ "guarantees": [...] }`, or text with one ID a line (`#` comments). */
function idsOfFile(file: string, text: string): string[] {
  if (/\.json$/i.test(file)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new SuiteRefusedError(`--allow-pending ${file}: not valid JSON (${(error as Error).message})`);
    }
    const list = Array.isArray(value) ? value : (value as { guarantees?: unknown } | null)?.guarantees;
    if (!Array.isArray(list) || !list.every((id) => typeof id === "string"))
      throw new SuiteRefusedError(
        `--allow-pending ${file}: expected an array of guarantee IDs or { "guarantees": [...] }`,
      );
    return list;
  }
  return text
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter(Boolean);
}

/**
 * The guarantees `--allow-pending` names (files or comma-separated IDs). An ID the policy does not
 * have refuses the run: a misspelt pending entry would otherwise hide nothing and say nothing.
 */
export async function readAllowPending(
  values: readonly string[],
  cwd: string,
  policy: Policy,
): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const value of values) {
    let found: string[];
    if (looksLikeFile(value)) {
      let text: string;
      try {
        text = await readFile(resolve(cwd, value), "utf8");
      } catch (error) {
        throw new SuiteRefusedError(
          `--allow-pending ${value}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        );
      }
      found = idsOfFile(value, text);
    } else {
      found = value
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean);
    }
    for (const id of found) {
      if (!(id in policy.guarantees))
        throw new SuiteRefusedError(
          `--allow-pending ${value}: the policy "${policy.id}" has no guarantee ${id}`,
        );
      ids.add(id);
    }
  }
  return ids;
}
