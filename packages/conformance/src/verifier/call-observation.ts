// What CE6 defines after a device call, for CE6-R07: the kernel-mode run and the udevice run are compared on that
// and nothing else (docs/decisions.md, "CE6-R07 compares what CE6 defines"). Both the scenario suite's observer and
// the property suite's equivalence check record their calls through here.
import { IsValidUsrPtr, PAGE_SIZE, accessOf, ACCESS_READ, ACCESS_WRITE } from '@cedk/kernel'

/** A call's result as the caller sees it. */
export interface CallSeen {
  ok: boolean
  /** The return value, for the calls whose value is the driver's (DeviceIoControl, CloseHandle). */
  value?: number
  lastError: number | string
  bytes: number
  /** The output buffer's bytes after the call (none: no buffer, or the caller cannot read it). */
  out?: readonly number[] | null
}

/** The part of a result CE6 defines, as compared across modes. */
export interface DefinedResult {
  ok: boolean
  value?: number
  /** Only after a failure: a successful call leaves the last error as an earlier call set it (SetLastError is not cleared). */
  lastError?: number | string
  /** Only after a success: a failing driver may have written part of its output, or not written lpBytesReturned. */
  bytes?: number
  out?: readonly number[] | null
}

export function definedResult(r: CallSeen): DefinedResult {
  const value = r.value === undefined ? {} : { value: r.value }
  if (!r.ok) return { ok: false, ...value, lastError: r.lastError }
  return { ok: true, ...value, bytes: r.bytes, ...(r.out !== undefined && { out: r.out }) }
}

/** The pages of a caller's address space, as much of it as this check needs. */
export interface CallerPages {
  protectionAt(addr: number): number | undefined
}

/**
 * Why the reflector hands a user-mode driver a different first-level buffer than a kernel-mode driver gets, or null:
 * - a non-NULL buffer of size 0 travels as NULL (SetupUmodeArgs), while a kernel-mode driver sees the pointer;
 * - a buffer that passes IsValidUsrPtr but is not committed with the access its direction needs (lpInBuf readable,
 *   lpOutBuf writable) fails the call in udevice before the driver runs (ERROR_INVALID_PARAMETER, param-map.ts),
 *   while a kernel-mode driver is called with it and answers as it sees fit.
 * CE6 defines no common result for such a call (docs/decisions.md, "CE6-R07 compares what CE6 defines").
 */
export function reflectorDifference(pages: CallerPages | null, pIn: number, nIn: number, pOut: number, nOut: number): string | null {
  for (const [name, p, n, write] of [['lpInBuf', pIn, nIn, false], ['lpOutBuf', pOut, nOut, true]] as const) {
    if (p && !n) return `${name} is non-NULL with size 0: the reflector passes NULL, a kernel-mode driver gets the pointer`
    if (pages && unmappable(pages, p, n, write)) return `${name} is not committed ${write ? 'writable' : 'readable'}: the reflector refuses the call, a kernel-mode driver is called with it`
  }
  return null
}

/**
 * Why the marshalling helpers hand a user-mode driver a different embedded buffer than a kernel-mode driver gets, or
 * null: an embedded pointer that passes IsValidUsrPtr but is not committed with the access its direction needs. In
 * kernel mode CeOpenCallerBuffer checks only the range and returns the caller's pointer, so the driver faults on use;
 * in user mode it duplicates through ReadProcessMemory and writes back through WriteProcessMemory, so the copy-in or
 * the write-back fails instead (fact sheet §5.1, §5.2). Which error the driver then returns is its own choice.
 */
export function embeddedDifference(pages: CallerPages | null, pointers: readonly { path: string; address: number; length: number; write: boolean }[]): string | null {
  if (!pages) return null
  for (const e of pointers) {
    if (e.length > 0 && unmappable(pages, e.address, e.length, e.write)) {
      return `embedded pointer ${e.path} is not committed ${e.write ? 'writable' : 'readable'}: CeOpenCallerBuffer gives a kernel-mode driver the caller's pointer, a user-mode driver a copy`
    }
  }
  return null
}

function unmappable(pages: CallerPages, p: number, n: number, write: boolean): boolean {
  // NULL travels as NULL; a pointer failing IsValidUsrPtr is refused the same way in both modes.
  if (!p || !IsValidUsrPtr(p >>> 0, n >>> 0, write)) return false
  const need = write ? ACCESS_WRITE : ACCESS_READ
  const end = (p >>> 0) + (n >>> 0)
  for (let page = (p >>> 0) - ((p >>> 0) % PAGE_SIZE); page < end; page += PAGE_SIZE) {
    const prot = pages.protectionAt(page)
    if (!prot || (accessOf(prot) & need) !== need) return true
  }
  return false
}
