import { describe, expect, it } from "vitest";
import { findDuplicateKeys } from "./find-duplicate-keys.js";

describe("findDuplicateKeys", () => {
  it("finds nothing in JSON without repeated members", () => {
    expect(findDuplicateKeys('{"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]}')).toEqual([]);
  });

  it("names the path of each repeated member, inside objects and arrays", () => {
    const text = '{"a": 1, "b": {"x": [1, {"k": 1, "k": 2}], "x": 3}, "a": 2}';
    expect(findDuplicateKeys(text)).toEqual([
      { path: "b.x.1.k", key: "k" },
      { path: "b.x", key: "x" },
      { path: "a", key: "a" },
    ]);
  });

  it("compares keys after unescaping, and is not fooled by braces or quotes inside strings", () => {
    expect(findDuplicateKeys('{"a": "}{\\" ,\\"a\\":", "\\u0061": 2}')).toEqual([{ path: "a", key: "a" }]);
    expect(findDuplicateKeys('{"s": "\\\\", "t": ["{", "}"], "u": {}}')).toEqual([]);
  });
});
