import { addDuration, type Policy } from "@crmfactory/taxonomy";
import type { Queryable } from "../../database/database.js";
import type { Platform } from "../operation-group.js";

/**
 * When the notices' emails go out: the `notifier` part of `createReference`, so a conformance fault can
 * swap it (emails a breach notice after the policy's period, announces a change too late) without
 * touching the policy the reference reports. Each answer is the due time of the job that emails one
 * tenant's recipients.
 */
export interface Notifier {
  /** A confirmed breach's emails; the contract's `notifyBy` is confirmation + `notices.breach.within`. */
  breachEmailsAt(input: { confirmedAt: Date; notifyBy: Date }): Date;
  /** A policy change's emails, sent when it is announced (at least `notices.policyChange.atLeast` ahead). */
  policyChangeEmailsAt(input: { announcedAt: Date; effectiveAt: Date }): Date;
}

/** The reference's own: both go out at once, on the tenant's clock. */
export const defaultNotifier: Notifier = {
  breachEmailsAt: ({ confirmedAt }) => confirmedAt,
  policyChangeEmailsAt: ({ announcedAt }) => announcedAt,
};

export function notifierOf(platform: Platform): Notifier {
  return (platform.parts.notifier as Notifier | undefined) ?? defaultNotifier;
}

/** The breach deadline, read from the policy data (§4). */
export function breachNotifyBy(policy: Policy, confirmedAt: Date): Date {
  return addDuration(confirmedAt, policy.notices.breach.within);
}

/** The earliest effective date a material change announced `now` may have (§12). */
export function earliestEffectiveAt(policy: Policy, now: Date): Date {
  return addDuration(now, policy.notices.policyChange.atLeast);
}

/** The job that emails one notice to its tenant's recipients (the policy's roles for its type). */
export const noticeEmailsJob = "notice-emails";

export interface NoticeEmailsPayload {
  noticeId: string;
  [key: string]: unknown;
}

/** Schedules the emails of one tenant's notice, due at `dueAt` on that tenant's clock. */
export function scheduleNoticeEmails(
  tx: Queryable,
  platform: Platform,
  input: { tenantId: string; noticeId: string; dueAt: Date },
): Promise<string> {
  return platform.jobs.schedule(tx, {
    kind: noticeEmailsJob,
    tenantId: input.tenantId,
    dueAt: input.dueAt,
    payload: { noticeId: input.noticeId } satisfies NoticeEmailsPayload,
  });
}
