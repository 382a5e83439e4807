import { createHash } from "node:crypto";
import type { AuditEntry } from "@crmfactory/api";
import vectors from "@crmfactory/api/test-vectors.json" with { type: "json" };
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { AUDIT_GENESIS_HASH, computeAuditEntryHash, verifyAuditChain } from "./audit-chain.js";

// An independent oracle: the canonical JSON of an audit entry written out by hand (members in
// code-unit order, no whitespace), hashed with node:crypto, so the SDK's JCS + Web Crypto path is
// checked against something it does not share code with.
function oracleHash(entry: Omit<AuditEntry, "hash">): string {
  const s = JSON.stringify;
  const canonical =
    `{"action":${s(entry.action)},"actor":{"id":${s(entry.actor.id)},"type":${s(entry.actor.type)}},` +
    `"at":${s(entry.at)},"prevHash":${s(entry.prevHash)},"sequence":${entry.sequence},` +
    `"target":{"id":${s(entry.target.id)},"type":${s(entry.target.type)}}}`;
  return createHash("sha256")
    .update(entry.prevHash + canonical, "utf8")
    .digest("hex");
}

interface EntryInput {
  at: string;
  actor: AuditEntry["actor"];
  action: string;
  target: AuditEntry["target"];
}

function chain(inputs: EntryInput[], start = { sequence: 0, hash: AUDIT_GENESIS_HASH }): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let prevHash = start.hash;
  inputs.forEach((input, index) => {
    const unsigned = { sequence: start.sequence + index + 1, ...input, prevHash };
    const entry = { ...unsigned, hash: oracleHash(unsigned) };
    entries.push(entry);
    prevHash = entry.hash;
  });
  return entries;
}

const sample = (n: number): EntryInput[] =>
  Array.from({ length: n }, (_, i) => ({
    at: `2026-04-01T09:${String(30 + i).padStart(2, "0")}:00.000Z`,
    actor: { type: "user", id: `5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d${i % 10}` },
    action: i % 2 ? "user.role-changed" : "user.created",
    target: { type: "user", id: `7e6d5c4b-3a29-4180-9f7e-6d5c4b3a291${i % 10}` },
  }));

const entryInput = fc.record({
  at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  actor: fc.record({
    type: fc.constantFrom("user" as const, "operator" as const, "system" as const),
    id: fc.uuid(),
  }),
  action: fc.constantFrom("user.created", "export.created", "rights-request.extended", "tenant.closed"),
  target: fc.record({ type: fc.constantFrom("user", "export", "tenant"), id: fc.string({ maxLength: 20 }) }),
});

describe("computeAuditEntryHash", () => {
  it("is SHA-256 of prevHash + RFC 8785 JSON of the entry without hash", async () => {
    for (const entry of chain(sample(3))) expect(await computeAuditEntryHash(entry)).toBe(entry.hash);
  });

  test.prop([fc.array(entryInput, { minLength: 1, maxLength: 4 })])(
    "agrees with the oracle",
    async (inputs) => {
      for (const entry of chain(inputs)) expect(await computeAuditEntryHash(entry)).toBe(entry.hash);
    },
  );

  it("hashes strings exactly as served (no re-formatting of timestamps)", async () => {
    const [entry] = chain([{ ...sample(1)[0], at: "2026-04-01T09:30:00Z" } as EntryInput]);
    if (!entry) throw new Error("no entry");
    expect(await computeAuditEntryHash(entry)).toBe(entry.hash);
    expect(await computeAuditEntryHash({ ...entry, at: "2026-04-01T09:30:00.000Z" })).not.toBe(entry.hash);
  });
});

