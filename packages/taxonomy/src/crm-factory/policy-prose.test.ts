import { describe, expect, it } from "vitest";
import { findNumbers } from "../find-numbers.js";
import { crmFactoryPolicy } from "./policy.js";

// The prose of the policy data: every sentence a reader sees beside the numbers.
function prose(): [string, string][] {
  const p = crmFactoryPolicy;
  const texts: [string, string][] = [];
  const add = (path: string, text: string | undefined) => {
    if (text !== undefined) texts.push([path, text]);
  };
  for (const [id, g] of Object.entries(p.guarantees)) {
    add(`guarantees.${id}.statement`, g.statement);
    add(`guarantees.${id}.interpretation`, g.interpretation);
  }
  for (const [name, r] of Object.entries(p.retention)) {
    add(`retention.${name}.records`, r.records);
    add(`retention.${name}.interpretation`, r.interpretation);
    add(`retention.${name}.hold.reason`, r.hold?.reason);
  }
  for (const [name, r] of Object.entries(p.readings)) add(`readings.${name}.statement`, r.statement);
  for (const [name, a] of Object.entries(p.anchors)) {
    add(`anchors.${name}.description`, a.description);
    add(`anchors.${name}.phrase`, a.phrase);
  }
  for (const [name, k] of Object.entries(p.rights.kinds))
    add(`rights.kinds.${name}.description`, k.description);
  for (const [name, text] of Object.entries(p.permissions)) add(`permissions.${name}`, text);
  for (const [name, r] of Object.entries(p.roles)) add(`roles.${name}.description`, r.description);
  for (const [name, s] of Object.entries(p.subprocessors)) add(`subprocessors.${name}.purpose`, s.purpose);
  for (const [name, x] of Object.entries(p.purposes)) add(`purposes.${name}.description`, x.description);
  for (const [name, x] of Object.entries(p.legalBases)) add(`legalBases.${name}.description`, x.description);
  for (const [name, x] of Object.entries(p.identifiers))
    add(`identifiers.${name}.description`, x.description);
  return texts;
}

describe("the policy's prose", () => {
  it("covers every statement and interpretation", () => {
    const paths = prose().map(([path]) => path);
    expect(paths.filter((path) => path.endsWith(".statement") && path.startsWith("guarantees"))).toHaveLength(
      Object.keys(crmFactoryPolicy.guarantees).length,
    );
  });

  it("repeats no number: each is read from the data it depends on", () => {
    const offending = prose()
      .map(([path, text]) => [path, findNumbers(text)] as const)
      .filter(([, numbers]) => numbers.length > 0);
    expect(Object.fromEntries(offending)).toEqual({});
  });
});
