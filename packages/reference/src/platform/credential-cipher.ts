import type { Platform } from "../operations/operation-group.js";
import { problem } from "./problem.js";

/**
 * Stored secrets (integration credentials, callback signing secrets) are sealed with the platform's
 * sealer (`secretKey`), the row's id as authenticated data. In production mode the key must be
 * configured: a per-process key would lose every stored secret at the next restart.
 */
function secretsSealer(platform: Platform) {
  if (platform.mode === "production" && !platform.sealer.keyConfigured) {
    throw problem("unavailable", "No secret key is configured, so no secret can be stored.");
  }
  return platform.sealer;
}

export function sealSecret(platform: Platform, plaintext: string, context: string): string {
  return secretsSealer(platform).seal(plaintext, context);
}

export function openSecret(platform: Platform, sealed: string, context: string): string {
  const plaintext = secretsSealer(platform).open(sealed, context);
  if (plaintext === undefined) throw new Error("a stored secret does not open with this key and row");
  return plaintext;
}
