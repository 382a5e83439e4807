#!/usr/bin/env node
// Checks that the requirements digest kept in this package (requirements/GUARANTEES.md) is a byte
// copy of the shared one beside the repository, so the pin tests read what everyone else reads.
//
//   node packages/taxonomy/scripts/check-digest-copy.mjs [path/to/shared/GUARANTEES.md]
//
// Without an argument it looks in $CRMFACTORY_SHARED_DIR, then ../shared and ../../shared from the
// repository root. Exit codes: 0 identical, 1 the copy drifted, 2 the check could not be made.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, "../../..");
export const copyPath = resolve(here, "../requirements/GUARANTEES.md");

/**
 * Where the shared digest is, or undefined.
 * @param {string} root the repository root
 * @param {Record<string, string | undefined>} env the environment
 * @returns {string | undefined}
 */
export function findSharedDigest(root, env) {
  const candidates = [
    ...(env.CRMFACTORY_SHARED_DIR ? [join(env.CRMFACTORY_SHARED_DIR, "GUARANTEES.md")] : []),
    resolve(root, "../shared/GUARANTEES.md"),
    resolve(root, "../../shared/GUARANTEES.md"),
  ];
  return candidates.find((path) => existsSync(path));
}

/**
 * The first line where two texts differ (1-based), or undefined when they are byte-identical.
 * @param {Buffer} copy
 * @param {Buffer} shared
 * @returns {{ line: number, copy: string | undefined, shared: string | undefined } | undefined}
 */
export function firstDifference(copy, shared) {
  if (copy.equals(shared)) return undefined;
  const a = copy.toString("utf8").split("\n");
  const b = shared.toString("utf8").split("\n");
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  return { line: i + 1, copy: a[i], shared: b[i] };
}

/**
 * Runs the check and says what it found.
 * @param {{ copy: string, shared: string | undefined }} paths
 * @returns {{ code: 0 | 1 | 2, message: string }}
 */
export function checkDigestCopy({ copy, shared }) {
  if (shared === undefined || !existsSync(shared)) {
    return {
      code: 2,
      message: `cannot find the shared GUARANTEES.md (${shared ?? "looked in $CRMFACTORY_SHARED_DIR, ../shared and ../../shared"}): pass its path`,
    };
  }
  if (!existsSync(copy)) return { code: 2, message: `cannot find the copy ${copy}` };
  const difference = firstDifference(readFileSync(copy), readFileSync(shared));
  if (difference === undefined) return { code: 0, message: `${copy} is identical to ${shared}` };
  const show = (/** @type {string | undefined} */ text) =>
    text === undefined ? "(end of file)" : JSON.stringify(text);
  return {
    code: 1,
    message:
      `${copy} differs from ${shared} at line ${difference.line}:\n` +
      `  copy:   ${show(difference.copy)}\n  shared: ${show(difference.shared)}\n` +
      `Copy the shared digest over it (cp "${shared}" "${copy}") and make the pin tests pass again.`,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  if (args.length > 1 || args.some((arg) => arg.startsWith("-"))) {
    console.error("usage: check-digest-copy.mjs [path/to/shared/GUARANTEES.md]");
    process.exit(2);
  }
  const result = checkDigestCopy({
    copy: copyPath,
    shared: args[0] ?? findSharedDigest(repoRoot, process.env),
  });
  (result.code === 0 ? console.log : console.error)(`check-digest-copy: ${result.message}`);
  process.exit(result.code);
}
