import { isPlainObject } from "../core/vendor.js";
import { resendErrors } from "./resend-errors.js";
import type { ResendCall, ResendHandler } from "./resend-fake.js";
import {
  addressOf,
  type ResendTag,
  resendTime,
  type StoredAudience,
  type StoredContact,
  type StoredEmail,
} from "./resend-objects.js";

interface ResendRouteDefinition {
  endpoint: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  handler: ResendHandler;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const TAG = /^[A-Za-z0-9_-]{1,256}$/;

export const resendRoutes: ResendRouteDefinition[] = [
  // https://resend.com/docs/api-reference/emails/send-email
  {
    endpoint: "emails.send",
    method: "POST",
    path: "/emails",
    handler: (call) => {
      const body = objectBody(call);
      const from = requiredString(body, "from");
      const to = recipients(body.to, "to", true);
      const subject = requiredString(body, "subject");
      const html = optionalString(body, "html");
      const text = optionalString(body, "text");
      if (html === null && text === null && body.react === undefined && body.template === undefined)
        throw resendErrors.missingField("html");
      const email: StoredEmail = {
        object: "email",
        id: call.newId("email"),
        from,
        to,
        cc: body.cc === undefined ? null : recipients(body.cc, "cc", false),
        bcc: body.bcc === undefined ? null : recipients(body.bcc, "bcc", false),
        reply_to: body.reply_to === undefined ? null : recipients(body.reply_to, "reply_to", false),
        subject,
        html,
        text,
        tags: tags(body.tags),
        headers: isPlainObject(body.headers) ? (body.headers as Record<string, string>) : null,
        created_at: resendTime(call.request.time),
        scheduled_at: optionalString(body, "scheduled_at"),
        last_event: body.scheduled_at ? "scheduled" : "delivered",
      };
      call.account.emails.set(email.id, email);
      return { body: { id: email.id } };
    },
  },
  // https://resend.com/docs/api-reference/emails/retrieve-email (there is no delete: sent emails stay)
  {
    endpoint: "emails.retrieve",
    method: "GET",
    path: "/emails/:id",
    handler: (call, { id = "" }) => {
      if (!UUID.test(id)) throw resendErrors.invalidParameter("The `id` must be a valid UUID.");
      const email = call.account.emails.get(id);
      if (!email) throw resendErrors.resourceNotFound("Email");
      return { body: email };
    },
  },
  ...audienceRoutes("audiences"),
  ...audienceRoutes("segments"),
  // https://resend.com/docs/api-reference/contacts/create-contact
  {
    endpoint: "contacts.create",
    method: "POST",
    path: "/audiences/:audience/contacts",
    handler: (call, { audience = "" }) => {
      const body = objectBody(call);
      const target = findAudience(call, audience);
      const email = requiredString(body, "email");
      if (!EMAIL.test(email))
        throw resendErrors.validation(
          "Invalid `email` field. The email address needs to follow the `email@example.com` format.",
        );
      const existing = findContact(target, email);
      if (existing) return { body: { object: "contact", id: existing.id } };
      const contact: StoredContact = {
        object: "contact",
        id: call.newId("contact"),
        email,
        first_name: optionalString(body, "first_name"),
        last_name: optionalString(body, "last_name"),
        created_at: resendTime(call.request.time),
        unsubscribed: optionalBoolean(body, "unsubscribed") ?? false,
        properties: isPlainObject(body.properties) ? body.properties : {},
      };
      target.contacts.set(contact.id, contact);
      return { body: { object: "contact", id: contact.id } };
    },
  },
  // https://resend.com/docs/api-reference/contacts/list-contacts, and under `/segments` (resend-node's
  // `contacts.list`): https://resend.com/docs/api-reference/segments/list-segment-contacts
  contactList("contacts.list", "/audiences/:audience/contacts"),
  contactList("segments.contacts.list", "/segments/:audience/contacts"),
  // https://resend.com/docs/api-reference/contacts/get-contact (by id or by email)
  {
    endpoint: "contacts.get",
    method: "GET",
    path: "/audiences/:audience/contacts/:contact",
    handler: (call, { audience = "", contact = "" }) => ({
      body: requireContact(findAudience(call, audience), contact),
    }),
  },
  // https://resend.com/docs/api-reference/contacts/update-contact
  {
    endpoint: "contacts.update",
    method: "PATCH",
    path: "/audiences/:audience/contacts/:contact",
    handler: (call, { audience = "", contact = "" }) => {
      const body = objectBody(call);
      const found = requireContact(findAudience(call, audience), contact);
      if (body.email !== undefined) {
        const email = requiredString(body, "email");
        if (!EMAIL.test(email)) throw resendErrors.validation("Invalid `email` field.");
        found.email = email;
      }
      if (body.first_name !== undefined) found.first_name = optionalString(body, "first_name");
      if (body.last_name !== undefined) found.last_name = optionalString(body, "last_name");
      const unsubscribed = optionalBoolean(body, "unsubscribed");
      if (unsubscribed !== undefined) found.unsubscribed = unsubscribed;
      if (isPlainObject(body.properties)) found.properties = { ...found.properties, ...body.properties };
      return { body: { object: "contact", id: found.id } };
    },
  },
  // https://resend.com/docs/api-reference/contacts/delete-contact
  {
    endpoint: "contacts.delete",
    method: "DELETE",
    path: "/audiences/:audience/contacts/:contact",
    handler: (call, { audience = "", contact = "" }) => {
      const target = findAudience(call, audience);
      const found = requireContact(target, contact);
      target.contacts.delete(found.id);
      return { body: { object: "contact", contact: found.id, deleted: true } };
    },
  },
];

// https://resend.com/docs/api-reference/audiences/create-audience
// https://resend.com/docs/api-reference/audiences/get-audience
// https://resend.com/docs/api-reference/audiences/list-audiences
// https://resend.com/docs/api-reference/audiences/delete-audience
// The same handlers answer `/segments`, which resend-node 6.38's `audiences` calls (Resend deprecates
// `/audiences` but still serves it):
// https://resend.com/docs/api-reference/segments/create-segment
// https://resend.com/docs/api-reference/segments/get-segment
// https://resend.com/docs/api-reference/segments/list-segments
// https://resend.com/docs/api-reference/segments/delete-segment
function audienceRoutes(kind: "audiences" | "segments"): ResendRouteDefinition[] {
  const object = kind === "audiences" ? "audience" : "segment";
  const view = (audience: StoredAudience) => ({
    object,
    id: audience.id,
    name: audience.name,
    created_at: audience.created_at,
  });
  return [
    {
      endpoint: `${kind}.create`,
      method: "POST",
      path: `/${kind}`,
      handler: (call) => {
        const name = requiredString(objectBody(call), "name");
        const audience: StoredAudience = {
          id: call.newId("audience"),
          name,
          created_at: resendTime(call.request.time),
          contacts: new Map(),
        };
        call.account.audiences.set(audience.id, audience);
        return { body: { object, id: audience.id, name } };
      },
    },
    {
      endpoint: `${kind}.get`,
      method: "GET",
      path: `/${kind}/:id`,
      handler: (call, { id = "" }) => ({ body: view(findAudience(call, id)) }),
    },
    {
      endpoint: `${kind}.list`,
      method: "GET",
      path: `/${kind}`,
      handler: (call) => paginate(call, [...call.account.audiences.values()].map(view)),
    },
    {
      endpoint: `${kind}.delete`,
      method: "DELETE",
      path: `/${kind}/:id`,
      handler: (call, { id = "" }) => {
        findAudience(call, id);
        call.account.audiences.delete(id);
        return { body: { object, id, deleted: true } };
      },
    },
  ];
}

function contactList(endpoint: string, path: string): ResendRouteDefinition {
  return {
    endpoint,
    method: "GET",
    path,
    handler: (call, { audience = "" }) => paginate(call, [...findAudience(call, audience).contacts.values()]),
  };
}

/** `limit` (1 to 100), `after` and `before` cursors (ids); answers `{ object: "list", has_more, data }`. */
function paginate<T extends { id: string }>(call: ResendCall, items: T[]): { body: unknown } {
  const query = call.request.url.searchParams;
  const rawLimit = query.get("limit");
  const limit = rawLimit === null ? 20 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw resendErrors.validation("The `limit` parameter must be between 1 and 100.");
  const after = query.get("after");
  const before = query.get("before");
  if (after && before)
    throw resendErrors.validation("The `after` and `before` parameters cannot be used together.");
  const newestFirst = [...items].reverse();
  let start = 0;
  let end = newestFirst.length;
  if (after) start = newestFirst.findIndex((item) => item.id === after) + 1;
  if (before)
    end = Math.max(
      0,
      newestFirst.findIndex((item) => item.id === before),
    );
  const data = before
    ? newestFirst.slice(Math.max(start, end - limit), end)
    : newestFirst.slice(start, start + limit);
  const hasMore = before ? end - limit > 0 : start + limit < newestFirst.length;
  return { body: { object: "list", has_more: hasMore, data } };
}

function findAudience(call: ResendCall, id: string): StoredAudience {
  const audience = call.account.audiences.get(id);
  if (!audience) throw resendErrors.resourceNotFound("Audience");
  return audience;
}

function findContact(audience: StoredAudience, idOrEmail: string): StoredContact | undefined {
  const direct = audience.contacts.get(idOrEmail);
  if (direct) return direct;
  const wanted = idOrEmail.toLowerCase();
  return [...audience.contacts.values()].find((contact) => contact.email.toLowerCase() === wanted);
}

function requireContact(audience: StoredAudience, idOrEmail: string): StoredContact {
  const contact = findContact(audience, idOrEmail);
  if (!contact) throw resendErrors.resourceNotFound("Contact");
  return contact;
}

function objectBody(call: ResendCall): Record<string, unknown> {
  if (call.body === undefined) return {};
  if (!isPlainObject(call.body)) throw resendErrors.validation("The request body must be a JSON object.");
  return call.body;
}

function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (value === undefined || value === null || value === "") throw resendErrors.missingField(field);
  if (typeof value !== "string")
    throw resendErrors.validation(`The \`${field}\` field must be a \`string\`.`);
  return value;
}

