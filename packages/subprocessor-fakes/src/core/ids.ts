import { createHash } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";

/**
 * Deterministic ids: the n-th id of a kind under one credential is a hash of (seed, scope, n), so a
 * run with the same seed gets the same ids whatever order parallel tests interleave in.
 */
export class IdFactory {
  readonly #seed: string;
  readonly #counters = new Map<string, number>();

  constructor(seed: string | number) {
    this.#seed = String(seed);
  }

  /** `length` characters of `alphabet` derived from the next hash of `scope`. */
  next(scope: string, length: number, alphabet: "base62" | "hex" = "base62"): string {
    const n = (this.#counters.get(scope) ?? 0) + 1;
    this.#counters.set(scope, n);
    return derive(`${this.#seed}\u0000${scope}\u0000${n}`, length, alphabet === "hex" ? HEX : BASE62);
  }

  uuid(scope: string): string {
    const hex = this.next(scope, 32, "hex");
    const variant = HEX[8 + (Number.parseInt(hex[16] ?? "0", 16) % 4)];
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  reset(): void {
    this.#counters.clear();
  }
}

function derive(input: string, length: number, alphabet: string): string {
  let out = "";
  let block = 0;
  while (out.length < length) {
    const digest = createHash("sha256").update(`${input}\u0000${block++}`).digest();
    for (const byte of digest) {
      // Rejection sampling keeps every character equally likely.
      if (byte < 256 - (256 % alphabet.length)) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A small seeded PRNG (mulberry32) for fault probabilities. */
export function seededRandom(seed: string | number): () => number {
  let state = createHash("sha256").update(String(seed)).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
