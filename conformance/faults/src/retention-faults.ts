import type { Fault } from "./fault.js";

/** Broken variants aimed at the retention guarantees (RET-*): at least one per observation. */
export const retentionFaults: readonly Fault[] = [];
