import { describe, expect, it } from "vitest";
import { decodeNestedForm, FormDecodeError } from "./form.js";
import { IdFactory } from "./ids.js";

describe("decodeNestedForm", () => {
  it("reads Stripe's bracket syntax: nested objects, indexed and appended arrays", () => {
    const params = new URLSearchParams(
      "email=a%40b.co&metadata[tenant]=t1&metadata[plan]=pro&expand[0]=x&expand[1]=y&items[0][price]=p1&tags[]=a&tags[]=b",
    );
    expect(decodeNestedForm(params)).toEqual({
      email: "a@b.co",
      metadata: { tenant: "t1", plan: "pro" },
      expand: ["x", "y"],
      items: [{ price: "p1" }],
      tags: ["a", "b"],
    });
  });

  it("refuses broken brackets and a key that is both a value and an object", () => {
    expect(() => decodeNestedForm(new URLSearchParams("metadata[a=1"))).toThrow(FormDecodeError);
    expect(() => decodeNestedForm(new URLSearchParams("a=1&a[b]=2"))).toThrow(FormDecodeError);
    expect(() => decodeNestedForm(new URLSearchParams("[a]=1"))).toThrow(FormDecodeError);
  });
});

describe("IdFactory", () => {
  it("derives the n-th id of a scope from the seed alone, whatever other scopes do", () => {
    const a = new IdFactory("seed");
    const b = new IdFactory("seed");
    const first = a.next("stripe:key1:cus", 14);
    b.next("stripe:key2:cus", 14);
    expect(b.next("stripe:key1:cus", 14)).toBe(first);
    expect(new IdFactory("other").next("stripe:key1:cus", 14)).not.toBe(first);
    a.reset();
    expect(a.next("stripe:key1:cus", 14)).toBe(first);
    expect(a.uuid("resend")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
