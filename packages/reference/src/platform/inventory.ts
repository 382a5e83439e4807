import {
  type AnchorTimes,
  addDuration,
  type Policy,
  purgeWindow,
  retentionSchedule,
} from "@crmfactory/taxonomy";
import type { Queryable } from "../database/database.js";
import type { TenantRecord } from "./tenant-records.js";

export type DataLocation =
  | { type: "platform" }
  | { type: "subprocessor"; subprocessorId: string; service: string };

export type SubjectRef = { type: "user"; userId: string } | { type: "contact"; contactId: string };

/** One record the reference holds, with the events that start its retention clock and its subject. */
export interface HeldRecord {
  /** Its id in this API, or the subprocessor's own id for a copy held there. */
  id: string;
  /** Events of its own (`collected`, `invoiceIssued`...); the tenant's closure events are added. */
  events?: AnchorTimes;
  subject?: SubjectRef;
}

/**
 * Records of one type at one location under one retention rule of the policy (`rule: null` for copies
 * that span categories, such as stored idempotent responses, whose `lifetime` window is the reference's own).
 */
export interface Holding {
  rule: string | null;
  location: DataLocation;
  recordType: string;
  records: HeldRecord[];
  /** For `rule: null`: when each record was stored and until when it is kept. */
  lifetime?: { storedAt: Date; expiresAt: Date };
}

export interface InventoryInput {
  tx: Queryable;
  tenant: TenantRecord;
  now: Date;
  policy: Policy;
}

/** What a group contributes to the test-mode inventory: the holdings of its own tables and vendors. */
export type InventorySource = (input: InventoryInput) => Promise<Holding[]>;

const iso = (d: Date | undefined | null) => (d ? d.toISOString() : null);

/** The contract's `TenantInventory` from every group's holdings, windows computed from the policy's rules. */
export function buildInventory(input: InventoryInput & { testClockId: string }, holdings: Holding[]) {
  const rules = new Map(retentionSchedule(input.policy).map((rule) => [rule.rule, rule]));
  const tenantEvents: AnchorTimes = {
    ...(input.tenant.closedAt ? { accountClosed: input.tenant.closedAt } : {}),
    ...(input.tenant.subscriptionEndedAt ? { subscriptionEnded: input.tenant.subscriptionEndedAt } : {}),
  };
  const bySubject = new Map<
    string,
    {
      subject: SubjectRef;
      holdings: Map<
        string,
        { category: string | null; location: DataLocation; recordType: string; recordIds: string[] }
      >;
    }
  >();
  const out = [];
  for (const holding of holdings) {
    if (holding.records.length === 0) continue;
    const rule = holding.rule === null ? undefined : rules.get(holding.rule);
    if (holding.rule !== null && !rule) throw new Error(`the policy has no retention rule ${holding.rule}`);
    const category = rule?.category ?? null;
    let window: {
      anchorAt: string | null;
      availableUntil: string | null;
      purgeDueAt: string | null;
      lateAt: string | null;
    };
    if (rule) {
      const windows = holding.records
        .map((record) =>
          purgeWindow(rule, { ...tenantEvents, ...record.events }, input.policy.parameters.sweepTolerance),
        )
        .filter((w) => w !== undefined)
        .sort((a, b) => a.anchor.getTime() - b.anchor.getTime());
      const first = windows[0];
      window = {
        anchorAt: iso(first?.anchor),
        availableUntil: first && rule.keepFor ? iso(first.availableUntil) : null,
        purgeDueAt: iso(first?.purgeDue),
        lateAt: iso(first?.lateAt),
      };
    } else {
      const lifetime = holding.lifetime;
      window = {
        anchorAt: iso(lifetime?.storedAt),
        availableUntil: null,
        purgeDueAt: iso(lifetime?.expiresAt),
        lateAt: lifetime
          ? iso(addDuration(lifetime.expiresAt, input.policy.parameters.sweepTolerance))
          : null,
      };
    }
    out.push({
      rule: holding.rule,
      category,
      location: holding.location,
      recordType: holding.recordType,
      count: holding.records.length,
      recordIds: holding.records.map((r) => r.id),
      ...window,
      legalBasis: rule?.hold?.legalBasis ?? null,
    });
    for (const record of holding.records) {
      if (!record.subject) continue;
      const key = JSON.stringify(record.subject);
      let entry = bySubject.get(key);
      if (!entry) {
        entry = { subject: record.subject, holdings: new Map() };
        bySubject.set(key, entry);
      }
      const holdingKey = JSON.stringify([category, holding.location, holding.recordType]);
      let held = entry.holdings.get(holdingKey);
      if (!held) {
        held = { category, location: holding.location, recordType: holding.recordType, recordIds: [] };
        entry.holdings.set(holdingKey, held);
      }
      held.recordIds.push(record.id);
    }
  }
  return {
    tenantId: input.tenant.id,
    testClockId: input.testClockId,
    asOf: input.now.toISOString(),
    tenantStatus: input.tenant.status,
    holdings: out,
    subjects: [...bySubject.values()].map((s) => ({
      subject: s.subject,
      holdings: [...s.holdings.values()],
    })),
  };
}

