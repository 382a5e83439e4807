import { Writable } from "node:stream";
import { operationPermissions } from "@crmfactory/api";
import { describe, expect, it } from "vitest";
import { baseUrl, bootReference, operatorToken, signUp } from "../test-support/boot.js";
import { signInAs } from "../test-support/identity.js";
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

  it("drives every operation with known personal values and finds none of them in the log", async () => {
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
    const known = { email: "known.person@secret.example", name: "Known Secretperson", phone: "+15550123987" };
    const owner = await signUp(reference, { companyName: "Secret Company Ltd" });
    const viewer = await signInAs(reference, owner, "viewer");
    const stored = await owner.client.users.create({
      name: known.name,
      email: known.email,
      role: "member",
      birthDate: "1990-01-01",
    });
    expect(await owner.client.users.get(stored.id)).toMatchObject({ email: known.email });
    for (const op of Object.values(operationPermissions)) {
      const path = op.path.replace(/\{\w+\}/g, () => crypto.randomUUID());
      const token = op.auth.includes("operator") ? operatorToken : owner.session.token;
      const hasBody = ["POST", "PUT", "PATCH"].includes(op.method);
      const response = await reference.fetch(
        new Request(`${baseUrl}${path}?email=${encodeURIComponent(known.email)}`, {
          method: op.method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(hasBody ? { "content-type": "application/json" } : {}),
          },
          ...(hasBody
            ? {
                body: JSON.stringify({
                  ...known,
                  owner: { ...known, birthDate: "1990-01-01" },
                  companyName: known.name,
                }),
              }
            : {}),
        }),
      );
      expect(response.status, op.operationId).not.toBe(500);
    }
    const log = lines.join("");
    expect(log).toContain('"operationId":"createUser"');
    for (const secret of [
      known.email,
      known.name,
      known.phone,
      owner.session.token,
      viewer.session.token,
      viewer.user.email,
      owner.owner.email,
      "Secret Company Ltd",
      operatorToken,
    ]) {
      expect(log).not.toContain(secret);
    }
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
