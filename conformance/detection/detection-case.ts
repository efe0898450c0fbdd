// One case of the detection corpus, as its case.ts describes it: what a user would write in the spec (the registry,
// each IOCTL by name, code and buffer sizes only, and hardware events where the bug is on an interrupt path) and the
// rule its buggy driver breaks.
import type { HardwareEvent, IoctlSpec } from '@cedk/conformance'
import type { HardwareSlot } from '@cedk/kernel'

export interface DetectionCase {
  registry: string
  ioctls: readonly IoctlSpec[]
  hardware?: () => readonly HardwareSlot[]
  events?: readonly HardwareEvent[]
  /** The rule id the buggy driver breaks (docs/rules.md). */
  expectedRule: string
  /** The bug, in one line. */
  bug: string
}
