import { openapiDocument } from "@crmfactory/api";
import { Resend } from "resend";
import { describe, expect, it } from "vitest";
import { useFakes } from "../test-support/harness.js";
import { crmfactoryTags } from "./resend-objects.js";

// The contract's email profile (`x-email-profile` in packages/api) is what an implementation tags its
// emails with and what a suite reads back through `emailsTo`. Everything below is read from the
// contract document, so a kind or tag added there turns these tests red until the fake follows.

interface EmailProfileTag {
  readonly name: string;
  readonly required: boolean;
  readonly description?: string;
  readonly values?: readonly string[];
}

const profile = openapiDocument["x-email-profile"] as { provider: string; tags: EmailProfileTag[] };
const tagNamed = (name: string) => {
  const tag = profile.tags.find((candidate) => candidate.name === name);
  if (!tag) throw new Error(`the contract's email profile has no ${name} tag`);
  return tag;
};
const kindTag = tagNamed("crmfactory_kind");
const kinds = kindTag.values ?? [];
const codeTag = tagNamed("crmfactory_code");
/** The kinds the contract puts the one-time code on (`crmfactory_code`: "on `verification-code` emails only"). */
const kindsWithCode = [...(codeTag.description ?? "").matchAll(/`([a-z0-9-]+)`/g)]
  .map((match) => match[1] ?? "")
  .filter((kind) => kinds.includes(kind));

const { fakes } = useFakes({ seed: "email-profile" });
const resend = new Resend("re_emailProfileKey");

/** The tags the profile asks of an email of this kind, with a value of the tag's own per tag. */
function profileTags(kind: string) {
  return profile.tags
    .filter((tag) => tag.required || (tag === codeTag && kindsWithCode.includes(kind)))
    .map((tag) => ({ name: tag.name, value: tag === kindTag ? kind : `${tag.name}-${kind}` }));
}

describe("the email profile of the contract", () => {
  it("is the one the Resend fake stands for, with kinds and a tag holding the one-time code", () => {
    expect(profile.provider).toBe("resend");
    expect(kinds.length).toBeGreaterThan(0);
    expect(kindsWithCode.length).toBeGreaterThan(0);
    expect(codeTag.required).toBe(false);
  });

  it("has exactly the tags the inspection parses into `crmfactory`", () => {
    const parsed = Object.keys(crmfactoryTags([])).map((key) => `crmfactory_${key}`);
    expect(parsed.sort()).toEqual(profile.tags.map((tag) => tag.name).sort());
  });

  it.each(kinds)("a %s email is accepted with the profile's tags and found by its kind", async (kind) => {
    const to = `${kind}@example.com`;
    const tags = profileTags(kind);
    const { error } = await resend.emails.send({
      from: "privacy@crmfactory.example",
      to,
      subject: kind,
      text: kind,
      tags,
    });
    expect(error).toBeNull();

    const found = fakes.resend.emailsTo(to, { kind });
    expect(found).toHaveLength(1);
    expect(found[0]?.tags).toEqual(tags);
    const value = (name: string) => tags.find((tag) => tag.name === name)?.value;
    expect(found[0]?.crmfactory).toEqual({
      kind,
      ref: value("crmfactory_ref"),
      tenant: value("crmfactory_tenant"),
      code: value("crmfactory_code"),
    });
    // The code sits only where the contract puts it.
    expect(found[0]?.crmfactory.code !== undefined).toBe(kindsWithCode.includes(kind));
    for (const other of kinds.filter((candidate) => candidate !== kind))
      expect(fakes.resend.emailsTo(to, { kind: other })).toEqual([]);
  });
});
