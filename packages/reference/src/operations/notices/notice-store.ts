import type { Migration } from "../../database/migrate.js";
import { nullableTimestamp, timestamp } from "../../platform/clock.js";

/**
 * Tables of the notices group. A tenant's notices, their banners and who each was emailed to live in the
 * tenant's schema (they go with the account's data); the incidents and the policy-change announcements
 * are the operator's records, in the catalogue, so neither an erasure nor an account's purge reaches
 * them: incident records follow their own retention rule (RET-SECURITY, `incident-retention.ts`).
 */
export const noticesTenantMigrations: readonly Migration[] = [
  {
    id: "notices/001-notices",
    // Recipients reference the users they were emailed to: erasing a user (or purging the account's
    // users) removes that user's rows, so a notice never outlives the account data it names.
    sql: (s) => `
      CREATE TABLE ${s}.notices (
        id uuid PRIMARY KEY,
        type text NOT NULL CHECK (type IN ('policy-change', 'breach')),
        title text NOT NULL,
        body text NOT NULL,
        published_at timestamptz NOT NULL,
        effective_at timestamptz,
        policy_version text,
        incident_id uuid,
        policy_notice_id uuid,
        emailed_at timestamptz
      );
      CREATE INDEX notices_published ON ${s}.notices (published_at, id);
      CREATE TABLE ${s}.notice_recipients (
        notice_id uuid NOT NULL REFERENCES ${s}.notices (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES ${s}.users (id) ON DELETE CASCADE,
        emailed_at timestamptz NOT NULL,
        PRIMARY KEY (notice_id, user_id)
      );
      CREATE TABLE ${s}.banners (
        id uuid PRIMARY KEY,
        notice_id uuid NOT NULL REFERENCES ${s}.notices (id) ON DELETE CASCADE,
        message text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        active_from timestamptz NOT NULL,
        active_until timestamptz
      );
      CREATE INDEX banners_active ON ${s}.banners (active_from, id);
    `,
  },
];

export const noticesCatalogueMigrations: readonly Migration[] = [
  {
    id: "notices/001-incidents",
    // `created_at` is the wall clock (the operator's list order); every other instant is on the clock
    // of the incident's tenants. An affected tenant's row goes only with the tenant's own catalogue row
    // (a test clock deleted whole) or by the incident retention rule, never by erasure or closure.
    sql: (s) => `
      CREATE TABLE ${s}.incidents (
        id uuid PRIMARY KEY,
        title text NOT NULL,
        description text NOT NULL,
        status text NOT NULL CHECK (status IN ('recorded', 'confirmed')),
        categories jsonb NOT NULL,
        detected_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL,
        confirmed_at timestamptz,
        notify_by timestamptz,
        test_clock_id uuid,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX incidents_created ON ${s}.incidents (created_at, id);
      CREATE TABLE ${s}.incident_tenants (
        incident_id uuid NOT NULL REFERENCES ${s}.incidents (id) ON DELETE CASCADE,
        tenant_id uuid NOT NULL REFERENCES ${s}.tenants (id) ON DELETE CASCADE,
        position integer NOT NULL,
        notice_id uuid,
        notified_at timestamptz,
        PRIMARY KEY (incident_id, tenant_id)
      );
      CREATE INDEX incident_tenants_tenant ON ${s}.incident_tenants (tenant_id);
      CREATE TABLE ${s}.policy_notices (
        id uuid PRIMARY KEY,
        title text NOT NULL,
        summary text NOT NULL,
        policy_version text NOT NULL,
        effective_at timestamptz NOT NULL,
        material boolean NOT NULL,
        announced_at timestamptz NOT NULL,
        test_clock_id uuid,
        tenants_notified integer NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX policy_notices_created ON ${s}.policy_notices (created_at, id);
    `,
  },
];

export interface NoticeRow {
  id: string;
  type: "policy-change" | "breach";
  title: string;
  body: string;
  published_at: Date;
  effective_at: Date | null;
  policy_version: string | null;
  incident_id: string | null;
  emailed_at: Date | null;
  emailed_to: string[] | null;
}

/** A notice with the ids of the users it was emailed to (oldest delivery first). */
export const selectNotice = `SELECT n.*, (SELECT coalesce(jsonb_agg(r.user_id ORDER BY r.emailed_at, r.user_id), '[]'::jsonb)
    FROM notice_recipients r WHERE r.notice_id = n.id) AS emailed_to
  FROM notices n`;

export function noticeView(row: NoticeRow) {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    body: row.body,
    publishedAt: timestamp(row.published_at),
    effectiveAt: nullableTimestamp(row.effective_at),
    policyVersion: row.policy_version,
    incidentId: row.incident_id,
    emailedAt: nullableTimestamp(row.emailed_at),
    emailedTo: row.emailed_to ?? [],
  };
}

export interface BannerRow {
  id: string;
  notice_id: string;
  message: string;
  severity: "info" | "warning" | "critical";
  active_from: Date;
  active_until: Date | null;
}

export function bannerView(row: BannerRow) {
  return {
    id: row.id,
    noticeId: row.notice_id,
    message: row.message,
    severity: row.severity,
    activeFrom: timestamp(row.active_from),
    activeUntil: nullableTimestamp(row.active_until),
  };
}

export interface IncidentRow {
  id: string;
  title: string;
  description: string;
  status: "recorded" | "confirmed";
  categories: string[];
  detected_at: Date;
  recorded_at: Date;
  confirmed_at: Date | null;
  notify_by: Date | null;
  test_clock_id: string | null;
  created_at: Date;
  affected: { tenantId: string; noticeId: string | null; notifiedAt: string | null }[];
}

/** An incident with its affected tenants in the order the operator named them. */
export const selectIncident = `SELECT i.*, (SELECT coalesce(jsonb_agg(jsonb_build_object(
      'tenantId', a.tenant_id, 'noticeId', a.notice_id, 'notifiedAt', a.notified_at) ORDER BY a.position), '[]'::jsonb)
    FROM catalog.incident_tenants a WHERE a.incident_id = i.id) AS affected
  FROM catalog.incidents i`;

export function incidentView(row: IncidentRow) {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status,
    categories: row.categories,
    detectedAt: timestamp(row.detected_at),
    recordedAt: timestamp(row.recorded_at),
    confirmedAt: nullableTimestamp(row.confirmed_at),
    notifyBy: nullableTimestamp(row.notify_by),
    affectedTenants: row.affected.map((a) => ({
      tenantId: a.tenantId,
      noticeId: a.noticeId,
      // jsonb carries the instant as PostgreSQL text: read back as the contract's timestamp.
      notifiedAt: a.notifiedAt === null ? null : timestamp(new Date(a.notifiedAt)),
    })),
    testClockId: row.test_clock_id,
  };
}

export interface PolicyNoticeRow {
  id: string;
  title: string;
  summary: string;
  policy_version: string;
  effective_at: Date;
  material: boolean;
  announced_at: Date;
  test_clock_id: string | null;
  tenants_notified: number;
  created_at: Date;
}

export function policyNoticeView(row: PolicyNoticeRow) {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    policyVersion: row.policy_version,
    effectiveAt: timestamp(row.effective_at),
    material: row.material,
    announcedAt: timestamp(row.announced_at),
    testClockId: row.test_clock_id,
    tenantsNotified: row.tenants_notified,
  };
}
