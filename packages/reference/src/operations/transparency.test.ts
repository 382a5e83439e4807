import { retentionScheduleView, subprocessorListView } from "@crmfactory/api";
import { beforeAll, describe, expect, it } from "vitest";
import {
  baseUrl,
  bootReference,
  drivers,
  operatorToken,
  signUp,
  type TestReference,
} from "../test-support/boot.js";

describe.each(drivers)("transparency and attestations on %s", (driver) => {
  let reference: TestReference;
  beforeAll(async () => {
    reference = await bootReference(driver);
  });

  it("serves the retention schedule and the complete subprocessor list computed from the enforced policy", async () => {
    const { client } = await signUp(reference);
    expect(await client.retention.schedule()).toEqual(retentionScheduleView(reference.platform.policy));
    const listed = [];
    for await (const subprocessor of client.subprocessors.list({ limit: 2 })) listed.push(subprocessor);
    expect(listed).toEqual(subprocessorListView(reference.platform.policy));
    expect(listed.filter((s) => s.namedInPolicy).length).toBeGreaterThanOrEqual(5);
  });

  it("records the operator's attestations of attested guarantees, serves them in discovery, and withdraws them", async () => {
    const operator = reference.operator();
    const attested = Object.entries(reference.platform.policy.guarantees).find(
      ([, g]) => g.method === "attested",
    )?.[0];
    const tested = Object.entries(reference.platform.policy.guarantees).find(
      ([, g]) => g.method === "tested",
    )?.[0];
    const body = {
      attestedBy: { name: "Grace Hopper", role: "Head of Security" },
      evidence: { reference: "SOC 2 Type II report 2026", description: "Audited controls." },
    };
    const put = await operator.attestations.put(attested as string, body);
    expect(put).toMatchObject({ guaranteeId: attested, ...body, validUntil: null });
    expect((await reference.client(null).meta.get()).attestations.map((a) => a.guaranteeId)).toContain(
      attested,
    );
    const refused = await reference.checkedFetch(
      new Request(`${baseUrl}/platform/attestations/${tested}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${operatorToken}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    );
    expect(refused.status).toBe(404);
    await operator.attestations.delete(attested as string);
    expect((await operator.attestations.list()).data.map((a) => a.guaranteeId)).not.toContain(attested);
    await expect(operator.attestations.delete(attested as string)).rejects.toMatchObject({ status: 404 });
  });
});
