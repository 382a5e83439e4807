import { randomUUID } from "node:crypto";
import { timestamp } from "../platform/clock.js";
import { problem } from "../platform/problem.js";
import {
  type ContactSignals,
  contactSignals,
  conversionLikelihood,
  disqualificationReason,
  draftReply,
  leadScore,
  type ScoreOutput,
  sentiment,
} from "./ai-scoring.js";
import { type AiFeature, featureEnabled, processingOf } from "./ai-settings.js";
import type { OperationContext, OperationGroup } from "./operation-group.js";

type RunInput =
  | { feature: "lead-scoring" | "sentiment-analysis" | "predictive-analytics"; contactId: string }
  | { feature: "response-suggestions"; contactId: string; channel: "sms" | "whatsapp" | "email" }
  | { feature: "workflow-automation"; contactId: string; workflow: "disqualify-lead" }
  | { feature: "voice-agent"; contactId: string; callId: string };

interface RunOutcome {
  outcome: "completed" | "skipped";
  skippedReason: "feature-disabled" | "processing-restricted" | null;
  scoreId: string | null;
  proposalId: string | null;
}

function runView(id: string, input: RunInput, now: Date, outcome: RunOutcome) {
  return { id, feature: input.feature, contactId: input.contactId, ranAt: timestamp(now), ...outcome };
}

const skipped = (reason: RunOutcome["skippedReason"]): RunOutcome => ({
  outcome: "skipped",
  skippedReason: reason,
  scoreId: null,
  proposalId: null,
});

async function storeScore(context: OperationContext, runId: string, input: RunInput, output: ScoreOutput) {
  const id = randomUUID();
  await context.tx.query(
    `INSERT INTO ai_scores (id, run_id, contact_id, feature, score, label, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, runId, input.contactId, input.feature, output.score, output.label, context.now],
  );
  return id;
}

async function storeProposal(
  context: OperationContext,
  runId: string,
  input: RunInput,
  proposal:
    | { type: "send-message"; message: unknown }
    | { type: "disqualify-lead"; disqualification: unknown },
) {
  const id = randomUUID();
  await context.tx.query(
    `INSERT INTO ai_proposals (id, run_id, contact_id, type, feature, status, message, disqualification, created_at)
     VALUES ($1, $2, $3, $4, $5, 'pending', $6::jsonb, $7::jsonb, $8)`,
    [
      id,
      runId,
      input.contactId,
      proposal.type,
      input.feature,
      "message" in proposal ? JSON.stringify(proposal.message) : null,
      "disqualification" in proposal ? JSON.stringify(proposal.disqualification) : null,
      context.now,
    ],
  );
  return id;
}

function missingAddress(field: string): never {
  throw problem("validation-failed", `The contact has no ${field} to draft a message to.`, {
    errors: [{ path: "/body/contactId", message: `names a contact without a ${field}` }],
  });
}

/** The newest lead score of the contact, the one a disqualification rests on (null: never scored). */
async function latestLeadScore(context: OperationContext, contactId: string): Promise<string | null> {
  const [row] = await context.tx.query<{ id: string }>(
    `SELECT id FROM ai_scores WHERE contact_id = $1 AND feature = 'lead-scoring' ORDER BY created_at DESC, id DESC LIMIT 1`,
    [contactId],
  );
  return row?.id ?? null;
}

/** Computes the feature's output and stores it: a score, or a proposal that waits for a human (§6). */
async function complete(context: OperationContext, runId: string, input: RunInput, s: ContactSignals) {
  const done = (scoreId: string | null, proposalId: string | null): RunOutcome => ({
    outcome: "completed",
    skippedReason: null,
    scoreId,
    proposalId,
  });
  switch (input.feature) {
    case "lead-scoring":
      return done(await storeScore(context, runId, input, leadScore(s)), null);
    case "predictive-analytics":
      return done(await storeScore(context, runId, input, conversionLikelihood(s)), null);
    case "sentiment-analysis":
      return done(await storeScore(context, runId, input, sentiment(s.texts)), null);
    case "voice-agent": {
      const [call] = await context.tx.query<{ transcript: string | null }>(
        "SELECT transcript FROM calls WHERE id = $1 AND contact_id = $2",
        [input.callId, input.contactId],
      );
      if (!call) throw problem("not-found", "This contact has no call with this id.");
      return done(
        await storeScore(context, runId, input, sentiment(call.transcript ? [call.transcript] : [])),
        null,
      );
    }
    case "response-suggestions": {
      if (input.channel === "email" && !s.email) missingAddress("email address");
      if (input.channel !== "email" && !s.phone) missingAddress("phone number");
      const message = draftReply(s, input.channel);
      return done(null, await storeProposal(context, runId, input, { type: "send-message", message }));
    }
    case "workflow-automation": {
      const disqualification = {
        reason: disqualificationReason(leadScore(s)),
        scoreId: await latestLeadScore(context, input.contactId),
      };
      return done(
        null,
        await storeProposal(context, runId, input, { type: "disqualify-lead", disqualification }),
      );
    }
  }
}

/**
 * `runAiFeature`: nothing is read beyond the switch and the contact's restrictions, and nothing is
 * computed or stored, when the feature is off or the contact restricted or objected to its processing
 * (RIGHTS-RESTRICT-OBJECT); the skipped run is answered, never kept.
 */
export const aiRunOperations: OperationGroup["operations"] = {
  async runAiFeature(context) {
    const input = await context.body<RunInput>();
    const [contact] = await context.tx.query<{ processing_restrictions: string[] }>(
      "SELECT processing_restrictions FROM contacts WHERE id = $1 FOR UPDATE",
      [input.contactId],
    );
    if (!contact) throw problem("not-found", "No contact of this tenant has this id.");
    const id = randomUUID();
    const feature = input.feature as AiFeature;
    let outcome: RunOutcome;
    if (!(await featureEnabled(context.tx, feature))) outcome = skipped("feature-disabled");
    else if (contact.processing_restrictions.includes(processingOf[feature]))
      outcome = skipped("processing-restricted");
    else {
      await context.tx.query(
        "INSERT INTO ai_runs (id, feature, contact_id, created_at) VALUES ($1, $2, $3, $4)",
        [id, feature, input.contactId, context.now],
      );
      outcome = await complete(context, id, input, await contactSignals(context.tx, input.contactId));
    }
    return {
      status: 201,
      ...(outcome.proposalId ? { headers: { location: `ai/proposals/${outcome.proposalId}` } } : {}),
      body: runView(id, input, context.now, outcome),
    };
  },
};
