import type { Queryable } from "../database/database.js";
import { problem } from "../platform/problem.js";

/**
 * The AI features' models (§2, §6): plain deterministic functions of one contact's records in the
 * request's tenant schema. They read nothing of the catalogue or of another tenant, call no one outside,
 * and learn nothing between runs, so the same tenant data always gives the same output (SEC-AI-TENANT-SCOPE)
 * and no customer data trains anything shared (AI-NO-TRAINING). Time is not an input: a score changes only
 * when the tenant's data does.
 */

export interface ContactSignals {
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  deals: number;
  /** Other CRM objects (activities, notes, accounts) linked to the contact. */
  touches: number;
  inbound: number;
  outbound: number;
  calls: number;
  callSeconds: number;
  /** The contact's own words: inbound messages' bodies and call transcripts, oldest first. */
  texts: string[];
  lastInboundSubject: string | null;
}

/** The contact's signals, from this tenant's tables only (unqualified names: the tenant's schema). */
export async function contactSignals(tx: Queryable, contactId: string): Promise<ContactSignals> {
  const [contact] = await tx.query<{
    name: string;
    email: string | null;
    phone: string | null;
    company: string | null;
  }>("SELECT name, email, phone, company FROM contacts WHERE id = $1", [contactId]);
  if (!contact) throw problem("not-found", "No contact of this tenant has this id.");
  const [objects] = await tx.query<{ deals: number; touches: number }>(
    `SELECT count(*) FILTER (WHERE o.type = 'deal')::int AS deals, count(*) FILTER (WHERE o.type <> 'deal')::int AS touches
     FROM crm_objects o JOIN crm_object_contacts l ON l.crm_object_id = o.id WHERE l.contact_id = $1`,
    [contactId],
  );
  const messages = await tx.query<{ direction: string; subject: string | null; body: string }>(
    "SELECT direction, subject, body FROM messages WHERE contact_id = $1 ORDER BY created_at, id",
    [contactId],
  );
  const calls = await tx.query<{ duration_seconds: number; transcript: string | null }>(
    "SELECT duration_seconds, transcript FROM calls WHERE contact_id = $1 ORDER BY occurred_at, id",
    [contactId],
  );
  const inbound = messages.filter((m) => m.direction === "inbound");
  return {
    ...contact,
    deals: objects?.deals ?? 0,
    touches: objects?.touches ?? 0,
    inbound: inbound.length,
    outbound: messages.length - inbound.length,
    calls: calls.length,
    callSeconds: calls.reduce((sum, c) => sum + c.duration_seconds, 0),
    texts: [...inbound.map((m) => m.body), ...calls.flatMap((c) => (c.transcript ? [c.transcript] : []))],
    lastInboundSubject: inbound.at(-1)?.subject ?? null,
  };
}

export interface ScoreOutput {
  score: number;
  label: string;
}

const clamp = (value: number) => Math.max(0, Math.min(100, Math.round(value)));

/** Lead scoring: how reachable and engaged the lead is, from its record and its history with the tenant. */
export function leadScore(s: ContactSignals): ScoreOutput {
  const score = clamp(
    10 +
      (s.email ? 15 : 0) +
      (s.phone ? 10 : 0) +
      (s.company ? 10 : 0) +
      Math.min(30, 10 * s.deals) +
      Math.min(10, 2 * s.touches) +
      Math.min(15, 5 * s.inbound + 2 * s.outbound) +
      Math.min(10, 5 * s.calls),
  );
  return { score, label: score >= 70 ? "hot" : score >= 40 ? "warm" : "cold" };
}

/** Predictive analytics: the likelihood of a deal, weighted towards open deals and two-way contact. */
export function conversionLikelihood(s: ContactSignals): ScoreOutput {
  const score = clamp(
    5 + Math.min(45, 15 * s.deals) + Math.min(30, 10 * s.inbound) + Math.min(20, s.callSeconds / 60),
  );
  return { score, label: score >= 60 ? "likely" : score >= 30 ? "possible" : "unlikely" };
}

const positive = [
  "thank",
  "thanks",
  "great",
  "good",
  "happy",
  "love",
  "excellent",
  "perfect",
  "glad",
  "yes",
  "works",
];
const negative = [
  "bad",
  "angry",
  "cancel",
  "refund",
  "problem",
  "complaint",
  "disappointed",
  "late",
  "broken",
  "no",
  "terrible",
];

/** Sentiment: a fixed word list over the contact's own words; 50 is neutral (and what no words give). */
export function sentiment(texts: readonly string[]): ScoreOutput {
  let up = 0;
  let down = 0;
  for (const word of texts
    .join(" ")
    .toLowerCase()
    .split(/[^a-z']+/)) {
    if (positive.includes(word)) up++;
    if (negative.includes(word)) down++;
  }
  const score = up + down === 0 ? 50 : clamp(50 + (50 * (up - down)) / (up + down));
  return { score, label: score > 60 ? "positive" : score < 40 ? "negative" : "neutral" };
}

/** A drafted reply (response suggestions), in the tone the contact's sentiment calls for. */
export function draftReply(s: ContactSignals, channel: string) {
  const firstName = s.name.trim().split(/\s+/)[0] ?? s.name;
  const mood = sentiment(s.texts).label;
  const opening =
    mood === "negative"
      ? "I am sorry to hear about the trouble, and I want to put it right."
      : mood === "positive"
        ? "Thank you for your kind words."
        : "Thank you for getting in touch.";
  const about = s.company ? ` for ${s.company}` : "";
  const body = `Hello ${firstName}, ${opening} I will follow up${about} shortly with the next steps.`;
  return {
    channel,
    subject:
      channel === "email" ? (s.lastInboundSubject ? `Re: ${s.lastInboundSubject}` : "Following up") : null,
    body,
  };
}

/** The reason a lead disqualification gives, from the lead score it rests on. */
export function disqualificationReason(lead: ScoreOutput): string {
  const why =
    lead.label === "cold" ? "little engagement and no open deal" : "engagement the workflow found short";
  return `Lead score ${lead.score} (${lead.label}): ${why}.`;
}
