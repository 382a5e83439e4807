import { problem } from "../platform/problem.js";
import type { Platform } from "./operation-group.js";

/**
 * The secret the reference holds for a subprocessor: the `credentials` part (`{ stripe: "sk_..." }`,
 * by subprocessor id), else the vendor's conventional environment variable. None is `unavailable`: the
 * operation cannot be served, and nothing is written.
 */
export function vendorCredential(
  platform: Platform,
  subprocessorId: string,
  environmentVariable: string,
): string {
  const parts = platform.parts.credentials as Readonly<Record<string, string | undefined>> | undefined;
  const secret = parts?.[subprocessorId] ?? process.env[environmentVariable];
  if (!secret) {
    throw problem("unavailable", `No credential for the subprocessor ${subprocessorId} is configured.`);
  }
  return secret;
}

/** The base URL the platform gives for a subprocessor, or `unavailable` when its profile has none. */
export function vendorBaseUrl(platform: Platform, subprocessorId: string): URL {
  const base = platform.vendorBaseUrls[subprocessorId];
  if (!base) throw problem("unavailable", `The subprocessor ${subprocessorId} has no base URL.`);
  return new URL(base);
}
