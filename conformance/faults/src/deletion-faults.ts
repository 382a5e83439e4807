import type { Fault } from "./fault.js";

/** Broken variants aimed at the deletion guarantees (DEL-*): at least one per observation. */
export const deletionFaults: readonly Fault[] = [];
