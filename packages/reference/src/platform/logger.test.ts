import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { bootReference, signUp } from "../test-support/boot.js";
import { createLogger } from "./logger.js";

describe("logging", () => {
  it("logs each request with its id and no personal data or token", async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const reference = await bootReference("pglite", {
      logger: createLogger({ level: "debug", destination }),
    });
    const { owner, session, tenant, client } = await signUp(reference, { companyName: "Logged Company Ltd" });
    await client.tenant.get();
    await reference
      .client(null)
      .tenant.create({
        companyName: "Logged Company Ltd",
        owner: { name: owner.name, email: "bad-email", birthDate: "1990-01-01" },
      })
      .catch(() => {});
    const log = lines.join("");
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(log).toContain('"operationId":"getTenant"');
    expect(log).toMatch(/"requestId":"req_/);
    for (const secret of [owner.email, owner.name, session.token, "Logged Company Ltd", "bad-email"]) {
      expect(log).not.toContain(secret);
    }
    expect(tenant.id).toBeTruthy();
  });

  it("blanks personal data a record carries by mistake", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ destination });
    logger.info(
      { user: { email: "ada@acme.example", name: "Ada", phone: "+15550100" }, token: "crmf_sess_x" },
      "oops",
    );
    expect(lines.join("")).not.toMatch(/ada@acme|Ada|\+1555|crmf_sess_x/);
  });
});
