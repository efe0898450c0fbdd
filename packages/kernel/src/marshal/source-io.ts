// Copy-in and copy-out between a marshalled copy and its source. Kernel mode reads and writes the source process's
// VM with kernel rights (a kernel WriteProcessMemory: it works from any thread, after the call too); user mode goes
// through Read/WriteProcessMemory with the user-mode IsValidUsrPtr rule (fact sheet §5.1, §5.2, §10.2). Failures
// are reported, never thrown: the helpers turn them into E_ACCESSDENIED or E_FAIL.
import type { ModuleInstance } from '../devmgr/module.js'
import { ApiError } from '../errors/api-error.js'
import { AccessViolation } from '../errors/exceptions.js'
import type { Machine } from '../machine.js'
import { PAGE_MASK, PAGE_SIZE } from '../memory/layout.js'
import { readProcessMemory, writeProcessMemory } from '../privileged/process-memory.js'
import type { Process } from '../process/process.js'

const swallow = (e: unknown): null => {
  if (e instanceof AccessViolation || e instanceof ApiError) return null
  throw e
}

/** `n` bytes of `proc`'s memory at `addr`, or null when they cannot be read. */
export function readSource(m: Machine, userMode: boolean, proc: Process, addr: number, n: number): Uint8Array | null {
  try {
    if (userMode) return readProcessMemory(m, true, proc.id, addr, n)
    if (proc.exited) return null
    const buf = new Uint8Array(n)
    m.memory.copy(addr, buf, false, true, proc.space)
    return buf
  } catch (e) {
    return swallow(e)
  }
}

/** Write `data` to `proc`'s memory at `addr`; false when it cannot be written. */
export function writeSource(m: Machine, userMode: boolean, proc: Process, addr: number, data: Uint8Array): boolean {
  try {
    if (userMode) writeProcessMemory(m, true, proc.id, addr, data)
    else if (proc.exited) return false
    else m.memory.copy(addr, data, true, true, proc.space)
    return true
  } catch (e) {
    return swallow(e) ?? false
  }
}

/** The module's own copy (its heap): the kernel's untraced access. */
export function readOwn(mod: ModuleInstance, addr: number, n: number): Uint8Array {
  const buf = new Uint8Array(n)
  mod.m.memory.copy(addr, buf, false, true, mod.process.space)
  return buf
}

export function writeOwn(mod: ModuleInstance, addr: number, data: Uint8Array): void {
  mod.m.memory.copy(addr, data, true, true, mod.process.space)
}

/**
 * strlen/wcslen + 1, in bytes, of a string at `addr` read a page at a time (AllocDuplicateString reads page by page
 * until it finds the NUL); null when a page on the way cannot be read.
 */
export function measureString(read: (addr: number, n: number) => Uint8Array | null, addr: number, wide: boolean): number | null {
  const unit = wide ? 2 : 1
  let chunk: Uint8Array = new Uint8Array(0)
  let base = addr
  const byteAt = (a: number): number => {
    if (a >= 0x100000000) return -1
    if (a - base >= chunk.length) {
      const next = read(a, PAGE_SIZE - (a & PAGE_MASK))
      if (next === null) return -1
      chunk = next
      base = a
    }
    return chunk[a - base]!
  }
  for (let i = 0; ; i += unit) {
    const lo = byteAt(addr + i)
    const hi = wide ? byteAt(addr + i + 1) : 0
    if (lo < 0 || hi < 0) return null
    if (lo === 0 && hi === 0) return i + unit
  }
}
