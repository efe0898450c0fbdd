// Page protection and allocation constants (fact sheet §8, from winnt.h as CE has it).

export const PAGE_NOACCESS = 0x01
export const PAGE_READONLY = 0x02
export const PAGE_READWRITE = 0x04
export const PAGE_EXECUTE = 0x10
export const PAGE_EXECUTE_READ = 0x20
export const PAGE_EXECUTE_READWRITE = 0x40
export const PAGE_GUARD = 0x100
export const PAGE_NOCACHE = 0x200
export const PAGE_PHYSICAL = 0x400

export const MEM_COMMIT = 0x1000
export const MEM_RESERVE = 0x2000
export const MEM_DECOMMIT = 0x4000
export const MEM_RELEASE = 0x8000

export const LMEM_FIXED = 0x0000
export const LMEM_ZEROINIT = 0x0040
export const LPTR = LMEM_FIXED | LMEM_ZEROINIT

/** Access bits kept on each page entry, derived once from the protection so the hot path tests one number. */
export const ACCESS_READ = 1
export const ACCESS_WRITE = 2

const PROTECTION_MASK =
  PAGE_NOACCESS | PAGE_READONLY | PAGE_READWRITE | PAGE_EXECUTE | PAGE_EXECUTE_READ | PAGE_EXECUTE_READWRITE

/** The access a protection value grants; PAGE_GUARD pages grant none (the first touch faults). */
export function accessOf(prot: number): number {
  if (prot & PAGE_GUARD) return 0
  let a = 0
  if (prot & (PAGE_READONLY | PAGE_READWRITE | PAGE_EXECUTE_READ | PAGE_EXECUTE_READWRITE)) a |= ACCESS_READ
  if (prot & (PAGE_READWRITE | PAGE_EXECUTE_READWRITE)) a |= ACCESS_WRITE
  return a
}

/** Exactly one base protection must be given (winnt.h semantics); modifiers GUARD/NOCACHE/PHYSICAL may be added. */
export function isValidProtection(prot: number): boolean {
  const base = prot & PROTECTION_MASK
  return base !== 0 && (base & (base - 1)) === 0 && (prot & ~(PROTECTION_MASK | PAGE_GUARD | PAGE_NOCACHE | PAGE_PHYSICAL)) === 0
}
