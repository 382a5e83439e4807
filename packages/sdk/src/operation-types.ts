import type { operations } from "./generated/openapi.js";

/** The `operationId` of every operation of the contract (status callbacks included). */
export type OperationId = keyof operations & string;

type JsonMediaType = `${string}/json` | `${string}+json`;

/** The JSON content of a request body or response object (any `*\/json` or `*+json` media type). */
type JsonContent<T> = T extends { content: infer Content }
  ? Content[Extract<keyof Content, JsonMediaType>]
  : never;

/** The JSON request body of an operation. */
export type RequestBody<Op extends OperationId> = JsonContent<NonNullable<operations[Op]["requestBody"]>>;

/** A binary request body: the bytes and one of the media types the operation accepts. */
export interface BinaryBody<Op extends OperationId> {
  data: Blob | ArrayBuffer | Uint8Array;
  contentType: keyof NonNullable<operations[Op]["requestBody"]>["content"] & string;
}

/** The query parameters of an operation. */
export type QueryParams<Op extends OperationId> = NonNullable<operations[Op]["parameters"]["query"]>;

/** The filters of a list operation: its query parameters except `cursor`, which the paginator manages. */
export type ListParams<Op extends OperationId> = Omit<QueryParams<Op>, "cursor">;

type SuccessStatus = 200 | 201 | 202;

/** The JSON body of an operation's successful response. */
export type ResponseBody<Op extends OperationId> = JsonContent<
  operations[Op]["responses"][Extract<keyof operations[Op]["responses"], SuccessStatus>]
>;

/** The path parameters of an operation. */
export type PathParams<Op extends OperationId> = NonNullable<operations[Op]["parameters"]["path"]>;
