import { beforeAll, describe, expect, it } from "vitest";
import { baseUrl, bootReference, drivers, signUp, type TestReference } from "../test-support/boot.js";
import { signInAs } from "../test-support/identity.js";

describe.each(drivers)("users on %s", (driver) => {
  let reference: TestReference;
  beforeAll(async () => {
    reference = await bootReference(driver);
  });
  const send = (token: string, method: string, path: string, body?: unknown) =>
    reference.checkedFetch(
      new Request(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { "content-type": "application/json" } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }),
    );

  it("adds users with the policy's roles and lists them oldest first, page by page", async () => {
    const owner = await signUp(reference);
    const added = [];
    for (const role of ["viewer", "member", "admin"]) {
      added.push(
        await owner.client.users.create({
          name: `U ${role}`,
          email: `${role}.${owner.tenant.id}@acme.example`,
          role: role as "viewer",
          birthDate: "1980-01-01",
        }),
      );
    }
    const first = await owner.client.users.list({ limit: 2 });
    expect(first.data.map((u) => u.id)).toEqual([owner.owner.id, added[0]!.id]);
    const seen = [];
    for await (const user of owner.client.users.list({ limit: 2 })) seen.push(user.id);
    expect(seen).toEqual([owner.owner.id, ...added.map((u) => u.id)]);
    expect(await owner.client.users.get(added[1]!.id)).toEqual(added[1]);
  });

  it("refuses a duplicate email with conflict, an under-age user with underage, and a role the policy lacks", async () => {
    const owner = await signUp(reference);
    const token = owner.session.token;
    const email = `dup.${owner.tenant.id}@acme.example`;
    expect(
      (await send(token, "POST", "/users", { name: "A", email, role: "viewer", birthDate: "1980-01-01" }))
        .status,
    ).toBe(201);
    expect(
      (
        await send(token, "POST", "/users", {
          name: "B",
          email: email.toUpperCase(),
          role: "viewer",
          birthDate: "1980-01-01",
        })
      ).status,
    ).toBe(409);
    const young = `${new Date().getUTCFullYear() - 1}-01-01`;
    expect(
      (
        await send(token, "POST", "/users", {
          name: "C",
          email: `c.${email}`,
          role: "viewer",
          birthDate: young,
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await send(token, "POST", "/users", {
          name: "D",
          email: `d.${email}`,
          role: "emperor",
          birthDate: "1980-01-01",
        })
      ).status,
    ).toBe(400);
    expect((await owner.client.users.list()).data).toHaveLength(2);
  });

  it("refuses to demote or remove the last owner, and allows it once another owner exists", async () => {
    const owner = await signUp(reference);
    const token = owner.session.token;
    const me = owner.owner.id;
    const demote = await send(token, "PATCH", `/users/${me}`, { role: "admin" });
    expect(demote.status).toBe(409);
    expect((await demote.json()).type).toBe("https://crmfactory.ai/problems/last-owner");
    expect((await send(token, "DELETE", `/users/${me}`)).status).toBe(409);
    const second = await owner.client.users.create({
      name: "Second",
      email: `second.${me}@acme.example`,
      role: "owner",
      birthDate: "1980-01-01",
    });
    const updated = await owner.client.users.update(me, { role: "admin", jobTitle: "CTO" });
    expect(updated).toMatchObject({ role: "admin", jobTitle: "CTO" });
    // Now the second owner is the last one: demoting them is refused in turn.
    expect((await send(token, "PATCH", `/users/${second.id}`, { role: "member" })).status).toBe(409);
  });

  it("answers another tenant's user, and a malformed id, with not-found", async () => {
    const a = await signUp(reference);
    const b = await signUp(reference);
    expect((await send(a.session.token, "GET", `/users/${b.owner.id}`)).status).toBe(404);
    expect((await send(a.session.token, "GET", "/users/not-a-uuid")).status).toBe(404);
    expect((await send(a.session.token, "PATCH", `/users/${b.owner.id}`, { name: "Mallory" })).status).toBe(
      404,
    );
    expect((await b.client.users.get(b.owner.id)).name).toBe(b.owner.name);
  });

  it("removes a user, whose sessions stop at once, and records it in the audit trail", async () => {
    const owner = await signUp(reference);
    const viewer = await signInAs(reference, owner, "viewer");
    expect((await send(viewer.session.token, "GET", "/tenant")).status).toBe(200);
    expect((await send(owner.session.token, "DELETE", `/users/${viewer.user.id}`)).status).toBe(204);
    expect((await send(viewer.session.token, "GET", "/tenant")).status).toBe(401);
    const entries = [];
    for await (const entry of owner.client.audit.list()) entries.push(entry.action);
    expect(entries).toEqual([
      "tenant.created",
      "sso.configured",
      "user.created",
      "session.created",
      "user.deleted",
    ]);
  });
});
