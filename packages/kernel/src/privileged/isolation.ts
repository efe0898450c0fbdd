// Refusals that keep a user-mode driver inside its process (issue 14): managing the reflector's parameter window or
// the shared heap, code running outside every frame of its module, activating a key it could have written. They
// fail like any other refusal (an ApiError: last error plus the API's failure value), and are traced as privileged
// refusals with request "isolation", which the verifier reports under CE6-P07.
import { ApiError } from '../errors/api-error.js'
import type { Machine } from '../machine.js'
import { tracePrivileged } from './privileged-trace.js'

export class IsolationRefusal extends ApiError {}

export function refuseIsolation(code: number, detail: string): never {
  throw new IsolationRefusal(code, detail)
}

/** Trace a refusal for the verifier: `driver` asked for `api`, first argument `firstArg`. */
export function traceIsolation(m: Machine, api: string, firstArg: number, e: ApiError, driver: string): void {
  tracePrivileged(m, api, false, firstArg, e.code, { reason: e.message, driver, path: 'kernel', request: 'isolation' })
}
