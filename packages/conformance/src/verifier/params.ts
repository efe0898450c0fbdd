// The first-level buffers of recent calls, kept after the calls return: a later touch of one from another thread,
// or after the return, is an asynchronous access (CE6-A01, A06, A07).
import type { Call } from './calls.js'

export interface ParamRange {
  readonly start: number
  readonly end: number
  readonly call: Call
  returned: boolean
}

/** How many recent buffers are remembered (the check runs only for accesses to unmarshalled memory). */
const HISTORY = 256

export class ParamHistory {
  private readonly ranges: ParamRange[] = []

  add(call: Call): void {
    const p = call.params
    for (let i = 0; i < p.length; i += 2) this.ranges.push({ start: p[i]!, end: p[i + 1]!, call, returned: false })
    if (this.ranges.length > HISTORY) this.ranges.splice(0, this.ranges.length - HISTORY)
  }

  returned(call: Call): void {
    for (const r of this.ranges) if (r.call === call) r.returned = true
  }

  /** The newest buffer of a call other than `except` holding address `a`. */
  find(a: number, except: Call | undefined): ParamRange | undefined {
    for (let i = this.ranges.length - 1; i >= 0; i--) {
      const r = this.ranges[i]!
      if (r.call !== except && a >= r.start && a < r.end) return r
    }
    return undefined
  }
}
