// The exit codes of every cedk command (documented in docs/ci.md and in `cedk --help`).
export const EXIT = {
  /** The command did its job and the conformance it looked at passed. */
  ok: 0,
  /** Conformance failures: a failing cell or test, a plan or expectations problem, a must-fix static finding,
   *  something a --baseline comparison says broke. */
  failures: 1,
  /** The command line or an input was wrong: unknown option, missing file, malformed report or registry, conflicting shards. */
  usage: 2,
  /** cedk itself failed (a bug): the stack is printed. */
  internal: 3,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** A problem with what the user gave: printed without a stack, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}
