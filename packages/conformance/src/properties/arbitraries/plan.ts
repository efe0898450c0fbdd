// What a generated case is, before it touches a machine: a program of IOCTL calls from caller processes and
// threads, each call with the values of its input struct and how each of its pointers is made (a real buffer or
// one of the hostile kinds), and the hardware events fired between calls. Plans are plain data, so fast-check shrinks them and prints them, and one plan runs
// the same way in kernel mode and in udevice mode.

/** How a pointer (first-level or embedded) is made. */
export type PointerKind =
  | 'valid' // a real caller allocation of the right size and access
  | 'null'
  | 'kernel' // an address in 0x80000000–0xFFFFFFFF
  | 'unmapped' // user space nobody reserved
  | 'guard' // the uncommitted page right after an allocation
  | 'readonly' // a PAGE_READONLY allocation (hostile for out/inout)
  | 'overrun' // the length runs past the allocation by `n`
  | 'short' // the length is `n` bytes short of the layout (first-level buffers)
  | 'wrap' // pointer + length wraps past 2^32
  | 'zero' // a zero length
  | 'overlap' // the out buffer starts `n` bytes into the in buffer
  | 'same' // the same pointer as the in buffer

/** A pointer made as `kind`; `n` tunes it (offset, extra length); `value` is the pointee for the kinds that have one. */
export interface PtrPlan {
  kind: PointerKind
  n: number
  value?: PlanValue | Uint8Array | PlanValue[]
}

/** A struct's values: numbers, byte arrays, strings, nested structs, and a PtrPlan for each pointer field. */
export type PlanValue = { [field: string]: unknown }

/** Between the driver's `afterReads`-th and next read of the input buffer, a second caller thread rewrites it. */
export interface RacePlan {
  afterReads: number
  input: PlanValue
}

export interface CallPlan {
  ioctl: string
  input?: PlanValue
  inBuf: PtrPlan
  outBuf: PtrPlan
  race?: RacePlan
}

export interface Step {
  call: CallPlan
  /** Which caller process (app0.exe, app1.exe, …) and which of its threads makes the call. */
  proc: number
  thread: number
  /** Wait for the call (and every call still running) before the next step; otherwise they overlap. */
  wait: boolean
}

/** The caller process exits right after step `afterStep` starts, while the driver may still hold its buffers. */
export interface ExitPlan {
  proc: number
  afterStep: number
  advanceMs: number
}

import type { EventPlan } from '../../stimulus/hardware-event.js'

export interface Program {
  procs: number
  steps: Step[]
  /** Choices among equally ranked ready threads (the machine's `schedule`), before the seed decides. */
  schedule: number[]
  exit?: ExitPlan
  /** Hardware events, in firing order (only when the spec gives events). */
  events?: EventPlan[]
}

/** The kinds that name a pointer no driver may follow: a call that needs it must fail. */
export const BAD_KINDS: ReadonlySet<PointerKind> = new Set(['null', 'kernel', 'unmapped', 'guard', 'wrap'])
