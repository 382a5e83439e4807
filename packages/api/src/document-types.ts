// Structural types for the parts of the bundled OpenAPI 3.1 document this package reads at run time.
// They describe the document loosely on purpose: the precise, generated types are `paths`,
// `components`, `operations` and `webhooks`.

/** A JSON Schema (draft 2020-12) as it appears in the document. */
export type JsonSchema = { [keyword: string]: unknown };

export interface ReferenceObject {
  $ref: string;
}

export interface ParameterObject {
  name: string;
  in: "query" | "header" | "path" | "cookie";
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}

export interface MediaTypeObject {
  schema?: JsonSchema;
  [key: string]: unknown;
}

export interface RequestBodyObject {
  required?: boolean;
  content: Record<string, MediaTypeObject>;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, ReferenceObject | { [key: string]: unknown }>;
  content?: Record<string, MediaTypeObject>;
}

export interface OperationObject {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: Array<Record<string, string[]>>;
  parameters?: Array<ParameterObject | ReferenceObject>;
  requestBody?: RequestBodyObject | ReferenceObject;
  responses: Record<string, ResponseObject | ReferenceObject>;
  /** The one permission of `@crmfactory/taxonomy` the operation needs. */
  "x-permission"?: string;
  /** Why the operation takes no bearer token (public operations only). */
  "x-unauthenticated-reason"?: string;
  /** The operation works while the account is export-only. */
  "x-export-only"?: boolean;
  /** The operation exists only in test mode. */
  "x-test-mode-only"?: boolean;
  [key: string]: unknown;
}

export const httpMethods = ["get", "put", "post", "patch", "delete"] as const;
export type HttpMethod = (typeof httpMethods)[number];

export type PathItemObject = { [M in HttpMethod]?: OperationObject } & {
  parameters?: Array<ParameterObject | ReferenceObject>;
};

/** An entry of the problem catalogue (`x-problem-types`). */
export interface ProblemTypeEntry {
  slug: string;
  /** `https://crmfactory.ai/problems/<slug>` */
  type: string;
  title: string;
  status: number;
  description: string;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string; [key: string]: unknown };
  servers?: Array<{ url: string; description?: string }>;
  security?: Array<Record<string, string[]>>;
  tags?: Array<{ name: string; description?: string }>;
  paths: Record<string, PathItemObject>;
  webhooks?: Record<string, PathItemObject>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, ParameterObject>;
    headers: Record<string, { [key: string]: unknown }>;
    responses: Record<string, ResponseObject>;
    securitySchemes: Record<string, { [key: string]: unknown }>;
  };
  "x-problem-types": ProblemTypeEntry[];
  [key: string]: unknown;
}
