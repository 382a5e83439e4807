/**
 * The subset of SOQL a sync uses: `SELECT f1, f2 FROM Object [WHERE a = 'x' AND b > 2026-01-01T00:00:00Z]
 * [ORDER BY f [ASC|DESC]] [LIMIT n] [OFFSET n]`.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm
 */
export interface SoqlQuery {
  readonly fields: readonly string[];
  readonly object: string;
  readonly where: readonly SoqlCondition[];
  readonly orderBy: { readonly field: string; readonly descending: boolean } | undefined;
  readonly limit: number | undefined;
  readonly offset: number | undefined;
}

export interface SoqlCondition {
  readonly field: string;
  readonly operator: "=" | "!=" | "<" | "<=" | ">" | ">=" | "LIKE";
  readonly value: string | number | boolean | null | Date;
}

export class SoqlError extends Error {
  constructor(
    readonly errorCode: "MALFORMED_QUERY" | "INVALID_FIELD" | "INVALID_TYPE",
    message: string,
  ) {
    super(message);
  }
}

const QUERY =
  /^\s*SELECT\s+(.+?)\s+FROM\s+([A-Za-z_][A-Za-z0-9_]*)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER\s+BY\s+([A-Za-z_][A-Za-z0-9_]*)(?:\s+(ASC|DESC))?)?(?:\s+LIMIT\s+(\d+))?(?:\s+OFFSET\s+(\d+))?\s*$/is;
const CONDITION =
  /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=|!=|<=|>=|<|>|\bLIKE\b)\s*('(?:[^'\\]|\\.)*'|[^\s']+)\s*$/i;

export function parseSoql(text: string): SoqlQuery {
  const match = QUERY.exec(text);
  if (!match)
    throw new SoqlError(
      "MALFORMED_QUERY",
      `unexpected token in query: ${text.trim().split(/\s+/).slice(0, 4).join(" ")}`,
    );
  const [, fieldList = "", object = "", where, orderField, direction, limit, offset] = match;
  const fields = fieldList.split(",").map((field) => field.trim());
  if (fields.some((field) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(field))) {
    throw new SoqlError("MALFORMED_QUERY", `unexpected token in field list: ${fieldList}`);
  }
  return {
    fields,
    object,
    where: where ? splitAnd(where).map(parseCondition) : [],
    orderBy: orderField ? { field: orderField, descending: direction?.toUpperCase() === "DESC" } : undefined,
    limit: limit === undefined ? undefined : Number(limit),
    offset: offset === undefined ? undefined : Number(offset),
  };
}

function splitAnd(where: string): string[] {
  if (/\bOR\b|\(|\bNOT\b/i.test(where.replace(/'(?:[^'\\]|\\.)*'/g, "''"))) {
    throw new SoqlError("MALFORMED_QUERY", "the fakes support WHERE conditions joined by AND only");
  }
  return where.split(/\s+AND\s+(?=(?:[^']*'[^']*')*[^']*$)/i);
}

function parseCondition(text: string): SoqlCondition {
  const match = CONDITION.exec(text);
  if (!match) throw new SoqlError("MALFORMED_QUERY", `unexpected token: ${text.trim()}`);
  const [, field = "", operator = "", raw = ""] = match;
  return { field, operator: operator.toUpperCase() as SoqlCondition["operator"], value: literal(raw) };
}

function literal(raw: string): SoqlCondition["value"] {
  if (raw.startsWith("'")) return raw.slice(1, -1).replace(/\\(.)/g, "$1");
  if (/^(true|false)$/i.test(raw)) return raw.toLowerCase() === "true";
  if (/^null$/i.test(raw)) return null;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2}))?$/.test(raw)) return new Date(raw);
  throw new SoqlError("MALFORMED_QUERY", `unexpected token: ${raw}`);
}

export function matches(value: unknown, condition: SoqlCondition): boolean {
  const wanted = condition.value;
  if (condition.operator === "LIKE") {
    if (typeof wanted !== "string" || typeof value !== "string") return false;
    const pattern = wanted
      .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
      .replace(/%/g, ".*")
      .replace(/_/g, ".");
    return new RegExp(`^${pattern}$`, "i").test(value);
  }
  const left =
    wanted instanceof Date
      ? Date.parse(String(value))
      : typeof value === "string"
        ? value.toLowerCase()
        : value;
  const right =
    wanted instanceof Date ? wanted.getTime() : typeof wanted === "string" ? wanted.toLowerCase() : wanted;
  switch (condition.operator) {
    case "=":
      return left === right;
    case "!=":
      return left !== right;
    default: {
      if (left === null || right === null || left === undefined) return false;
      if (condition.operator === "<") return left < right;
      if (condition.operator === "<=") return left <= right;
      if (condition.operator === ">") return left > right;
      return left >= right;
    }
  }
}
