import { PrivacyApiError } from "@crmfactory/sdk";
import { type HoldingFilter, heldRecordIds, tenantInventory } from "../../evidence/inventory-records.js";
import { scanForValues } from "../../evidence/probe-scan.js";
import type { PropertyContext } from "../../harness/property.js";
import { expectGuarantee } from "../../harness/violation.js";
import type { ClockedTenant } from "../../world/clocked-tenant.js";

const sorted = (ids: Iterable<string>) => [...ids].sort();

/**
 * Before a deadline the inventory lists exactly the ids the model seeded for each filter, so an
 * inventory that says nothing (or lists what the model never made) cannot pass.
 */
export async function expectInventoryExactly(
  guarantee: string,
  context: PropertyContext,
  tenant: ClockedTenant,
  expected: readonly (HoldingFilter & { ids: readonly string[] })[],
): Promise<void> {
  const inventory = await tenantInventory(context, tenant);
  for (const { ids, ...filter } of expected) {
    const held = sorted(heldRecordIds(inventory, filter));
    expectGuarantee(
      JSON.stringify(held) === JSON.stringify(sorted(ids)),
      `${guarantee}: before its deadline the inventory must list exactly the ${filter.recordType} records seeded`,
      { filter, expected: sorted(ids), listed: held, asOf: inventory.asOf },
    );
  }
}

/** After a deadline the inventory lists none of these records (the implementation's own word). */
export async function expectInventoryHoldsNone(
  guarantee: string,
  context: PropertyContext,
  tenant: ClockedTenant,
  filters: readonly HoldingFilter[],
): Promise<void> {
  const inventory = await tenantInventory(context, tenant);
  for (const filter of filters) {
    const held = sorted(heldRecordIds(inventory, filter));
    expectGuarantee(
      held.length === 0,
      `${guarantee}: ${filter.recordType} records are still held past the deadline`,
      {
        filter,
        listed: held,
        asOf: inventory.asOf,
      },
    );
  }
}

/**
 * Independent evidence that the seeded values are gone from the target's database: a probe scan of
 * every table. Without a probe the decision rests on the inventory, and the run says so.
 */
export async function expectProbeFindsNone(
  guarantee: string,
  context: PropertyContext,
  values: readonly string[],
  options: { exclude?: readonly string[]; what: string },
): Promise<void> {
  const probe = context.target.probe;
  if (!probe) {
    context.selfReported(`${guarantee}: ${options.what} gone, read from the inventory (no database probe)`);
    return;
  }
  const hits = await scanForValues(probe, values, options.exclude ? { exclude: options.exclude } : {});
  expectGuarantee(hits.length === 0, `${guarantee}: ${options.what} still stored past the deadline`, {
    hits: hits.map((hit) => ({ table: `${hit.schema}.${hit.table}`, value: hit.value })),
  });
}

/**
 * Refusals that say the record, the credential or the whole account is gone: the target's own "no
 * such thing" (400/422 for a sign-in naming nothing, 401 for a credential or a session, 404, 410).
 */
const goneStatuses = new Set([400, 401, 404, 410, 422]);

/**
 * A read through the API that must not be served any more (the record, or the session, is gone). Only
 * a refusal saying so counts: a 5xx, a timeout or a broken connection is not evidence that anything
 * went, so it fails the run (errored) instead of passing it.
 */
export async function expectNotServed(
  guarantee: string,
  what: string,
  read: () => Promise<unknown>,
): Promise<void> {
  let served: unknown;
  try {
    served = await read();
  } catch (error) {
    if (error instanceof PrivacyApiError && goneStatuses.has(error.status)) return;
    throw error;
  }
  expectGuarantee(false, `${guarantee}: ${what} is still served through the API past the deadline`, {
    served,
  });
}

/**
 * A read of a record the model says is kept: the record, or `undefined` when the target answers that it
 * has no such record (404, 410), so the field-by-field check reports it missing as a violation of the
 * guarantee instead of the run ending in an error.
 */
export async function readKept<Record>(read: () => Promise<Record>): Promise<Record | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof PrivacyApiError && (error.status === 404 || error.status === 410)) return undefined;
    throw error;
  }
}

/** Field-by-field equality of what the target answered with what the model put in. */
export function expectFields(
  guarantee: string,
  what: string,
  actual: Record<string, unknown> | undefined,
  expected: Readonly<Record<string, unknown>>,
): void {
  expectGuarantee(actual !== undefined, `${guarantee}: ${what} is missing`, { expected });
  const differing = Object.keys(expected).filter(
    (key) => JSON.stringify(canonical(actual[key])) !== JSON.stringify(canonical(expected[key])),
  );
  expectGuarantee(differing.length === 0, `${guarantee}: ${what} does not hold the values put in`, {
    differing: Object.fromEntries(
      differing.map((key) => [key, { expected: expected[key], actual: actual[key] }]),
    ),
  });
}

/** Objects compared with sorted keys (JSON members come back in any order). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, inner]) => [key, canonical(inner)]),
    );
  return value;
}

/**
 * After a purge, no object a fake vendor holds that links to one of `values` may still be deletable
 * through the vendor's API (what stays must be what the API cannot delete: sent emails, call logs).
 */
export function expectNoDeletableCopies(
  guarantee: string,
  context: PropertyContext,
  vendor: "twilio" | "resend" | "stripe" | "blob",
  values: readonly string[],
): void {
  const wanted = new Set(values.map((value) => value.toLowerCase()));
  const left = context.fakes
    .inventory({ vendor })
    .filter((item) => item.links.some((link) => wanted.has(String(link.value).toLowerCase())))
    .filter((item) => item.deletable);
  expectGuarantee(
    left.length === 0,
    `${guarantee}: ${vendor} still holds deletable copies past the deadline`,
    {
      copies: left.map((item) => ({ object: item.object, id: item.id })),
    },
  );
}
