// The contract's examples that show policy data must say what the policy data says.
import { crmFactoryPolicy, policyHash } from "@crmfactory/taxonomy";
import { describe, expect, it } from "vitest";
import { retentionScheduleView, subprocessorListView } from "./index.js";
import { doc } from "./testing/contract-walk.js";

function example(name: string): unknown {
  const examples = doc.components.schemas[name]?.examples;
  if (!Array.isArray(examples)) throw new Error(`schema ${name} has no examples`);
  return examples[0];
}

/** Every leaf of `excerpt` equals `whole`'s value at the same place (arrays compared whole). */
function expectExcerptOf(excerpt: unknown, whole: unknown, where = ""): void {
  if (excerpt !== null && typeof excerpt === "object" && !Array.isArray(excerpt)) {
    expect(whole !== null && typeof whole === "object", where).toBe(true);
    for (const [key, value] of Object.entries(excerpt)) {
      expectExcerptOf(value, (whole as Record<string, unknown>)[key], `${where}/${key}`);
    }
  } else expect(excerpt, where).toEqual(whole);
}

describe("examples of policy data", () => {
  it("show the retention schedule the policy gives", () => {
    expect(example("RetentionSchedule")).toEqual(retentionScheduleView(crmFactoryPolicy));
  });

  it("show the subprocessors the policy lists, hosts included", () => {
    const views = subprocessorListView(crmFactoryPolicy);
    expect(example("Subprocessor")).toEqual(views[0]);
    const page = example("SubprocessorList") as { data: unknown[] };
    expect(page.data).toEqual(views.slice(0, page.data.length));
  });

  it("show an excerpt of the policy document that agrees with the policy", () => {
    expectExcerptOf(example("PolicyDocument"), JSON.parse(JSON.stringify(crmFactoryPolicy)));
  });

  it("give discovery the enforced policy's real hash", () => {
    const meta = example("Meta") as { policy: { id: string; hash: string } };
    expect(meta.policy).toMatchObject({ id: crmFactoryPolicy.id, hash: policyHash(crmFactoryPolicy) });
  });
});
