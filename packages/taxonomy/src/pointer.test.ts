import { describe, expect, it } from "vitest";
import { resolvePointer } from "./pointer.js";

describe("resolvePointer", () => {
  const doc = {
    retention: { crm: { purgeWithin: "P90D" } },
    "a/b": { "m~n": 1 },
    list: ["x", "y"],
    empty: "",
  };

  it("follows object keys and array indexes", () => {
    expect(resolvePointer(doc, "/retention/crm/purgeWithin")).toBe("P90D");
    expect(resolvePointer(doc, "/list/1")).toBe("y");
    expect(resolvePointer(doc, "")).toBe(doc);
  });

  it("decodes ~1 and ~0 as RFC 6901 says", () => {
    expect(resolvePointer(doc, "/a~1b/m~0n")).toBe(1);
  });

  it("finds a present empty string", () => {
    expect(resolvePointer(doc, "/empty")).toBe("");
  });

  it("points at nothing for missing, inherited or malformed paths", () => {
    expect(resolvePointer(doc, "/retention/health")).toBeUndefined();
    expect(resolvePointer(doc, "/retention/constructor")).toBeUndefined();
    expect(resolvePointer(doc, "/retention/crm/purgeWithin/length")).toBeUndefined();
    expect(resolvePointer(doc, "retention")).toBeUndefined();
    expect(resolvePointer(doc, "/list/length")).toBeUndefined();
    expect(resolvePointer(doc, "/list/01")).toBeUndefined();
    expect(resolvePointer(doc, "/list/-")).toBeUndefined();
    expect(resolvePointer(doc, "/list/2")).toBeUndefined();
  });
});
