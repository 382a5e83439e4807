import { crmFactoryPolicy, guaranteesByMethod } from "@crmfactory/taxonomy";
import { describe, expect, it } from "vitest";
import { guaranteeObservations, operationPermissions } from "./index.js";
import { byId, schemasAt, successSchema } from "./testing/contract-walk.js";

const observed = [
  ...guaranteesByMethod(crmFactoryPolicy, "tested"),
  ...guaranteesByMethod(crmFactoryPolicy, "tested-if-https"),
];
const entries = Object.values(guaranteeObservations);

describe("guaranteeObservations", () => {
  it("covers every tested guarantee of the policy, and nothing else", () => {
    expect(observed.length).toBe(38);
    expect(Object.keys(guaranteeObservations).sort()).toEqual([...observed].sort());
  });

  it.each(entries.map((entry) => [entry.guarantee, entry] as const))(
    "%s reads operations and fields that exist",
    (_id, entry) => {
      expect(entry.observe.length).toBeGreaterThan(0);
      expect(entry.decides.length).toBeGreaterThan(30);
      for (const { operation, fields } of entry.observe) {
        const found = byId.get(operation);
        expect(found, operation).toBeDefined();
        for (const field of fields) {
          const schema = found && successSchema(found.op);
          expect(schema, `${operation} has no body to read ${field}`).toBeDefined();
          expect(schema && schemasAt(schema, field).length, `${operation} ${field}`).toBeGreaterThan(0);
        }
      }
      for (const id of entry.subprocessors) expect(Object.keys(crmFactoryPolicy.subprocessors)).toContain(id);
    },
  );

  // The class is not a judgement written by hand: whatever reads the inventory rests on the
  // implementation's own word.
  it("is self-reported exactly where it reads the inventory", () => {
    for (const entry of entries) {
      const readsInventory = entry.observe.some((o) => o.operation === "getTestClockTenantInventory");
      expect(entry.evidence, entry.guarantee).toBe(readsInventory ? "self-reported" : "independent");
    }
  });

  it("derives the profiles it needs from the operations it reads", () => {
    for (const entry of entries) {
      const expected = new Set(entry.observe.map((o) => operationPermissions[o.operation].profile));
      expect(new Set(entry.profiles), entry.guarantee).toEqual(expected);
    }
    expect(guaranteeObservations["RET-CRM"]?.profiles).toEqual(["privacy", "harness", "data"]);
    expect(guaranteeObservations["SEC-SUBPROCESSOR-LIST"]?.profiles).toEqual(["privacy"]);
    expect(guaranteeObservations["DEL-REQUEST-30D"]?.profiles).toEqual(["privacy", "harness", "data"]);
  });

  // A guarantee read at the subprocessors needs data put there first: its observation says how.
  it("starts from a tenant of its own and seeds what it reads at the messaging and payments providers", () => {
    const seeding = [
      "sendMessage",
      "createCall",
      "createInvoice",
      "setPaymentMethod",
      "createMarketingMessage",
      "runAiFeature",
    ];
    for (const entry of entries) {
      expect(
        entry.observe.map((item) => item.operation),
        entry.guarantee,
      ).toContain("createTenant");
      if (entry.guarantee === "SEC-NO-SALE") continue;
      if (!entry.subprocessors.some((id) => id === "twilio" || id === "stripe")) continue;
      const ops = entry.observe.map((item) => item.operation);
      expect(
        ops.some((op) => seeding.includes(op)),
        entry.guarantee,
      ).toBe(true);
    }
  });
});
