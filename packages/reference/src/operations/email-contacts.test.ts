import { describe, expect, it } from "vitest";
import { syncEmailContact } from "./email-contacts.js";
import type { OperationContext } from "./operation-group.js";

/** A context with no email account: any vendor call it made would fail the test. */
function withoutEmailAccount(): OperationContext {
  const platform = {
    parts: {},
    vendorBaseUrls: { resend: "https://api.resend.com" },
    fetch: () => Promise.reject(new Error("no call expected")),
  };
  return { platform } as unknown as OperationContext;
}

describe("syncEmailContact without an email account", () => {
  it("keeps no copy for delivery, calling no vendor", async () => {
    const context = withoutEmailAccount();
    expect(
      await syncEmailContact(context, null, { email: "ada@example.com", marketingEmail: true }),
    ).toBeNull();
    expect(
      await syncEmailContact(
        context,
        { email: "ada@example.com", marketingEmail: true, emailContactId: null },
        { email: "ada.new@example.com", marketingEmail: false },
      ),
    ).toBeNull();
  });

  it("refuses a change to a copy made while an account was configured, since it could not be removed", async () => {
    const held = { email: "ada@example.com", marketingEmail: true, emailContactId: "contact-held" };
    await expect(syncEmailContact(withoutEmailAccount(), held, null)).rejects.toMatchObject({
      slug: "unavailable",
    });
  });
});
