// What the runtime verifier reports: one violation of one rule, with the evidence (the trace event that broke it)
// and where in the driver it happened. The spec-file API, the matchers and the reports all consume this shape.
import type { TraceEvent } from '@cedk/kernel'
import type { Mode } from '../mode.js'
import type { RuleId } from '../rules/rule.js'

/**
 * The verdict taxonomy (issue 4): a run of a rule in a mode ends in exactly one of these. 'not-checked': the driver
 * did not load in that mode, so nothing of the family ran (the finding that stopped the load is in its own cell).
 */
export type Verdict = 'pass' | 'violation' | 'divergence' | 'driver-crash' | 'hang' | 'leak' | 'harness-error' | 'not-applicable' | 'waived' | 'not-checked'

export interface Violation {
  rule: RuleId
  mode: Mode
  /** The driver DLL, e.g. "serial.dll". */
  driver: string
  /** The entry point or thread routine, e.g. "IOControl" or "worker". */
  entry: string
  /** One sentence: what happened, with the address, size and origin when there is one. */
  message: string
  /** The trace event that proves it (null only for end-of-run findings such as leaks, which carry `detail`). */
  event: TraceEvent | null
  address?: number
  size?: number
  /** Origin name of the accessed memory ("caller", "kernel", …) when the evidence is a memory access. */
  origin?: string
  /** The simulated call chain, innermost first ("serial.dll!COM_IOControl", "DeviceIoControl", "app.exe"). */
  stack: readonly string[]
  /**
   * The driver's own source at the violation, innermost first ("src/serial.ts:120:17 (setBaud)"): the TypeScript
   * lines the author wrote. Present when the verifier saw the violation happen in driver code and the machine keeps
   * JavaScript stacks (MachineOptions.jsStacks).
   */
  source?: readonly string[]
  /** The rule's fix, copied for the reader. */
  fix: string
  /** Anything else that identifies the finding (leak site, buffer id, …). */
  detail?: Readonly<Record<string, unknown>>
}
