import { durationLength, ruleDayCounts } from "./day-counts.js";
import { isDurationString } from "./duration.js";
import type { Policy } from "./policy-schema.js";
import { retentionSchedule } from "./retention-schedule.js";

/**
 * One line a person can read about the policy data a guarantee depends on: a retention rule as its
 * schedule sentence and day counts, a duration with its length, a subprocessor with its hosts, and
 * anything else compactly.
 */
export function describeParameter(policy: Policy, pointer: string, value: unknown): string {
  const [section, name, ...rest] = pointer.slice(1).split("/");
  if (section === "retention" && name !== undefined && rest.length === 0) {
    const rule = policy.retention[name];
    const entry = retentionSchedule(policy).find((e) => e.rule === name);
    if (rule && entry) return `${entry.summary} Days: ${ruleDayCounts(policy, rule)}.`;
  }
  if (section === "subprocessors" && name !== undefined && rest.length === 0) {
    const sub = policy.subprocessors[name];
    if (sub) return `${sub.name}: ${sub.purpose} Hosts: ${sub.hosts.join(", ")}.`;
  }
  if (section === "subprocessors" && name === undefined) {
    return Object.values(policy.subprocessors)
      .map((s) => s.name)
      .join(", ");
  }
  if (section === "roles" && name === undefined) {
    return Object.entries(policy.roles)
      .map(([role, r]) => `${role} (level ${r.level})`)
      .join(", ");
  }
  if (section === "readings" && name !== undefined && rest.length === 0) {
    return policy.readings[name]?.statement ?? compact(policy, value);
  }
  return compact(policy, value);
}

function compact(policy: Policy, value: unknown, depth = 0): string {
  if (typeof value === "string") {
    if (isDurationString(value)) return `${value} (${durationLength(value)})`;
    const anchor = policy.anchors[value];
    return anchor ? `${value} (${anchor.phrase})` : value;
  }
  if (typeof value !== "object" || value === null) return String(value);
  if (Array.isArray(value)) return value.map((item) => compact(policy, item, depth + 1)).join(", ");
  const entries = Object.entries(value);
  const named = entries.find(([key]) => key === "name");
  if (depth > 0 && named) return String(named[1]);
  if (depth > 1) return JSON.stringify(value);
  return entries.map(([key, item]) => `${key}: ${compact(policy, item, depth + 1)}`).join("; ");
}