function optionalString(body: Record<string, unknown>, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string")
    throw resendErrors.validation(`The \`${field}\` field must be a \`string\`.`);
  return value;
}

function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean")
    throw resendErrors.validation(`The \`${field}\` field must be a \`boolean\`.`);
  return value;
}

function recipients(value: unknown, field: string, required: boolean): string[] {
  if (value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0)) {
    if (required) throw resendErrors.missingField(field);
    return [];
  }
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((item) => typeof item === "string"))
    throw resendErrors.validation(`The \`${field}\` field must be a \`string\` or \`string[]\`.`);
  if (list.length > 50) throw resendErrors.validation(`The \`${field}\` field can hold up to 50 addresses.`);
  for (const address of list as string[]) {
    if (!EMAIL.test(addressOf(address))) {
      throw resendErrors.validation(
        `Invalid \`${field}\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`,
      );
    }
  }
  return list as string[];
}

/** Tag names and values: ASCII letters, numbers, underscores or dashes, up to 256 characters. */
function tags(value: unknown): ResendTag[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw resendErrors.validation("The `tags` field must be an array.");
  return value.map((tag) => {
    if (!isPlainObject(tag) || typeof tag.name !== "string" || typeof tag.value !== "string") {
      throw resendErrors.validation("Each tag needs a `name` and a `value` string.");
    }
    if (!TAG.test(tag.name) || !TAG.test(tag.value)) {
      throw resendErrors.validation(
        "Tags should only contain ASCII letters, numbers, underscores, or dashes.",
      );
    }
    return { name: tag.name, value: tag.value };
  });
}
