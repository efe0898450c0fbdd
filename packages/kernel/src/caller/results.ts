// What a test gets back from a call made as a process: the return value, success, the last error (by number and by
// name) and the byte count the call reported.
import type { DeviceInfo } from '../devmgr/device-manager.js'
import { win32ErrorName } from '../errors/win32.js'

export interface CallResult {
  /** The API's success: TRUE, a valid handle, a position other than 0xFFFFFFFF. */
  ok: boolean
  /** The raw return value as a DWORD (BOOL as 1/0, a handle, a position). */
  value: number
  /** GetLastError() on the calling thread after the call. */
  lastError: number
  /** The last error's name, e.g. "ERROR_INVALID_PARAMETER" (readable test failures). */
  error: string
  /** Bytes returned, read or written (0 when the API reports none). */
  bytes: number
}

export interface HandleResult extends CallResult {
  handle: number
}

export interface ActivateResult extends HandleResult {
  /** The device, when activation succeeded. */
  device: DeviceInfo | undefined
}

export interface IoctlResult extends CallResult {
  /** The first `bytes` bytes of the output buffer after the call. */
  output: Uint8Array
}

export function callerResult(value: number, ok: boolean, lastError: number, bytes: number): CallResult {
  return { ok, value: value >>> 0, lastError, error: win32ErrorName(lastError), bytes: bytes >>> 0 }
}