describe("verifyAuditChain", () => {
  it("accepts a valid chain from the genesis, sync or async", async () => {
    const entries = chain(sample(5));
    const last = entries[4];
    expect(await verifyAuditChain(entries)).toEqual({
      valid: true,
      checked: 5,
      last: { sequence: 5, hash: last?.hash },
    });
    async function* stream() {
      yield* entries;
    }
    expect(await verifyAuditChain(stream())).toMatchObject({ valid: true, checked: 5 });
  });

  it("accepts an empty trail, and checks the head of an empty trail", async () => {
    expect(await verifyAuditChain([])).toEqual({
      valid: true,
      checked: 0,
      last: { sequence: 0, hash: AUDIT_GENESIS_HASH },
    });
    expect(await verifyAuditChain([], { head: { sequence: 0, hash: AUDIT_GENESIS_HASH } })).toMatchObject({
      valid: true,
    });
    expect(await verifyAuditChain([], { head: { sequence: 0, hash: "f".repeat(64) } })).toMatchObject({
      valid: false,
      reason: "head-mismatch",
    });
  });

  it("rejects a first entry that does not start from the genesis", async () => {
    const [first] = chain(sample(1), { sequence: 0, hash: "a".repeat(64) });
    expect(await verifyAuditChain(first ? [first] : [])).toMatchObject({
      valid: false,
      reason: "prev-hash-mismatch",
      sequence: 1,
      expected: AUDIT_GENESIS_HASH,
    });
  });

  it("detects a removed, duplicated or reordered entry", async () => {
    const entries = chain(sample(5));
    const without = entries.filter((e) => e.sequence !== 3);
    expect(await verifyAuditChain(without)).toMatchObject({
      valid: false,
      reason: "sequence-gap",
      sequence: 4,
      checked: 2,
    });
    const swapped = [entries[0], entries[2], entries[1], entries[3]].filter((e) => e !== undefined);
    expect(await verifyAuditChain(swapped)).toMatchObject({ valid: false, reason: "sequence-gap" });
    const duplicated = [...entries.slice(0, 3), entries[2]].filter((e) => e !== undefined);
    expect(await verifyAuditChain(duplicated)).toMatchObject({ valid: false, reason: "sequence-gap" });
  });

  test.prop([
    fc.array(entryInput, { minLength: 1, maxLength: 6 }),
    fc.nat(),
    fc.constantFrom("at", "action", "actor", "target", "prevHash", "hash", "sequence"),
  ])("any change to any member of any entry is detected", async (inputs, which, member) => {
    const entries = chain(inputs);
    const index = which % entries.length;
    const original = entries[index];
    if (!original) throw new Error("no entry");
    const tampered: AuditEntry = { ...original };
    switch (member) {
      case "actor":
        tampered.actor = { ...original.actor, id: `${original.actor.id}x` };
        break;
      case "target":
        tampered.target = { ...original.target, type: `${original.target.type}x` };
        break;
      case "prevHash":
      case "hash":
        tampered[member] = original[member].replace(/^./, (c) => (c === "0" ? "1" : "0"));
        break;
      case "sequence":
        tampered.sequence = original.sequence + 1;
        break;
      default:
        tampered[member] = `${original[member]}x`;
    }
    entries[index] = tampered;
    const result = await verifyAuditChain(entries);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.sequence).toBeLessThanOrEqual(index + 2);
    if (!result.valid) expect(result.checked).toBeLessThanOrEqual(index + 1);
  });

  it("a rewritten history (re-hashed from the middle) is caught by the head fetched earlier", async () => {
    const entries = chain(sample(6));
    const head = { sequence: 6, hash: entries[5]?.hash ?? "" };
    const inputs = sample(6);
    inputs[2] = { ...(inputs[2] as EntryInput), action: "user.deleted" };
    const forged = chain(inputs);
    expect(await verifyAuditChain(forged)).toMatchObject({ valid: true }); // internally consistent...
    expect(await verifyAuditChain(forged, { head })).toMatchObject({
      valid: false,
      reason: "head-mismatch",
      sequence: 6,
      expected: head.hash,
    });
  });

  it("a listing that stops short of the head is reported", async () => {
    const entries = chain(sample(6));
    const head = { sequence: 6, hash: entries[5]?.hash ?? "" };
    expect(await verifyAuditChain(entries.slice(0, 4), { head })).toMatchObject({
      valid: false,
      reason: "head-not-reached",
      sequence: 6,
      actual: "4",
    });
  });

  it("a listing that extends beyond the head is fine (entries appended since)", async () => {
    const entries = chain(sample(8));
    const head = { sequence: 5, hash: entries[4]?.hash ?? "" };
    expect(await verifyAuditChain(entries, { head })).toMatchObject({ valid: true, checked: 8 });
  });

  it("verifies incrementally from a point verified earlier", async () => {
    const entries = chain(sample(8));
    const start = { sequence: 5, hash: entries[4]?.hash ?? "" };
    expect(await verifyAuditChain(entries.slice(5), { start })).toMatchObject({ valid: true, checked: 3 });
    expect(await verifyAuditChain(entries.slice(6), { start })).toMatchObject({ reason: "sequence-gap" });
    const wrongStart = { sequence: 5, hash: "e".repeat(64) };
    expect(await verifyAuditChain(entries.slice(5), { start: wrongStart })).toMatchObject({
      reason: "prev-hash-mismatch",
      sequence: 6,
    });
  });
});

describe("the contract's audit-chain test vector (@crmfactory/api/test-vectors.json)", () => {
  const { genesisHash, entries } = vectors.auditChain as { genesisHash: string; entries: AuditEntry[] };

  it("starts from the SDK's genesis value, and every entry's hash recomputes", async () => {
    expect(genesisHash).toBe(AUDIT_GENESIS_HASH);
    for (const entry of entries) expect(await computeAuditEntryHash(entry)).toBe(entry.hash);
  });

  it("verifies as a chain up to its last entry", async () => {
    const last = entries.at(-1) as AuditEntry;
    expect(await verifyAuditChain(entries, { head: { sequence: last.sequence, hash: last.hash } })).toEqual({
      valid: true,
      checked: entries.length,
      last: { sequence: last.sequence, hash: last.hash },
    });
  });

  it("fails when any entry is altered", async () => {
    const [first, second] = entries as [AuditEntry, AuditEntry];
    const altered = [first, { ...second, action: "user.deleted" }];
    expect(await verifyAuditChain(altered)).toMatchObject({
      valid: false,
      reason: "hash-mismatch",
      sequence: 2,
      actual: second.hash,
    });
    expect(await verifyAuditChain([{ ...first, at: "2026-04-01T09:31:00Z" }, second])).toMatchObject({
      valid: false,
      reason: "hash-mismatch",
      sequence: 1,
    });
  });
});
