// Internal failure of a kernel API: thrown deep inside a subsystem, caught at the API boundary, where it becomes
// SetLastError(code) plus the API's failure return. Never escapes to driver or test code.
import { win32ErrorName } from './win32.js'

export class ApiError extends Error {
  constructor(
    readonly code: number,
    detail?: string,
  ) {
    super(detail ? `${win32ErrorName(code)}: ${detail}` : win32ErrorName(code))
    this.name = 'ApiError'
  }
}

export function fail(code: number, detail?: string): never {
  throw new ApiError(code, detail)
}
