import { crmFactoryPolicy } from "@crmfactory/taxonomy";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";
import { allowListedFetch, OutboundRefusedError } from "./outbound-allow-list.js";

const reached: string[] = [];
const fetchFor = (mode: "test" | "production") =>
  allowListedFetch({
    fetch: async (request) => {
      reached.push(new URL(request.url).host);
      return new Response(null, { status: 204 });
    },
    policy: crmFactoryPolicy,
    mode,
    vendorBaseUrls: { stripe: "http://127.0.0.1:4010", twilio: "https://api.twilio.com" },
    logger: createLogger({ level: "silent" }),
  });

describe("the outbound allow-list", () => {
  it("lets a published subprocessor's host through in either mode, and refuses an unknown host", async () => {
    for (const mode of ["test", "production"] as const) {
      await expect(
        fetchFor(mode)(new Request("https://api.stripe.com/v1/customers")),
      ).resolves.toBeInstanceOf(Response);
      await expect(fetchFor(mode)(new Request("https://tracker.example/collect"))).rejects.toBeInstanceOf(
        OutboundRefusedError,
      );
    }
  });

  it("allows a configured base URL's own host only in test mode, where it points at the fakes", async () => {
    reached.length = 0;
    await fetchFor("test")(new Request("http://127.0.0.1:4010/v1/customers"));
    await expect(
      fetchFor("production")(new Request("http://127.0.0.1:4010/v1/customers")),
    ).rejects.toBeInstanceOf(OutboundRefusedError);
    expect(reached).toEqual(["127.0.0.1:4010"]);
  });
});
