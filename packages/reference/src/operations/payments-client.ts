import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { problem } from "../platform/problem.js";
import type { Platform } from "./operation-group.js";
import { vendorBaseUrl, vendorCredential } from "./vendor-credentials.js";

/**
 * The official Stripe SDK aimed at the vendor base URL the platform gives (host, port, protocol), its
 * requests sent through the platform's outbound `fetch` so the allow-list and tests' fakes see them.
 */
export function paymentsClient(platform: Platform): Stripe {
  const base = vendorBaseUrl(platform, "stripe");
  const protocol = base.protocol === "http:" ? "http" : "https";
  return new Stripe(vendorCredential(platform, "stripe", "STRIPE_SECRET_KEY"), {
    host: base.hostname,
    port: base.port ? Number(base.port) : protocol === "http" ? 80 : 443,
    protocol,
    // Retries are the outbound layer's (src/platform/outbound-retry.ts), one policy for every vendor; each
    // POST carries its own Idempotency-Key, as stripe-node sets when it retries, so a repeat is safe.
    maxNetworkRetries: 0,
    httpClient: Stripe.createFetchHttpClient((input, init) => {
      const request = new Request(input as string | URL, init as RequestInit);
      if (request.method === "POST" && !request.headers.has("idempotency-key"))
        request.headers.set("idempotency-key", randomUUID());
      return platform.fetch(request);
    }),
  });
}

/**
 * Runs a call at the payments subprocessor. Its failures become `unavailable` problem details that name
 * no customer data (Stripe's message may quote parameters): the request rolls back, nothing is kept.
 */
export async function atPayments<T>(platform: Platform, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const code = error instanceof Stripe.errors.StripeError ? (error.code ?? error.type) : "network";
    platform.logger.warn({ subprocessor: "stripe", code }, "payments subprocessor call failed");
    throw problem("unavailable", "The payments subprocessor did not complete the call; nothing was changed.");
  }
}
