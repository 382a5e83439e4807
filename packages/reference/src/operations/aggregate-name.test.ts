import { describe, expect, it } from "vitest";
import { aggregateName } from "./aggregate-name.js";

const excluded = ["email", "phone", "name", "userId", "contactId"];
const contactId = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const userId = "5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";

describe("aggregateName", () => {
  it("labels the event's own identifiers with their kind", () => {
    expect(
      aggregateName(`/contacts/${contactId}/by/${userId}`, excluded, {
        contactId: [contactId],
        userId: [userId],
      }),
    ).toBe("/contacts/{contactId}/by/{userId}");
    expect(aggregateName("/people/Grace Hopper/notes", excluded, { name: ["grace hopper"] })).toBe(
      "/people/{name}/notes",
    );
  });

  it("removes identifiers of other subjects by their shape", () => {
    expect(aggregateName("/search/ada@example.com", excluded, {})).toBe("/search/{email}");
    expect(aggregateName("/dial/+15555550123", excluded, {})).toBe("/dial/{phone}");
    expect(aggregateName(`/contacts/${contactId}`, excluded, {})).not.toContain(contactId);
  });

  it("keeps words that only contain a known name, and everything the policy does not exclude", () => {
    expect(aggregateName("/adapters", excluded, { name: ["Ada"] })).toBe("/adapters");
    expect(aggregateName("/search/ada@example.com", ["userId"], {})).toBe("/search/ada@example.com");
  });

  it("refuses an identifier kind it cannot recognise rather than letting it into an aggregate", () => {
    expect(() => aggregateName("/x", [...excluded, "ssn"], {})).toThrow(/ssn/);
  });
});
