// The trace record of a privileged request (issue 3 item 9): every grant and every refusal, so the verifier can
// name each refused request. a = interned API name, b = 1 granted / 0 refused, c = first argument, d = the error
// code (0 when granted); the detail says why and for which driver.
import type { Machine } from '../machine.js'
import { Ev } from '../trace/events.js'

export interface PrivilegedDetail {
  /** Why it was granted or refused, e.g. "SYSINTR 20 is not the SysIntr of the driver's key (19)". */
  reason: string
  /** The DLL that asked ('' for the kernel itself). */
  driver: string
  /** 'kernel' (the direct path) or 'reflector' (a user-mode driver's request through its reflector). */
  path: 'kernel' | 'reflector'
  [more: string]: unknown
}

export function tracePrivileged(m: Machine, api: string, granted: boolean, firstArg: number, error: number, detail: PrivilegedDetail): void {
  const tr = m.trace
  if (tr.enabled) tr.emit(Ev.Privileged, tr.intern(api), granted ? 1 : 0, firstArg >>> 0, granted ? 0 : error >>> 0, detail)
}
