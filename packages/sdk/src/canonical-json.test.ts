import { canonicalJson as taxonomyCanonicalJson } from "@crmfactory/taxonomy";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.js";

// The RFC's own examples (section 3.2.2, 3.2.3 and appendix B's numbers), shared by both comparisons.
const RFC_8785_VECTORS: [input: string, canonical: string][] = [
  [
    '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
      ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
      ' "literals": [null, true, false]}',
    '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
      '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
  ],
  [
    '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh",' +
      ' "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control",' +
      ' "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
      '"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
  ],
  [
    "[0, -0, 1e21, 1e-7, 5e-324, 1.7976931348623157e308, 9007199254740991, -1.5]",
    "[0,0,1e+21,1e-7,5e-324,1.7976931348623157e+308,9007199254740991,-1.5]",
  ],
];

describe("canonicalJson (RFC 8785)", () => {
  it("matches the RFC's section 3.2.2 example", () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("sorts members by UTF-16 code units (RFC section 3.2.3)", () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh",' +
        ' "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control",' +
        ' "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    );
    const values = Object.values(JSON.parse(canonicalJson(input)) as Record<string, string>);
    // Integer-like keys reorder in JS objects, so read the order from the string itself.
    const order = [...canonicalJson(input).matchAll(/"([^"]*)":"([^"]*)"/g)].map((m) => m[2]);
    expect(order).toEqual([
      "Carriage Return",
      "One",
      "Control",
      "Latin Small Letter O With Diaeresis",
      "Euro Sign",
      "Emoji: Grinning Face",
      "Hebrew Letter Dalet With Dagesh",
    ]);
    expect(values).toHaveLength(7);
  });

  it("serialises numbers the ECMAScript way", () => {
    const cases: [number, string][] = [
      [0, "0"],
      [-0, "0"],
      [1, "1"],
      [-1.5, "-1.5"],
      [1e21, "1e+21"],
      [1e-7, "1e-7"],
      [123456789012345680000, "123456789012345680000"],
      [Number.MAX_SAFE_INTEGER, "9007199254740991"],
      [5e-324, "5e-324"],
      [1.7976931348623157e308, "1.7976931348623157e+308"],
    ];
    for (const [value, expected] of cases) expect(canonicalJson(value)).toBe(expected);
  });

  it("nests, keeps array order and drops undefined members", () => {
    expect(canonicalJson({ b: [3, { z: 1, a: null }], a: "x", u: undefined })).toBe(
      '{"a":"x","b":[3,{"a":null,"z":1}]}',
    );
    expect(canonicalJson(Object.assign(Object.create(null), { b: 1, a: 2 }))).toBe('{"a":2,"b":1}');
  });

  it("rejects what is not I-JSON", () => {
    for (const bad of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      undefined,
      () => 1,
      1n,
      Symbol("x"),
      new Date(0),
      "\ud800",
    ]) {
      expect(() => canonicalJson(bad), String(typeof bad)).toThrow(TypeError);
    }
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => canonicalJson(circular)).toThrow(/circular/);
  });

  it("allows the same object twice when it is not its own ancestor", () => {
    const shared = { a: 1 };
    expect(canonicalJson([shared, shared])).toBe('[{"a":1},{"a":1}]');
  });

  test.prop([fc.jsonValue()])(
    "parses back to the same value and is stable under re-canonicalisation",
    (value) => {
      const canonical = canonicalJson(value);
      expect(JSON.parse(canonical)).toEqual(JSON.parse(JSON.stringify(value)));
      expect(canonicalJson(JSON.parse(canonical))).toBe(canonical);
    },
  );

  test.prop([fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 8 })])(
    "does not depend on member insertion order",
    (record) => {
      const reversed = Object.fromEntries(Object.entries(record).reverse());
      expect(canonicalJson(reversed)).toBe(canonicalJson(record));
    },
  );
});

describe("canonicalJson agrees with @crmfactory/taxonomy's", () => {
  it.each(RFC_8785_VECTORS)("on the RFC 8785 vector %#", (input, canonical) => {
    const value = JSON.parse(input);
    expect(canonicalJson(value)).toBe(canonical);
    expect(taxonomyCanonicalJson(value)).toBe(canonical);
  });

  test.prop([fc.jsonValue()])("on any JSON value", (value) => {
    expect(canonicalJson(value)).toBe(taxonomyCanonicalJson(value));
  });

  test.prop([fc.dictionary(fc.string({ unit: "grapheme" }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 })])(
    "on objects with any member names",
    (record) => {
      expect(canonicalJson(record)).toBe(taxonomyCanonicalJson(record));
    },
  );

  it("and both refuse what is not I-JSON", () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, "\ud800", new Date(0), 1n, circular]) {
      expect(() => canonicalJson(bad)).toThrow(TypeError);
      expect(() => taxonomyCanonicalJson(bad)).toThrow(TypeError);
    }
  });
});
