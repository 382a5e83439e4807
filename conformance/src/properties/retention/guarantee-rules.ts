import {
  type Policy,
  type PurgeWindow,
  purgeWindow,
  type RetentionRule,
  resolvePointer,
} from "@crmfactory/taxonomy";

/**
 * The retention rules a guarantee depends on (its `dependsOn` pointers under `/retention/`), by the
 * rule's name: the model's numbers come from the policy under test, never from the implementation.
 */
export function guaranteeRules(policy: Policy, guarantee: string): Map<string, RetentionRule> {
  const found = policy.guarantees[guarantee];
  if (!found) throw new RangeError(`the policy has no guarantee ${guarantee}`);
  const rules = new Map<string, RetentionRule>();
  for (const pointer of found.dependsOn) {
    const match = /^\/retention\/([^/]+)$/.exec(pointer);
    if (match?.[1]) rules.set(match[1], resolvePointer(policy, pointer) as RetentionRule);
  }
  if (rules.size === 0) throw new RangeError(`${guarantee} depends on no retention rule`);
  return rules;
}

/** The one retention rule a guarantee depends on (the first, when it names several). */
export function guaranteeRule(policy: Policy, guarantee: string): { name: string; rule: RetentionRule } {
  const [entry] = guaranteeRules(policy, guarantee);
  if (!entry) throw new RangeError(`${guarantee} depends on no retention rule`);
  return { name: entry[0], rule: entry[1] };
}

/** The window of one record under `rule`, from the events the model saw; throws when none started it. */
export function windowOf(policy: Policy, rule: RetentionRule, events: Record<string, Date>): PurgeWindow {
  const window = purgeWindow(rule, events, policy.parameters.sweepTolerance);
  if (!window) throw new Error(`no anchor of the rule happened: ${JSON.stringify(events)}`);
  return window;
}

/** One millisecond before an instant: the last one a half-open promise still covers. */
export const justBefore = (instant: Date) => new Date(instant.getTime() - 1);
