// Entry-point calls in progress, per thread: pushed at EntryEnter (the listener runs inside the new frame, so the
// frame gives the driver, the entry and the caller's buffers), popped at EntryExit or DriverException.
import type { SimThread } from './types.js'

export interface Call {
  /** Unique in the run. */
  readonly id: number
  readonly tid: number
  readonly driver: string
  readonly entry: string
  readonly label: string
  /** Sequence number of the call's EntryEnter event (where its trace starts). */
  readonly enteredAt: number
  /** GetDirectCallerProcessId of the call (0 for none). */
  readonly callerPid: number
  readonly kernelMode: boolean
  /** [start, end) pairs of the first-level buffers, as the driver sees them. */
  readonly params: readonly number[]
  /** The first pair of `params` is an input-only buffer (lpInBuf, WriteFile's buffer). */
  readonly firstIsInput: boolean
  /** Caller bytes read in this call through its first-level buffers: flat [start, end) pairs (double-fetch check). */
  readonly reads: number[]
  /**
   * Caller bytes read in this call through buffers the driver opened (direct or aliased), by the caller pointer
   * each was opened on: a second fetch is one through the same pointer (null until the first such read).
   */
  openedReads: Map<number, number[]> | null
  /** Bytes the driver wrote in this call (reading them back is not a second fetch). */
  readonly writes: number[]
  /** A violation of this call came from an access that faulted: the exception that follows is its consequence. */
  faultExplained: boolean
  /** The call returned (or an exception ended it): a later touch of its buffers is asynchronous. */
  returned: boolean
}

export class Calls {
  private readonly stacks = new Map<number, Call[]>()
  private nextId = 1

  /** `firstIsInput`: EntryEnter's d; `seq`: its sequence number. */
  enter(firstIsInput: boolean, t: SimThread, seq: number): Call {
    const f = t.frame
    const call: Call = {
      id: this.nextId++,
      tid: t.id,
      driver: f.driver,
      entry: f.entry,
      label: f.label,
      enteredAt: seq,
      callerPid: f.caller?.id ?? 0,
      kernelMode: f.kernelMode,
      params: f.params,
      firstIsInput,
      reads: [],
      openedReads: null,
      writes: [],
      faultExplained: false,
      returned: false,
    }
    let s = this.stacks.get(t.id)
    if (!s) this.stacks.set(t.id, (s = []))
    s.push(call)
    return call
  }

  /** The innermost call of thread `tid`. */
  top(tid: number): Call | undefined {
    const s = this.stacks.get(tid)
    return s?.[s.length - 1]
  }

  pop(tid: number): Call | undefined {
    return this.stacks.get(tid)?.pop()
  }
}

/** True when [a, a+n) lies inside one [start, end) pair of `ranges`. */
export function inRanges(ranges: readonly number[], a: number, n: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) if (a >= ranges[i]! && a + Math.max(n, 1) <= ranges[i + 1]!) return true
  return false
}

/** True when [a, a+n) overlaps a pair of `ranges`. */
export function overlaps(ranges: readonly number[], a: number, n: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) if (a < ranges[i + 1]! && a + n > ranges[i]!) return true
  return false
}

/** Add [a, a+n) to `ranges`, merged into the last pair when it touches it (sequential accesses stay one pair). */
export function addRange(ranges: number[], a: number, n: number): void {
  const k = ranges.length
  if (k && a <= ranges[k - 1]! && a + n >= ranges[k - 2]!) {
    ranges[k - 2] = Math.min(ranges[k - 2]!, a)
    ranges[k - 1] = Math.max(ranges[k - 1]!, a + n)
    return
  }
  ranges.push(a, a + n)
}
