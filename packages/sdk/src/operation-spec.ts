import { UsageError } from "./errors.js";

// What src/generated/resources.ts says about each operation, as flags: everything a generic call needs
// to turn a method's arguments into a request and its response into a result.

/** The method takes a JSON request body after its path parameters. */
export const JSON_BODY = 1;
// 2 was OPTIONAL_BODY: whether the body may be left out is the signature's business, not the call's.
/** The method takes a binary body (`{ data, contentType }`) after its path parameters. */
export const BINARY_BODY = 4;
/** The method takes query parameters after its path parameters (list filters, for a paginated one). */
export const QUERY = 8;
/** The operation is a cursor-paginated list: the method returns a `Paginator`. */
export const PAGINATED = 16;
/** A successful response is binary: the method resolves with a `Blob`. */
export const BLOB_RESPONSE = 32;
/** No successful response has a body (204): the method resolves with `undefined`. */
export const NO_CONTENT = 64;
/** Some successful responses have a body and some (204) none. */
export const OPTIONAL_RESPONSE = 128;
/** The response is a new token for the calling session (`rotateSession`): the old one has stopped. */
export const ROTATES_SESSION = 256;

export const GET = "GET";
export const PUT = "PUT";
export const POST = "POST";
export const PATCH = "PATCH";
export const DELETE = "DELETE";

/**
 * `[path template, method, flags]`, as generated from the contract; the path is what follows the
 * resource's common prefix.
 */
export type OperationSpec = readonly [path: string, method: string, flags: number];

/** A resource's operations: the common prefix of their paths, and each method's spec. */
export type ResourceTable = readonly [prefix: string, specs: Readonly<Record<string, OperationSpec>>];

/** An operation ready to be called: its spec, plus what can be worked out once instead of per call. */
export interface CompiledOperation {
  readonly method: string;
  /** The path template, e.g. `/rights-requests/{requestId}`. */
  readonly path: string;
  readonly flags: number;
  /** The path parameters' names, in path order. */
  readonly pathParams: readonly string[];
  /** Whether the method takes an argument (body or query) between the path parameters and the options. */
  readonly takesData: boolean;
  readonly mutates: boolean;
}

const PATH_PARAM = /\{([^}]+)\}/g;

/** Compiles the spec of an operation of a resource whose paths start with `prefix`. */
export function compileOperation([rest, method, flags]: OperationSpec, prefix: string): CompiledOperation {
  const path = prefix + rest;
  return {
    method,
    path,
    flags,
    pathParams: [...path.matchAll(PATH_PARAM)].map((match) => match[1] as string),
    takesData: (flags & (JSON_BODY | BINARY_BODY | QUERY)) !== 0,
    mutates: method !== GET,
  };
}

/** The path with its parameters filled in from the method's leading arguments, percent-encoded. */
export function expandPath(operation: CompiledOperation, args: readonly unknown[]): string {
  let index = 0;
  return operation.path.replace(PATH_PARAM, (_match, name: string) => {
    const value = args[index++];
    if (
      (typeof value === "string" && value !== "") ||
      (typeof value === "number" && Number.isFinite(value))
    ) {
      return encodeURIComponent(value);
    }
    throw new UsageError(
      `${operation.method} ${operation.path}: {${name}} must be a non-empty string, got ${
        value === "" ? "an empty string" : typeof value
      }`,
    );
  });
}
