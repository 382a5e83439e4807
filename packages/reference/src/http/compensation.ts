import type { Platform } from "../operations/operation-group.js";

/**
 * Runs a rolled-back request's compensations, newest first (an email contact before its audience), each
 * on its own: one that fails is logged (the operation and the error's name, never its message, which
 * can quote what the vendor holds) and the rest still run. What one leaves behind is found again by its
 * tag (the tenant's audience, the tenant's payments customer) or listed in the inventory.
 */
export async function compensate(
  platform: Platform,
  compensations: readonly (() => Promise<unknown>)[],
  where: { requestId: string; operationId: string },
): Promise<void> {
  for (const undo of [...compensations].reverse()) {
    try {
      await undo();
    } catch (error) {
      platform.logger.warn(
        { ...where, error: error instanceof Error ? error.name : "unknown" },
        "compensation after rollback failed",
      );
    }
  }
}
