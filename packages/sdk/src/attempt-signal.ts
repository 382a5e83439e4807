/**
 * The abort signal of one attempt: it aborts when the attempt times out or when the caller aborts (so
 * while the caller's signal has not aborted, an aborted `signal` means the attempt timed out).
 */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** Stops the timer and detaches from the caller's signal. */
  dispose(): void;
}

/** `setTimeout` overflows past 2^31 - 1 ms and would fire at once; longer timeouts mean no timeout. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * One AbortController per attempt, aborted by its timer (with `timeoutReason()`) or by the caller's
 * signal (with the caller's reason). Unless disposed, it stays armed after the response headers
 * arrive, so the timeout and the caller's abort also cover reading the body; it lets go when the
 * timer fires. The timer is unref'd where that exists, so an unread body never holds the event loop
 * open.
 *
 * This is `AbortSignal.any([signal, AbortSignal.timeout(ms)])` written out: it runs on every
 * runtime, and costs a fraction (each extra AbortSignal is expensive to create in Node 20).
 */
export function createAttemptSignal(
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
  timeoutReason: () => unknown,
): AttemptSignal {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onCallerAbort = () => abort(callerSignal?.reason);
  const dispose = () => {
    clearTimeout(timer);
    callerSignal?.removeEventListener("abort", onCallerAbort);
  };
  const abort = (reason: unknown) => {
    dispose();
    controller.abort(reason);
  };
  if (callerSignal?.aborted) {
    controller.abort(callerSignal.reason);
  } else {
    callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
    if (Number.isFinite(timeoutMs) && timeoutMs <= MAX_TIMER_MS) {
      timer = setTimeout(() => abort(timeoutReason()), timeoutMs);
      (timer as { unref?: () => void }).unref?.();
    }
  }
  return { signal: controller.signal, dispose };
}
