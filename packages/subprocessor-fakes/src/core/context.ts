import type { Clock } from "./clock.js";
import type { IdFactory } from "./ids.js";

/** What every fake shares: deterministic ids and the clock. */
export interface FakeContext {
  readonly ids: IdFactory;
  readonly clock: Clock;
}

/** State kept per credential, created on first use. */
export class PerCredential<T> {
  readonly #states = new Map<string, T>();

  constructor(private readonly create: (credential: string) => T) {}

  get(credential: string): T {
    let state = this.#states.get(credential);
    if (!state) {
      state = this.create(credential);
      this.#states.set(credential, state);
    }
    return state;
  }

  find(credential: string): T | undefined {
    return this.#states.get(credential);
  }

  entries(): [string, T][] {
    return [...this.#states];
  }

  /** The states of one credential, or of every credential when none is given. */
  select(credential: string | undefined): [string, T][] {
    if (credential === undefined) return this.entries();
    const state = this.#states.get(credential);
    return state ? [[credential, state]] : [];
  }

  clear(): void {
    this.#states.clear();
  }
}
