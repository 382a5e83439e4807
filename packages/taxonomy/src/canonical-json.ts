/**
 * The RFC 8785 JSON Canonicalization Scheme (JCS): one serialisation of a JSON value, so that two
 * parties in any language hash the same bytes. Members are sorted by the UTF-16 code units of their
 * names (§3.2.3), nothing is indented, strings use JSON's minimal escaping (§3.2.2.2) and numbers
 * ECMAScript's shortest round-trip form (§3.2.2.3: `1e+30`, `0.002`, `-0` as `0`).
 *
 * The value must be I-JSON (RFC 7493): plain objects, arrays, strings without lone surrogates, finite
 * numbers, booleans and null; anything else throws a TypeError rather than produce text another
 * implementation would write differently. Members whose value is `undefined` are left out, as
 * `JSON.stringify` does, so optional fields that are absent and unset serialise alike.
 */
export function canonicalJson(value: unknown): string {
  return write(value, []);
}

function write(value: unknown, open: object[]): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw refuse(`the number ${value}`);
    // Number::toString is exactly the serialisation RFC 8785 prescribes; -0 becomes "0".
    return JSON.stringify(value);
  }
  if (typeof value === "string") return quote(value);
  if (typeof value !== "object") throw refuse(`a value of type ${typeof value}`);
  if (open.includes(value)) throw refuse("a circular structure");
  open.push(value);
  let text: string;
  if (Array.isArray(value)) {
    text = `[${value.map((item) => (item === undefined ? refuseUndefined() : write(item, open))).join(",")}]`;
  } else {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null)
      throw refuse("an object that is not a plain object");
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, member]) => member !== undefined,
    );
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    text = `{${entries.map(([name, member]) => `${quote(name)}:${write(member, open)}`).join(",")}}`;
  }
  open.pop();
  return text;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function quote(text: string): string {
  if (loneSurrogate.test(text)) throw refuse("a string with a lone surrogate");
  return JSON.stringify(text);
}

function refuseUndefined(): never {
  throw refuse("undefined in an array");
}

function refuse(what: string): TypeError {
  return new TypeError(`canonicalJson: ${what} is not I-JSON`);
}
