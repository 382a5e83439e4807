import {
  defaultSweeper,
  type OperationGroup,
  operationGroups,
  type Platform,
  type ReferenceOptions,
  type Sweeper,
} from "@crmfactory/reference";
import type { Policy } from "@crmfactory/taxonomy";
import { defineFault, type Fault } from "./fault.js";

type RetentionRule = Policy["retention"][string];

/**
 * A sweeper that reads one retention rule wrongly (a stale or mistyped period in its own code): the
 * sweep job and the sweeper part both see the rewritten rule, while the platform, its discovery and
 * every other group keep the enforced policy, so the policy the reference reports is unchanged.
 */
function misreadRule(
  options: ReferenceOptions,
  rule: string,
  rewrite: (rule: RetentionRule) => RetentionRule,
): ReferenceOptions {
  const misread = new WeakMap<Platform, Platform>();
  const sweeperView = (platform: Platform): Platform => {
    let view = misread.get(platform);
    if (!view) {
      const enforced = platform.policy.retention[rule];
      if (!enforced) throw new Error(`The policy has no retention rule "${rule}"`);
      const policy = {
        ...platform.policy,
        retention: { ...platform.policy.retention, [rule]: rewrite(enforced) },
      };
      view = { ...platform, policy };
      misread.set(platform, view);
    }
    return view;
  };
  const sweeper: Sweeper = {
    reschedule: (origin) => defaultSweeper.reschedule({ ...origin, platform: sweeperView(origin.platform) }),
  };
  const groups: OperationGroup[] = (options.groups ?? operationGroups).map((group) => {
    const sweep = group.jobs?.["retention-sweep"];
    if (!sweep) return group;
    return {
      ...group,
      jobs: {
        ...group.jobs,
        "retention-sweep": (context) => sweep({ ...context, platform: sweeperView(context.platform) }),
      },
    };
  });
  return { ...options, groups, parts: { ...options.parts, sweeper } };
}

/**
 * Outbound calls matching `drops` are answered as the vendor answers a success, and never sent: an
 * adapter whose deletion call was lost (a wrong path, a swallowed error) while the code moves on.
 */
function dropRequests(
  options: ReferenceOptions,
  drops: (request: Request) => boolean,
  answer: (request: Request) => Response,
): ReferenceOptions {
  const inner = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  return {
    ...options,
    fetch: (request) => (drops(request) ? Promise.resolve(answer(request)) : inner(request)),
  };
}

const isTwilioDelete = (request: Request) =>
  request.method === "DELETE" &&
  /\/Accounts\/[^/]+\/(Messages|Recordings)\/[^/]+\.json$/.test(new URL(request.url).pathname) &&
  new URL(request.url).hostname.includes("twilio");

// The contacts, and the audience holding them (deleting an audience deletes its contacts at Resend).
const isResendContactDelete = (request: Request) =>
  request.method === "DELETE" &&
  /\/(audiences|segments)\/[^/]+(\/contacts\/[^/]+)?$/.test(new URL(request.url).pathname) &&
  new URL(request.url).hostname.includes("resend");

function resendDeleted(request: Request): Response {
  const parts = new URL(request.url).pathname.split("/");
  const id = decodeURIComponent(parts.at(-1) ?? "");
  if (parts.at(-2) === "contacts") return Response.json({ object: "contact", contact: id, deleted: true });
  return Response.json({ object: parts.at(-2) === "segments" ? "segment" : "audience", id, deleted: true });
}

/** Broken variants of the closure clock (RET-ACCOUNT, RET-AUTH, RET-CRM, RET-COMMS). */
export const lifecycleRetentionFaults: readonly Fault[] = [
  defineFault({
    name: "crm-purged-on-day-29",
    aims: ["RET-CRM"],
    description:
      "The sweeper counts the CRM deadline from closure with a 29-day period and no export window: contacts and CRM objects are gone a day before the export window ends.",
    apply: (options) =>
      misreadRule(options, "crm", (rule) => ({ ...rule, keepFor: "P29D", purgeWithin: "P0D" })),
  }),
  defineFault({
    name: "communications-purged-on-day-29",
    aims: ["RET-COMMS"],
    description:
      "The sweeper purges messages, calls and their vendor copies 29 days after closure, before the export window ends.",
    apply: (options) =>
      misreadRule(options, "communications", (rule) => ({ ...rule, keepFor: "P29D", purgeWithin: "P0D" })),
  }),
  defineFault({
    name: "twilio-deletes-dropped",
    aims: ["RET-COMMS"],
    description:
      "The messaging adapter's deletions of messages and recordings never reach Twilio but are treated as done (answered 204): the local rows go, the vendor copies stay.",
    apply: (options) => dropRequests(options, isTwilioDelete, () => new Response(null, { status: 204 })),
  }),
  defineFault({
    name: "resend-contacts-never-deleted",
    aims: ["RET-COMMS", "RET-CRM"],
    description:
      "The email adapter's deletions of contacts and of the tenant's audience never reach Resend but are treated as done: the contacts stay at the email provider after the purge.",
    apply: (options) => dropRequests(options, isResendContactDelete, resendDeleted),
  }),
  defineFault({
    name: "account-purge-two-days-late",
    aims: ["RET-ACCOUNT"],
    description:
      "The sweeper adds the sweep tolerance to the account deadline a second time and a day more: users and their profiles are still held past closure + 90 days + tolerance.",
    apply: (options) => misreadRule(options, "account", (rule) => ({ ...rule, purgeWithin: "P92D" })),
  }),
  defineFault({
    name: "sessions-kept-after-window",
    aims: ["RET-AUTH"],
    description:
      "The sweeper keeps sessions, passkeys and the SSO configuration two days past the end of the export window.",
    apply: (options) =>
      misreadRule(options, "authentication-credentials", (rule) => ({ ...rule, purgeWithin: "P2D" })),
  }),
  defineFault({
    name: "credentials-purged-at-closure",
    aims: ["RET-AUTH"],
    description:
      "The sweeper purges sessions and passkeys at closure instead of at the window's end: administrators can no longer sign in to export.",
    apply: (options) =>
      misreadRule(options, "authentication-credentials", (rule) => ({ ...rule, keepFor: "P0D" })),
  }),
  defineFault({
    name: "audit-trail-kept-13-months",
    aims: ["RET-AUTH"],
    description: "The sweeper keeps the sign-in audit trail 13 months after closure instead of 12.",
    apply: (options) =>
      misreadRule(options, "authentication-audit", (rule) => ({ ...rule, keepFor: "P13M" })),
  }),
];
