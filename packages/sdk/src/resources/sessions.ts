import type { ListParams, RequestBody, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** Sign-in (passkeys, SSO) and the caller's sessions. */
export class Sessions extends Resource {
  /** Get a WebAuthn challenge for a passkey sign-in (`createSessionChallenge`). */
  createChallenge(
    body: RequestBody<"createSessionChallenge">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"createSessionChallenge">> {
    return unwrap(this.api(options).POST("/session-challenges", { body }));
  }

  /** Sign in with a passkey assertion or an SSO token (`createSession`). */
  create(
    body: RequestBody<"createSession">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"createSession">> {
    return unwrap(this.api(options).POST("/sessions", { body }));
  }

  /** List the caller's own sessions (`listSessions`). Await for the first page, `for await` for every item. */
  list(
    params?: ListParams<"listSessions">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listSessions">> {
    return new Paginator((cursor) =>
      unwrap(this.api(options).GET("/sessions", { params: { query: { ...params, cursor } } })),
    );
  }

  /** Get the calling session, its user, tenant and permissions (`getCurrentSession`). */
  current(options?: RequestOptions): Promise<ResponseBody<"getCurrentSession">> {
    return unwrap(this.api(options).GET("/sessions/current"));
  }

  /** Rotate the calling session's token (`rotateSession`). */
  rotate(options?: RequestOptions): Promise<ResponseBody<"rotateSession">> {
    return unwrap(this.api(options).POST("/sessions/current/rotate"));
  }

  /** Revoke one of the caller's sessions (sign out); `revokeSession`. */
  revoke(sessionId: string, options?: RequestOptions): Promise<void> {
    return unwrap(this.api(options).DELETE("/sessions/{sessionId}", { params: { path: { sessionId } } }));
  }
}
