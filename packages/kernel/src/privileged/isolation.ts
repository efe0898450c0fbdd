// Refusals that keep a user-mode driver inside its process (issue 14): managing the reflector's parameter window or
// the shared heap, code running outside every frame of its module, activating a key it could have written. They
// fail like any other refusal (an ApiError: last error plus the API's failure value), and are traced as privileged
// refusals with request "isolation", which the verifier reports under CE6-P07.
import { ApiError } from '../errors/api-error.js'
import type { Machine } from '../machine.js'
import type { Thread } from '../process/thread.js'
import { ERROR_ACCESS_DENIED } from '../errors/win32.js'
import { tracePrivileged } from './privileged-trace.js'

export class IsolationRefusal extends ApiError {}

export function refuseIsolation(code: number, detail: string): never {
  throw new IsolationRefusal(code, detail)
}

/** Trace a refusal for the verifier: `driver` asked for `api`, first argument `firstArg`. */
export function traceIsolation(m: Machine, api: string, firstArg: number, e: ApiError, driver: string): void {
  tracePrivileged(m, api, false, firstArg, e.code, { reason: e.message, driver, path: 'kernel', request: 'isolation' })
}

/**
 * Driver code called its ctx while no frame of its module runs: a promise chain it started and did not await, now
 * running on whatever thread is current — perhaps a kernel-mode driver's (issue 14 hole 3). Thrown into that code;
 * it is the driver's exception, not the machine's.
 */
export class OutsideFramesError extends Error {
  constructor(driver: string, api: string, t: Thread) {
    const at = t.driverFrame()?.label ?? t.frame.label
    super(
      `${api} by ${driver} outside any frame of ${driver} (the running thread is in ${at}): code of a promise chain the driver started and did not await runs on someone else's thread; await it, or run it on a thread of the driver's own (CreateThread)`,
    )
    this.name = 'OutsideFramesError'
  }
}

/**
 * The module with owner tag `owner` may act on `t` only from one of its own frames: the nearest frame running driver
 * code must be its. Otherwise the attempt is traced (CE6-P07) and refused with OutsideFramesError.
 */
export function checkOwnFrame(m: Machine, t: Thread, owner: number, driver: string, api: string, firstArg: number): void {
  if (t.driverFrame()?.owner === owner) return
  refuseOutside(m, t, driver, api, firstArg)
}

/**
 * Refuse a ctx call made while the running frame is not one of the module's: API calls are strict, since driver code
 * never runs inside a kernel frame of its own calls (the kernel pops it before the driver's code resumes) — except
 * a detached chain, which would otherwise call with that kernel frame's privilege.
 */
export function refuseOutside(m: Machine, t: Thread, driver: string, api: string, firstArg: number): never {
  const e = new OutsideFramesError(driver, api, t)
  tracePrivileged(m, api, false, firstArg, ERROR_ACCESS_DENIED, { reason: e.message, driver, path: 'kernel', request: 'isolation' })
  throw e
}
