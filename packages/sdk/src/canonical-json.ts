/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the one serialisation of a JSON value that two
 * parties can hash and compare. Object members are sorted by the UTF-16 code units of their names,
 * there is no whitespace, strings use JSON's minimal escaping (lowercase `\u00xx` for controls), and
 * numbers use ECMAScript's shortest round-trip form (`1e+30`, `0.002`, `-0` as `0`).
 *
 * Inputs must be I-JSON (RFC 7493): finite numbers only and no lone surrogates; anything else
 * throws a `TypeError` rather than produce a string another implementation would disagree with.
 * Object members whose value is `undefined` are skipped, as `JSON.stringify` does.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, new Set());
}

function serialize(value: unknown, ancestors: Set<object>): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw notJson(String(value));
      return JSON.stringify(value);
    case "string":
      return serializeString(value);
    case "object":
      break;
    default:
      throw notJson(`a ${typeof value}`);
  }
  if (ancestors.has(value)) throw notJson("a circular value");
  ancestors.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = `[${value.map((item: unknown) => serialize(item, ancestors)).join(",")}]`;
  } else {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      throw notJson("an object that is not a plain object");
    }
    const record = value as Record<string, unknown>;
    const members: string[] = [];
    // The default sort compares UTF-16 code units, exactly as RFC 8785 section 3.2.3 requires.
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      if (member === undefined) continue;
      members.push(`${serializeString(key)}:${serialize(member, ancestors)}`);
    }
    out = `{${members.join(",")}}`;
  }
  ancestors.delete(value);
  return out;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function serializeString(value: string): string {
  if (LONE_SURROGATE.test(value)) throw notJson("a string with a lone surrogate");
  return JSON.stringify(value);
}

function notJson(what: string): TypeError {
  return new TypeError(`canonicalJson: ${what} is not I-JSON`);
}
