import { type ProblemSlug, problemTypes, type ValidationIssue } from "@crmfactory/api";

export interface ProblemExtras {
  /** For `validation-failed`: one entry per violation. */
  errors?: readonly ValidationIssue[];
  /** Seconds, sent as `Retry-After` (rate limits, an advancing test clock). */
  retryAfter?: number;
  /**
   * Commit what the request wrote before refusing, instead of rolling it back: only for a refusal that
   * must itself be recorded (a wrong one-time code counts towards the attempt limit).
   */
  keepWrites?: boolean;
}

/**
 * A refusal from the contract's problem catalogue. Thrown anywhere in a request, it rolls the request's
 * transaction back and answers as problem details; nothing else becomes a 4xx.
 */
export class ProblemError extends Error {
  readonly slug: ProblemSlug;
  readonly status: number;
  readonly detail: string;
  readonly extras: ProblemExtras;

  constructor(slug: ProblemSlug, detail: string, extras: ProblemExtras = {}) {
    super(`${slug}: ${detail}`);
    this.name = "ProblemError";
    const entry = problemTypes[slug];
    if (!entry) throw new Error(`no problem type ${slug} in the contract's catalogue`);
    this.slug = slug;
    this.status = entry.status;
    this.detail = detail;
    this.extras = extras;
  }
}

export function problem(slug: ProblemSlug, detail: string, extras?: ProblemExtras): ProblemError {
  return new ProblemError(slug, detail, extras);
}

/** The problem details document of the catalogue entry, with this occurrence's detail and request id. */
export function problemBody(error: ProblemError, requestId: string, instance?: string) {
  const entry = problemTypes[error.slug];
  return {
    type: entry.type,
    title: entry.title,
    status: entry.status,
    detail: error.detail,
    ...(instance ? { instance } : {}),
    requestId,
    ...(error.extras.errors
      ? { errors: error.extras.errors.map((e) => ({ path: e.path, message: e.message })) }
      : {}),
  };
}
