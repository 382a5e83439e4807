/**
 * The target could not be reached, so no run could be made: the CLI exits 2 on it (and on its
 * subclasses) with the message alone, never a stack trace.
 */
export class TargetUnreachableError extends Error {
  override readonly name: string = "TargetUnreachableError";
  constructor(
    message: string,
    readonly targetUrl: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A `--spawn` command that ended (or never answered) before the target was up. */
export class SpawnedTargetError extends TargetUnreachableError {
  override readonly name: string = "SpawnedTargetError";
  constructor(
    message: string,
    targetUrl: string,
    /** The child's last stderr lines, oldest first. */
    readonly stderrTail: readonly string[],
    readonly exit?: { readonly code: number | null; readonly signal: NodeJS.Signals | null },
  ) {
    super(message, targetUrl);
  }
}
