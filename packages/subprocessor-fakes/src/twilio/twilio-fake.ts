import { samePhone } from "../core/carrying.js";
import { type FakeContext, PerCredential } from "../core/context.js";
import type { InventoryItem } from "../core/inventory.js";
import {
  basicCredentials,
  type FakeRequest,
  type FaultStatus,
  json,
  type Route,
  type VendorFake,
} from "../core/vendor.js";
import { TwilioError, twilioErrorResponse, twilioErrors, twilioFault } from "./twilio-errors.js";
import {
  API_VERSION,
  newTwilioAccount,
  phoneDigits,
  type StoredMessage,
  type StoredRecording,
  type TwilioAccount,
} from "./twilio-objects.js";
import { twilioRoutes } from "./twilio-routes.js";
import { callView, messageView, recordingView } from "./twilio-views.js";

export interface TwilioOptions {
  /** How long a message stays in progress (queued, sending) and cannot be deleted (default 0). */
  readonly messageInProgressMs?: number;
  /** How long a call lasts; its recording exists once it completes (default 0). */
  readonly callDurationMs?: number;
}

export interface TwilioCall {
  readonly account: TwilioAccount;
  readonly accountSid: string;
  readonly request: FakeRequest;
  readonly form: URLSearchParams;
  newSid(prefix: "SM" | "CA" | "RE"): string;
  readonly options: Required<TwilioOptions>;
  /** The error code messages to `to` settle with, or `null`: they are delivered. */
  undeliverable(to: string): number | null;
}

export type TwilioHandler = (
  call: TwilioCall,
  path: Record<string, string>,
) => { status?: number; body: unknown };

export interface HeldForPhone {
  readonly accountSid: string;
  readonly messages: readonly ReturnType<typeof messageView>[];
  readonly calls: readonly ReturnType<typeof callView>[];
  readonly recordings: readonly ReturnType<typeof recordingView>[];
}

const ACCOUNT_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})(?:\/|\.json|$)/;

/** Twilio Messages, Calls and Recordings under `/2010-04-01/Accounts/{AccountSid}`, per account. */
export class TwilioFake implements VendorFake {
  readonly vendor = "twilio" as const;
  readonly routes: readonly Route[];
  readonly #accounts = new PerCredential<TwilioAccount>(() => newTwilioAccount());
  readonly #apiKeys = new Map<string, { secret: string; accountSid: string }>();
  readonly #options: Required<TwilioOptions>;
  readonly #undeliverable = new Map<string, number>();

