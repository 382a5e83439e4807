import { createReferenceTarget, type ReferenceTarget } from "@crmfactory/conformance-faults";
import { createPrivacyClient } from "@crmfactory/sdk";
import { createSubprocessorFakes } from "@crmfactory/subprocessor-fakes";
import { crmFactoryPolicy } from "@crmfactory/taxonomy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanForValues } from "./probe-scan.js";

let target: ReferenceTarget;
beforeAll(async () => {
  const fakes = createSubprocessorFakes({ policy: crmFactoryPolicy, seed: "probe-scan" });
  target = await createReferenceTarget({
    fetch: (request) => fakes.fetch(request),
    vendorBaseUrls: {},
    operatorToken: "crmf_probe_scan_operator_token_0123456789",
  });
});
afterAll(() => target?.close());

describe("scanForValues", () => {
  it("finds a stored value in whatever table holds it, honours exclusions, and finds nothing it was not given", async () => {
    const client = createPrivacyClient({
      baseUrl: "http://probe.test/v1",
      apiKey: null,
      fetch: target.fetch,
      retries: false,
    });
    const marker = `probe_${crypto.randomUUID().slice(0, 8)}`;
    const signUp = await client.tenant.create({
      companyName: `Company ${marker}`,
      owner: { name: "Probe Owner", email: `${marker}@probe.example`, birthDate: "1980-01-01" },
    });
    const owner = createPrivacyClient({
      baseUrl: "http://probe.test/v1",
      apiKey: signUp.session.token,
      fetch: target.fetch,
      retries: false,
    });
    await owner.contacts.create({ name: `Contact ${marker}`, email: `contact.${marker}@probe.example` });

    const hits = await scanForValues(target.probe, [`contact.${marker}@probe.example`, `never_${marker}`]);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((hit) => hit.value === `contact.${marker}@probe.example`)).toBe(true);

    const tables = [...new Set(hits.map((hit) => hit.table))];
    const rest = await scanForValues(target.probe, [`contact.${marker}@probe.example`], { exclude: tables });
    expect(rest).toEqual([]);
    // LIKE's wildcards in a value match only themselves.
    expect(await scanForValues(target.probe, [`contact.${marker}@probe%`.replace("probe%", "%")])).toEqual(
      [],
    );
  });
});
