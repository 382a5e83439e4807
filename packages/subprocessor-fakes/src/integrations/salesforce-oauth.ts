import type { IdFactory } from "../core/ids.js";
import { type FakeRequest, json } from "../core/vendor.js";

/** What the OAuth endpoints need of an org: its connected app and the tokens it issued. */
export interface OAuthInstance {
  readonly seed: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly username?: string;
    readonly password?: string;
  };
  readonly tokens: Set<string>;
}

const oauthError = (error: string, description: string) =>
  json(400, { error, error_description: description });

// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_client_credentials_flow.htm:
// client credentials on the org's My Domain; the username-password and refresh-token flows on any host.
export function salesforceToken(
  request: FakeRequest,
  instances: ReadonlyMap<string, OAuthInstance>,
  ids: IdFactory,
): Response {
  const form = new URLSearchParams(request.text());
  const grant = form.get("grant_type");
  const clientId = form.get("client_id");
  const onInstance = instances.get(`https://${request.url.host}`);
  const candidates = onInstance ? [[`https://${request.url.host}`, onInstance] as const] : [...instances];
  const found = candidates.find(([, instance]) => instance.seed.clientId === clientId);
  if (!grant || !["client_credentials", "password", "refresh_token"].includes(grant)) {
    return oauthError("unsupported_grant_type", "grant type not supported");
  }
  if (!found) return oauthError("invalid_client_id", "client identifier invalid");
  const [key, instance] = found;
  if (form.get("client_secret") !== instance.seed.clientSecret)
    return oauthError("invalid_client", "invalid client credentials");
  if (grant === "client_credentials" && !onInstance) {
    return oauthError("invalid_grant", "request not supported on this domain");
  }
  if (
    grant === "password" &&
    (form.get("username") !== instance.seed.username || form.get("password") !== instance.seed.password)
  ) {
    return oauthError("invalid_grant", "authentication failure");
  }
  if (grant === "refresh_token" && !instance.tokens.has(`refresh:${form.get("refresh_token")}`)) {
    return oauthError("invalid_grant", "expired access/refresh token");
  }
  const token = `00D${ids.next(`salesforce:${key}:token`, 12)}!${ids.next(`salesforce:${key}:token-secret`, 40)}`;
  instance.tokens.add(token);
  const body: Record<string, string> = {
    access_token: token,
    instance_url: request.publicOrigin(new URL(key).host),
    id: `${request.publicOrigin("login.salesforce.com")}/id/00D000000000001EAA/005000000000001AAA`,
    token_type: "Bearer",
    issued_at: String(request.time.getTime()),
    signature: Buffer.from(token).toString("base64").slice(0, 44),
    scope: "api",
  };
  if (grant === "password") {
    const refresh = ids.next(`salesforce:${key}:refresh`, 40);
    instance.tokens.add(`refresh:${refresh}`);
    body.refresh_token = refresh;
  }
  return json(200, body);
}

export function salesforceRevoke(
  request: FakeRequest,
  instances: ReadonlyMap<string, OAuthInstance>,
): Response {
  const token = new URLSearchParams(request.text()).get("token") ?? request.url.searchParams.get("token");
  for (const instance of instances.values()) {
    if (token && (instance.tokens.delete(token) || instance.tokens.delete(`refresh:${token}`)))
      return new Response(null, { status: 200 });
  }
  return oauthError("unsupported_token_type", "this token type is not supported");
}