  constructor(
    private readonly context: FakeContext,
    options: TwilioOptions = {},
  ) {
    this.#options = {
      messageInProgressMs: options.messageInProgressMs ?? 0,
      callDurationMs: options.callDurationMs ?? 0,
    };
    this.routes = twilioRoutes.map(({ endpoint, method, path, handler }) => ({
      endpoint,
      method,
      path: `/${API_VERSION}/Accounts/:AccountSid${path}`,
      handle: (request: FakeRequest, params: Record<string, string>) => this.#serve(request, params, handler),
    }));
  }

  servesHost(host: string): boolean {
    return host === "api.twilio.com";
  }

  credentialOf(_method: string, url: URL, headers: Headers): string | undefined {
    return ACCOUNT_PATH.exec(url.pathname)?.[1] ?? basicCredentials(headers)?.user;
  }

  /** Registers an account's auth token; otherwise the first token an account presents becomes its token. */
  addAccount(accountSid: string, authToken: string): void {
    this.#accounts.get(accountSid).authToken = authToken;
  }

  notFound(request: FakeRequest, pathExists: boolean): Response {
    if (pathExists) return twilioErrorResponse(twilioErrors.methodNotAllowed(request.method));
    return twilioErrorResponse(twilioErrors.notFound(request.url.pathname));
  }

  faultResponse(status: FaultStatus): Response {
    return twilioErrorResponse(twilioFault(status));
  }

  /**
   * Messages sent to `phone` from now on settle `undelivered` with the carrier's `errorCode` (30003
   * unreachable handset by default), as Twilio reports a handset that is off or a number that is gone.
   */
  undeliverable(phone: string, errorCode = 30003): void {
    this.#undeliverable.set(phoneDigits(phone), errorCode);
  }

  // --- inspection -------------------------------------------------------------------------------

  /**
   * Messages (To or From), calls (To) and their recordings still held for a phone number, per
   * account; the number may be E.164 or formatted, with or without its country code.
   */
  heldFor(filter: { phone: string; accountSid?: string }): HeldForPhone[] {
    const wanted = phoneDigits(filter.phone);
    const now = this.#now();
    return this.#accounts
      .select(filter.accountSid)
      .map(([accountSid, account]) => {
        settle(account, now, (prefix) => this.#sid(accountSid, prefix));
        const messages = [...account.messages.values()].filter(
          (message) =>
            samePhone(wanted, phoneDigits(message.to)) ||
            (message.from !== null && samePhone(wanted, phoneDigits(message.from))),
        );
        const calls = [...account.calls.values()].filter((call) => samePhone(wanted, phoneDigits(call.to)));
        const callSids = new Set(calls.map((call) => call.sid));
        const recordings = [...account.recordings.values()].filter((recording) =>
          callSids.has(recording.callSid),
        );
        return {
          accountSid,
          messages: messages.map((message) => messageView(accountSid, message, now)),
          calls: calls.map((call) => callView(accountSid, call, now)),
          recordings: recordings.map((recording) => recordingView(accountSid, recording)),
        };
      })
      .filter((held) => held.messages.length + held.calls.length + held.recordings.length > 0);
  }

  inventory(): InventoryItem[] {
    const now = this.#now();
    return this.#accounts.entries().flatMap(([accountSid, account]) => {
      settle(account, now, (prefix) => this.#sid(accountSid, prefix));
      const item = (
        object: string,
        id: string,
        links: InventoryItem["links"],
        deletable: boolean,
      ): InventoryItem => ({
        vendor: "twilio",
        credential: accountSid,
        object,
        id,
        links,
        deletable,
      });
      return [
        ...[...account.messages.values()].map((message) =>
          item("message", message.sid, messageLinks(message), now >= message.settlesAt),
        ),
        ...[...account.calls.values()].map((call) =>
          item("call", call.sid, [{ field: "To", identifier: "phone", value: call.to }], false),
        ),
        ...[...account.recordings.values()].map((recording) => {
          const call = account.calls.get(recording.callSid);
          const links = call ? [{ field: "CallSid", identifier: "phone" as const, value: call.to }] : [];
          return item("recording", recording.sid, links, true);
        }),
      ];
    });
  }

  reset(): void {
    this.#accounts.clear();
    this.#apiKeys.clear();
    this.#undeliverable.clear();
  }

  // --- serving ------------------------------------------------------------------------------------

  #now(): Date {
    const now = this.context.clock();
    return now instanceof Date ? now : new Date(now);
  }

  #sid(accountSid: string, prefix: string): string {
    return `${prefix}${this.context.ids.next(`twilio:${accountSid}:${prefix}`, 32, "hex")}`;
  }

  #authenticate(request: FakeRequest, accountSid: string): TwilioAccount {
    const credentials = basicCredentials(request.headers);
    if (!credentials || credentials.password === "") throw twilioErrors.authenticate();
    if (credentials.user.startsWith("SK")) {
      // An API key (SK...) belongs to the first account it is used with.
      const known = this.#apiKeys.get(credentials.user);
      if (known && (known.secret !== credentials.password || known.accountSid !== accountSid))
        throw twilioErrors.authenticate();
      if (!known) this.#apiKeys.set(credentials.user, { secret: credentials.password, accountSid });
      return this.#accounts.get(accountSid);
    }
    if (credentials.user !== accountSid) throw twilioErrors.authenticate();
    const account = this.#accounts.get(accountSid);
    account.authToken ??= credentials.password;
    if (account.authToken !== credentials.password) throw twilioErrors.authenticate();
    return account;
  }

  #serve(request: FakeRequest, path: Record<string, string>, handler: TwilioHandler): Response {
    try {
      const accountSid = path.AccountSid ?? "";
      if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid)) throw twilioErrors.notFound(request.url.pathname);
      const account = this.#authenticate(request, accountSid);
      settle(account, request.time, (prefix) => this.#sid(accountSid, prefix));
      const form = request.method === "POST" ? new URLSearchParams(request.text()) : new URLSearchParams();
      const call: TwilioCall = {
        account,
        accountSid,
        request,
        form,
        newSid: (prefix) => this.#sid(accountSid, prefix),
        options: this.#options,
        undeliverable: (to) => this.#undeliverable.get(phoneDigits(to.replace(/^whatsapp:/, ""))) ?? null,
      };
      const { status = 200, body } = handler(call, path);
      return status === 204 ? new Response(null, { status }) : json(status, body);
    } catch (error) {
      if (error instanceof TwilioError) return twilioErrorResponse(error);
      throw error;
    }
  }
}

/** Completed calls made with `Record=true` get their recording. */
export function settle(account: TwilioAccount, now: Date, newSid: (prefix: "RE") => string): void {
  for (const call of account.calls.values()) {
    if (!call.record || call.recordingSid !== undefined || now < call.endsAt) continue;
    const recording: StoredRecording = {
      sid: newSid("RE"),
      callSid: call.sid,
      created: call.endsAt,
      durationSeconds: Math.round((call.endsAt.getTime() - call.created.getTime()) / 1000),
    };
    call.recordingSid = recording.sid;
    account.recordings.set(recording.sid, recording);
  }
}

function messageLinks(message: StoredMessage): InventoryItem["links"] {
  const links: InventoryItem["links"][number][] = [{ field: "To", identifier: "phone", value: message.to }];
  if (message.from) links.push({ field: "From", identifier: "phone", value: message.from });
  return links;
}
