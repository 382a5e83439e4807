import type { Fault } from "./fault.js";
import { retentionRecordFaults } from "./retention-faults-records.js";

/** Broken variants aimed at the retention guarantees (RET-*): at least one per observation. */
export const retentionFaults: readonly Fault[] = [...retentionRecordFaults];
