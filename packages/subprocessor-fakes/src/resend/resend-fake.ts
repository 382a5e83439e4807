import { type FakeContext, PerCredential } from "../core/context.js";
import type { InventoryItem } from "../core/inventory.js";
import {
  bearerToken,
  type FakeRequest,
  type FaultStatus,
  json,
  type Route,
  readJson,
  type VendorFake,
} from "../core/vendor.js";
import { ResendError, resendErrorResponse, resendErrors, resendFault } from "./resend-errors.js";
import {
  addressOf,
  type CrmFactoryTags,
  crmfactoryTags,
  newResendAccount,
  type ResendAccount,
  type StoredContact,
  type StoredEmail,
} from "./resend-objects.js";
import { resendRoutes } from "./resend-routes.js";

export interface ResendCall {
  readonly account: ResendAccount;
  readonly request: FakeRequest;
  /** The parsed JSON body (`undefined` when empty). */
  readonly body: unknown;
  newId(kind: "email" | "audience" | "contact"): string;
}

export type ResendHandler = (
  call: ResendCall,
  path: Record<string, string>,
) => { status?: number; body: unknown };

export interface SentEmail extends StoredEmail {
  readonly apiKey: string;
  /** The `crmfactory_*` tags of the email profile, parsed. */
  readonly crmfactory: CrmFactoryTags;
}

export interface HeldContact extends StoredContact {
  readonly apiKey: string;
  readonly audienceId: string;
}

export interface EmailsToOptions {
  readonly apiKey?: string;
  /** `crmfactory_kind`: `verification-code`, `request-completed`... */
  readonly kind?: string;
  /** Any tag, and optionally its value. */
  readonly tag?: { readonly name: string; readonly value?: string };
}

const KEY = /^re_[A-Za-z0-9_]{4,}$/;

/** Resend: emails (send, retrieve; never deletable) and audiences with contacts, per API key. */
export class ResendFake implements VendorFake {
  readonly vendor = "resend" as const;
  readonly routes: readonly Route[];
  readonly #accounts = new PerCredential<ResendAccount>(() => newResendAccount());

  constructor(private readonly context: FakeContext) {
    this.routes = resendRoutes.map(({ endpoint, method, path, handler }) => ({
      endpoint,
      method,
      path,
      handle: (request: FakeRequest, params: Record<string, string>) => this.#serve(request, params, handler),
    }));
  }

  servesHost(host: string): boolean {
    return host === "api.resend.com";
  }

  credentialOf(_method: string, _url: URL, headers: Headers): string | undefined {
    return bearerToken(headers);
  }

  notFound(_request: FakeRequest, pathExists: boolean): Response {
    return resendErrorResponse(pathExists ? resendErrors.methodNotAllowed() : resendErrors.notFound());
  }

  faultResponse(status: FaultStatus): Response {
    return resendErrorResponse(resendFault(status));
  }

  // --- inspection -------------------------------------------------------------------------------

  /** Emails sent to an address (to, cc or bcc; any case), oldest first, with the email profile's tags parsed. */
  emailsTo(email: string, options: EmailsToOptions = {}): SentEmail[] {
    const wanted = email.toLowerCase();
    return this.#accounts.select(options.apiKey).flatMap(([apiKey, account]) =>
      [...account.emails.values()]
        .filter((sent) =>
          [...sent.to, ...(sent.cc ?? []), ...(sent.bcc ?? [])].some((to) => addressOf(to) === wanted),
        )
        .filter((sent) => options.kind === undefined || crmfactoryTags(sent.tags).kind === options.kind)
        .filter(
          (sent) =>
            options.tag === undefined ||
            sent.tags.some(
              (tag) =>
                tag.name === options.tag?.name &&
                (options.tag.value === undefined || tag.value === options.tag.value),
            ),
        )
        .map((sent) => ({ ...structuredClone(sent), apiKey, crmfactory: crmfactoryTags(sent.tags) })),
    );
  }

  /** Contacts held for an address (any case), in every audience. */
  contactsFor(filter: { email: string; apiKey?: string; audienceId?: string }): HeldContact[] {
    const wanted = filter.email.toLowerCase();
    return this.#accounts
      .select(filter.apiKey)
      .flatMap(([apiKey, account]) =>
        [...account.audiences.values()]
          .filter((audience) => filter.audienceId === undefined || audience.id === filter.audienceId)
          .flatMap((audience) =>
            [...audience.contacts.values()]
              .filter((contact) => contact.email.toLowerCase() === wanted)
              .map((contact) => ({ ...structuredClone(contact), apiKey, audienceId: audience.id })),
          ),
      );
  }

  inventory(): InventoryItem[] {
    return this.#accounts.entries().flatMap(([apiKey, account]) => [
      ...[...account.audiences.values()].flatMap((audience) =>
        [...audience.contacts.values()].map(
          (contact): InventoryItem => ({
            vendor: "resend",
            credential: apiKey,
            object: "contact",
            id: contact.id,
            links: [{ field: "email", identifier: "email", value: contact.email }],
            deletable: true,
          }),
        ),
      ),
      ...[...account.emails.values()].map((sent): InventoryItem => {
        const tenant = crmfactoryTags(sent.tags).tenant;
        const links: InventoryItem["links"][number][] = sent.to.map((to) => ({
          field: "to",
          identifier: "email",
          value: addressOf(to),
        }));
        if (tenant) links.push({ field: "tags[crmfactory_tenant]", identifier: "tenantId", value: tenant });
        return {
          vendor: "resend",
          credential: apiKey,
          object: "email",
          id: sent.id,
          links,
          deletable: false,
        };
      }),
    ]);
  }

  reset(): void {
    this.#accounts.clear();
  }

  // --- serving ------------------------------------------------------------------------------------

  #serve(request: FakeRequest, path: Record<string, string>, handler: ResendHandler): Response {
    try {
      const key = request.credential;
      if (!key) throw resendErrors.missingApiKey();
      if (!KEY.test(key)) throw resendErrors.invalidApiKey();
      const account = this.#accounts.get(key);
      let body: unknown;
      try {
        body = readJson(request);
      } catch {
        throw resendErrors.validation("The request body is not valid JSON.");
      }
      // https://resend.com/docs/dashboard/emails/idempotency-keys (POST /emails only)
      const idempotencyKey =
        request.method === "POST" && request.url.pathname === "/emails"
          ? request.headers.get("idempotency-key")
          : null;
      const fingerprint = JSON.stringify([request.url.pathname, body]);
      if (idempotencyKey !== null) {
        if (idempotencyKey.length < 1 || idempotencyKey.length > 256)
          throw resendErrors.invalidIdempotencyKey();
        const earlier = account.idempotency.get(idempotencyKey);
        if (earlier && earlier.fingerprint !== fingerprint) throw resendErrors.idempotencyMismatch();
        if (earlier)
          return new Response(earlier.body, {
            status: earlier.status,
            headers: { "content-type": "application/json" },
          });
      }
      const call: ResendCall = {
        account,
        request,
        body,
        newId: (kind) => this.context.ids.uuid(`resend:${key}:${kind}`),
      };
      const { status = 200, body: answer } = handler(call, path);
      if (idempotencyKey !== null)
        account.idempotency.set(idempotencyKey, { fingerprint, status, body: JSON.stringify(answer) });
      return json(status, answer);
    } catch (error) {
      if (error instanceof ResendError) return resendErrorResponse(error);
      throw error;
    }
  }
}
