// What the contract says about each operation's access, derived from the document at load time.
import type { HttpMethod, OperationObject } from "./document-types.js";
import { httpMethods } from "./document-types.js";
import type { components, operations } from "./generated/openapi.js";
import { openapiDocument } from "./generated/openapi-document.js";

type OperationId = keyof operations & string;

/** `privacy`, `harness` or `data` (`x-profile`). */
export type Profile = components["schemas"]["Profile"];

/** Which credentials an operation takes: none (public), a tenant session, the operator's, a request token. */
export type OperationAuth = "public" | "tenant" | "operator" | "request";

export type UppercaseHttpMethod = Uppercase<HttpMethod>;

/** What the contract says about one operation's access. */
export interface OperationPermission {
  operationId: OperationId;
  /** The one permission of the enforced policy the operation needs (`x-permission`). */
  permission: string;
  method: UppercaseHttpMethod;
  /** The path template, relative to the server URL (`/rights-requests/{requestId}`). */
  path: string;
  /** `false` for the public operations (discovery, sign-up, sign-in, sessionless requests), which say why in `x-unauthenticated-reason`. */
  authenticated: boolean;
  /** The credentials it accepts: `["public"]`, or one or more of tenant, operator and request tokens. */
  auth: readonly OperationAuth[];
  /** `privacy`, `harness` or `data`. */
  profile: Profile;
  /** The sections of the policy it serves (`table` = the summary table). */
  policySections: readonly string[];
  /** The audit entry's `action` the operation appends (`x-audit-action`), or `null`. */
  auditAction: string | null;
  /** The operation works while the account is export-only (`x-export-only`). */
  exportOnly: boolean;
  /** The operation exists only in test mode (`x-test-mode-only`). */
  testModeOnly: boolean;
}

const schemeAuth: Record<string, OperationAuth> = {
  bearerAuth: "tenant",
  operatorAuth: "operator",
  requestToken: "request",
};

function authOf(operation: OperationObject): OperationAuth[] {
  const security = operation.security ?? openapiDocument.security ?? [];
  if (security.length === 0) return ["public"];
  return security.flatMap((requirement) =>
    Object.keys(requirement).map((scheme) => {
      const auth = schemeAuth[scheme];
      if (!auth) throw new Error(`${operation.operationId}: unknown security scheme ${scheme}`);
      return auth;
    }),
  );
}

function derive(): Readonly<Record<OperationId, Readonly<OperationPermission>>> {
  const out: Record<string, Readonly<OperationPermission>> = {};
  for (const [path, item] of Object.entries(openapiDocument.paths)) {
    for (const method of httpMethods) {
      const operation: OperationObject | undefined = item[method];
      if (!operation) continue;
      const permission = operation["x-permission"];
      if (typeof permission !== "string") throw new Error(`${operation.operationId} has no x-permission`);
      const auth = authOf(operation);
      out[operation.operationId] = Object.freeze({
        operationId: operation.operationId as OperationId,
        permission,
        method: method.toUpperCase() as UppercaseHttpMethod,
        path,
        authenticated: !auth.includes("public"),
        auth: Object.freeze(auth),
        profile: operation["x-profile"] as Profile,
        policySections: Object.freeze([...((operation["x-policy-sections"] as string[]) ?? [])]),
        auditAction: (operation["x-audit-action"] as string | undefined) ?? null,
        exportOnly: operation["x-export-only"] === true,
        testModeOnly: operation["x-test-mode-only"] === true,
      });
    }
  }
  return Object.freeze(out) as Readonly<Record<OperationId, Readonly<OperationPermission>>>;
}

/** operationId -> its permission, credentials, profile, policy sections, audit action, method and path. */
export const operationPermissions = derive();