/** The platform's own holdings: users, authentication data, the audit trail, stored idempotent responses. */
export const platformInventory: InventorySource = async ({ tx, tenant }) => {
  const users = await tx.query<{ id: string }>("SELECT id FROM users ORDER BY created_at, id");
  const sessions = await tx.query<{ id: string; user_id: string }>(
    "SELECT id, user_id FROM sessions ORDER BY created_at, id",
  );
  const passkeys = await tx.query<{ id: string; user_id: string }>(
    "SELECT id, user_id FROM passkeys ORDER BY created_at, id",
  );
  const ssoUses = await tx.query<{ token_id: string }>(
    "SELECT token_id FROM sso_token_uses ORDER BY used_at, token_id",
  );
  const sso = await tx.query<{ issuer: string }>("SELECT issuer FROM sso_configuration");
  const audit = await tx.query<{ sequence: number }>("SELECT sequence FROM audit_entries ORDER BY sequence");
  const stored = await tx.query<{ key: string; created_at: Date; expires_at: Date }>(
    "SELECT key, created_at, expires_at FROM catalog.idempotent_responses WHERE tenant_id = $1 ORDER BY created_at, key",
    [tenant.id],
  );
  const platform = { type: "platform" } as const;
  const user = (id: string): SubjectRef => ({ type: "user", userId: id });
  const holdings: Holding[] = [
    {
      rule: "account",
      location: platform,
      recordType: "user",
      records: users.map((u) => ({ id: u.id, subject: user(u.id) })),
    },
    {
      rule: "authentication-credentials",
      location: platform,
      recordType: "session",
      records: sessions.map((s) => ({ id: s.id, subject: user(s.user_id) })),
    },
    {
      rule: "authentication-credentials",
      location: platform,
      recordType: "passkey",
      records: passkeys.map((p) => ({ id: p.id, subject: user(p.user_id) })),
    },
    {
      rule: "authentication-credentials",
      location: platform,
      recordType: "sso-configuration",
      records: sso.map(() => ({ id: "sso" })),
    },
    {
      rule: "authentication-credentials",
      location: platform,
      recordType: "sso-token",
      records: ssoUses.map((u) => ({ id: u.token_id })),
    },
    {
      rule: "authentication-audit",
      location: platform,
      recordType: "audit-entry",
      records: audit.map((a) => ({ id: String(a.sequence) })),
    },
  ];
  for (const response of stored) {
    holdings.push({
      rule: null,
      location: platform,
      recordType: "idempotent-response",
      records: [{ id: response.key }],
      lifetime: { storedAt: response.created_at, expiresAt: response.expires_at },
    });
  }
  return holdings;
};
