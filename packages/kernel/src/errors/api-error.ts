// Internal failure of a kernel API: thrown deep inside a subsystem, caught at the API boundary, where it becomes
// SetLastError(code) plus the API's failure return. Never escapes to driver or test code.
import { win32ErrorName } from './win32.js'

export class ApiError extends Error {
  constructor(
    readonly code: number,
    detail?: string,
  ) {
    const message = detail ? `${win32ErrorName(code)}: ${detail}` : win32ErrorName(code)
    // Performance: no JS stack. An ApiError never leaves the API boundary that catches it, so nobody reads its
    // stack, and capturing one cost more than the rest of a failing call (a hostile caller's bad buffer fails
    // this way on every call in udevice mode: a tenth of the property run). Error.stackTraceLimit is read only
    // while the Error constructor runs, and is restored at once.
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(message)
    Error.stackTraceLimit = limit
    this.name = 'ApiError'
  }
}

export function fail(code: number, detail?: string): never {
  throw new ApiError(code, detail)
}
