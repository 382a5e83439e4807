import type { ResponseBody } from "@crmfactory/sdk";
import type { PropertyContext } from "../harness/property.js";
import { type ClockedTenant, uniqueSuffix } from "./clocked-tenant.js";

export type TelemetryEvent = ResponseBody<"recordTelemetryEvent">;
export type TelemetryAggregate = ResponseBody<"listTelemetryAggregates">["data"][number];

export const eventTypes = ["page-view", "feature-use", "performance", "error"] as const;
export type EventType = (typeof eventTypes)[number];

/** What the model sends for one event: a faker path, and a nonce in its properties only (raw, never aggregated). */
export interface EventInput {
  readonly type: EventType;
  readonly name: string;
  readonly durationMs?: number;
  readonly properties: Readonly<Record<string, string | number | boolean>>;
  readonly contactId?: string;
}

export function eventInput(
  context: PropertyContext,
  type: EventType,
  durationMs: number | undefined,
  name?: string,
): EventInput {
  return {
    type,
    name: name ?? `/${context.faker.word.noun()}/${context.faker.word.verb()}`,
    ...(durationMs === undefined ? {} : { durationMs }),
    properties: { ref: `evt_${uniqueSuffix()}${uniqueSuffix()}`, ok: context.faker.datatype.boolean() },
  };
}

export function recordEvent(tenant: ClockedTenant, input: EventInput): Promise<TelemetryEvent> {
  return tenant.owner.telemetry.recordEvent({ ...input, properties: { ...input.properties } });
}

export function listedEvents(tenant: ClockedTenant): Promise<TelemetryEvent[]> {
  return tenant.owner.telemetry.listEvents({ limit: 100 }).toArray({ limit: 100_000 });
}

export function listedAggregates(tenant: ClockedTenant): Promise<TelemetryAggregate[]> {
  return tenant.owner.telemetry.listAggregates({ limit: 100 }).toArray({ limit: 100_000 });
}

/** A contact with faker identifiers (a nonce in the email and name, so each is this run's alone). */
export async function createIdentifiedContact(context: PropertyContext, tenant: ClockedTenant) {
  const first = context.faker.person.firstName();
  const last = `${context.faker.person.lastName()}${uniqueSuffix().slice(0, 4)}`;
  const phone = `+1415555${String(context.faker.number.int({ min: 0, max: 9999 })).padStart(4, "0")}`;
  return tenant.owner.contacts.create({
    name: `${first} ${last}`,
    email: context.faker.internet
      .email({
        firstName: first,
        lastName: last,
        provider: "subjects.example",
        allowSpecialCharacters: false,
      })
      .replace("@", `.${uniqueSuffix()}@`),
    phone,
  });
}

/**
 * Every identifier of the tenant's subjects, by the policy's identifier kind, as the API lists them
 * (users and contacts): what no aggregate may hold.
 */
export async function subjectIdentifiers(tenant: ClockedTenant): Promise<Record<string, string[]>> {
  const users = await tenant.owner.users.list({ limit: 100 }).toArray({ limit: 10_000 });
  const contacts = await tenant.owner.contacts.list({ limit: 100 }).toArray({ limit: 10_000 });
  const present = (values: (string | null | undefined)[]) => values.filter((v): v is string => !!v);
  return {
    email: present([...users.map((u) => u.email), ...contacts.map((c) => c.email)]),
    phone: present(contacts.map((c) => c.phone)),
    name: present([...users.map((u) => u.name), ...contacts.map((c) => c.name)]),
    userId: users.map((u) => u.id),
    contactId: contacts.map((c) => c.id),
  };
}
