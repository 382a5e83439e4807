/** What a replay line needs besides the property: the command and the options choosing the target. */
export interface ReplayContext {
  /** The command that runs the suite, e.g. `pnpm conformance`. */
  readonly command: string;
  /** Options that choose the policy and target (`--policy`, `--fault`, `--target`...), already formatted. */
  readonly targetArgs: readonly string[];
}

/** Quotes a shell word only when it needs it. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The one line that replays a failure: the same target, `--only` the guarantee (and the property when
 * the guarantee has more than one), the run's seed and fast-check's path of the shrunk counterexample.
 */
export function replayCommand(
  context: ReplayContext,
  failure: { guarantee: string; property: string; registered: number; seed: number; path: string | null },
): string {
  const only = failure.registered > 1 ? `${failure.guarantee}/${failure.property}` : failure.guarantee;
  return [
    context.command,
    ...context.targetArgs,
    "--only",
    shellWord(only),
    "--seed",
    String(failure.seed),
    ...(failure.path ? ["--path", shellWord(failure.path)] : []),
  ].join(" ");
}
