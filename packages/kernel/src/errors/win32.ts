// Win32 error codes and HRESULTs by their real names and values (winerror.h; fact sheet §12).

export const ERROR_SUCCESS = 0
export const ERROR_INVALID_FUNCTION = 1
export const ERROR_FILE_NOT_FOUND = 2
export const ERROR_ACCESS_DENIED = 5
export const ERROR_INVALID_HANDLE = 6
export const ERROR_NOT_ENOUGH_MEMORY = 8
export const ERROR_INVALID_ACCESS = 12
export const ERROR_INVALID_DATA = 13
export const ERROR_OUTOFMEMORY = 14
export const ERROR_GEN_FAILURE = 31
export const ERROR_NOT_SUPPORTED = 50
export const ERROR_DEV_NOT_EXIST = 55
export const ERROR_INVALID_PARAMETER = 87
export const ERROR_OPEN_FAILED = 110
export const ERROR_INSUFFICIENT_BUFFER = 122
export const ERROR_PROC_NOT_FOUND = 127
export const ERROR_NOT_OWNER = 288
export const ERROR_INVALID_ADDRESS = 487
export const ERROR_NOACCESS = 998
export const ERROR_ALREADY_EXISTS = 183
export const ERROR_TIMEOUT = 1460
export const ERROR_NOT_FOUND = 1168
export const ERROR_INVALID_HANDLE_STATE = 1609
export const ERROR_BAD_CONFIGURATION = 1610
export const ERROR_DEVICE_REMOVED = 1617
export const ERROR_DEVICE_IN_USE = 2404

export const S_OK = 0
export const E_FAIL = 0x80004005
export const E_ACCESSDENIED = 0x80070005
export const E_OUTOFMEMORY = 0x8007000e
export const E_INVALIDARG = 0x80070057

/** HRESULT_FROM_WIN32(x): 0x80070000 | x for x > 0, x itself otherwise (winerror.h). */
export function HRESULT_FROM_WIN32(code: number): number {
  return code <= 0 ? code : (0x80070000 | (code & 0xffff)) >>> 0
}

export const SUCCEEDED = (hr: number): boolean => (hr | 0) >= 0
export const FAILED = (hr: number): boolean => (hr | 0) < 0

const WIN32_NAMES: Record<number, string> = {
  [ERROR_SUCCESS]: 'ERROR_SUCCESS',
  [ERROR_INVALID_FUNCTION]: 'ERROR_INVALID_FUNCTION',
  [ERROR_FILE_NOT_FOUND]: 'ERROR_FILE_NOT_FOUND',
  [ERROR_ACCESS_DENIED]: 'ERROR_ACCESS_DENIED',
  [ERROR_INVALID_HANDLE]: 'ERROR_INVALID_HANDLE',
  [ERROR_NOT_ENOUGH_MEMORY]: 'ERROR_NOT_ENOUGH_MEMORY',
  [ERROR_INVALID_ACCESS]: 'ERROR_INVALID_ACCESS',
  [ERROR_INVALID_DATA]: 'ERROR_INVALID_DATA',
  [ERROR_OUTOFMEMORY]: 'ERROR_OUTOFMEMORY',
  [ERROR_GEN_FAILURE]: 'ERROR_GEN_FAILURE',
  [ERROR_NOT_SUPPORTED]: 'ERROR_NOT_SUPPORTED',
  [ERROR_DEV_NOT_EXIST]: 'ERROR_DEV_NOT_EXIST',
  [ERROR_INVALID_PARAMETER]: 'ERROR_INVALID_PARAMETER',
  [ERROR_OPEN_FAILED]: 'ERROR_OPEN_FAILED',
  [ERROR_INSUFFICIENT_BUFFER]: 'ERROR_INSUFFICIENT_BUFFER',
  [ERROR_PROC_NOT_FOUND]: 'ERROR_PROC_NOT_FOUND',
  [ERROR_NOT_OWNER]: 'ERROR_NOT_OWNER',
  [ERROR_INVALID_ADDRESS]: 'ERROR_INVALID_ADDRESS',
  [ERROR_NOACCESS]: 'ERROR_NOACCESS',
  [ERROR_ALREADY_EXISTS]: 'ERROR_ALREADY_EXISTS',
  [ERROR_TIMEOUT]: 'ERROR_TIMEOUT',
  [ERROR_NOT_FOUND]: 'ERROR_NOT_FOUND',
  [ERROR_INVALID_HANDLE_STATE]: 'ERROR_INVALID_HANDLE_STATE',
  [ERROR_BAD_CONFIGURATION]: 'ERROR_BAD_CONFIGURATION',
  [ERROR_DEVICE_REMOVED]: 'ERROR_DEVICE_REMOVED',
  [ERROR_DEVICE_IN_USE]: 'ERROR_DEVICE_IN_USE',
}

const HRESULT_NAMES: Record<number, string> = {
  [S_OK]: 'S_OK',
  [E_FAIL]: 'E_FAIL',
  [E_ACCESSDENIED]: 'E_ACCESSDENIED',
  [E_OUTOFMEMORY]: 'E_OUTOFMEMORY',
  [E_INVALIDARG]: 'E_INVALIDARG',
}

/** The name of a Win32 error code, e.g. 87 → "ERROR_INVALID_PARAMETER"; unknown codes print as numbers. */
export function win32ErrorName(code: number): string {
  return WIN32_NAMES[code] ?? `error ${code}`
}

/** The name of an HRESULT, e.g. 0x80070005 → "E_ACCESSDENIED", HRESULT_FROM_WIN32(50) → "HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED)". */
export function hresultName(hr: number): string {
  const u = hr >>> 0
  const known = HRESULT_NAMES[u]
  if (known) return known
  if ((u & 0xffff0000) === 0x80070000) return `HRESULT_FROM_WIN32(${win32ErrorName(u & 0xffff)})`
  return `0x${u.toString(16).padStart(8, '0')}`
}

/** Looks an error code up by name ("ERROR_ACCESS_DENIED" or "E_ACCESSDENIED"); undefined when unknown. */
export function errorCodeByName(name: string): number | undefined {
  for (const [k, v] of Object.entries(WIN32_NAMES)) if (v === name) return Number(k)
  for (const [k, v] of Object.entries(HRESULT_NAMES)) if (v === name) return Number(k)
  return undefined
}
