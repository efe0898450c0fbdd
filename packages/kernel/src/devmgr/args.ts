// API argument descriptors (ARG_*, fact sheet §4) and the kernel's validation of first-level pointer parameters.
// Only calls from user mode are validated; kernel-mode callers' pointers are trusted (behaviour 3).
import { IsValidUsrPtr } from '../memory/layout.js'

export const ARG_TYPE_MASK = 0x0f
export const ARG_TYPE_BITS = 4
export const ARG_I_BIT = 0x4
export const ARG_O_BIT = 0x8
export const ARG_DW = 0x0
export const ARG_I_PTR = 0x4
export const ARG_I_WSTR = 0x5
export const ARG_I_ASTR = 0x6
export const ARG_I_PDW = 0x7
export const ARG_O_PTR = 0x8
export const ARG_O_PDW = 0x9
export const ARG_O_PI64 = 0xa
export const ARG_IO_PTR = 0xc
export const ARG_IO_PDW = 0xd
export const ARG_IO_PI64 = 0xe
/** "!! KERNEL PSL ONLY !! ptr to const sized (< 64K) structure" — same value as ARG_IO_PDW. */
export const ARG_CPTR = ARG_IO_PDW
export const ARG_PTR = ARG_IO_PDW
/** OR'd into a descriptor for kernel-mode CeAllocAsynchronousBuffer to force aliasing. */
export const MARSHAL_FORCE_ALIAS = 0x80000000

/** The sum of pointer-argument sizes (each rounded up to 16) must stay below this (MAX_TOTAL_ARG_SIZE). */
const MAX_TOTAL_ARG_SIZE = 0x70000000

export type ArgSignature = readonly number[]

// Device-file API signatures (devcore.c DevFileApiSigs; fact sheet §4).
export const SIG_DEVICE_IO_CONTROL: ArgSignature = [ARG_DW, ARG_DW, ARG_I_PTR, ARG_DW, ARG_IO_PTR, ARG_DW, ARG_O_PDW, ARG_IO_PDW]
/** ReadFile's buffer is written by the driver, so it is checked as an output (SPEC "Decisions"); the CE6 source
 *  declares I_PTR here (see SIG_READ_FILE_CE6_SOURCE). */
export const SIG_READ_FILE: ArgSignature = [ARG_DW, ARG_O_PTR, ARG_DW, ARG_O_PDW, ARG_IO_PDW]
export const SIG_WRITE_FILE: ArgSignature = [ARG_DW, ARG_I_PTR, ARG_DW, ARG_O_PDW, ARG_IO_PDW]
/** The descriptors exactly as the CE6 source has them (buffer directions swapped; fact sheet §4, behaviour 8). */
export const SIG_READ_FILE_CE6_SOURCE: ArgSignature = [ARG_DW, ARG_I_PTR, ARG_DW, ARG_O_PDW, ARG_IO_PDW]
export const SIG_WRITE_FILE_CE6_SOURCE: ArgSignature = [ARG_DW, ARG_O_PTR, ARG_DW, ARG_O_PDW, ARG_IO_PDW]
export const SIG_SET_FILE_POINTER: ArgSignature = [ARG_DW, ARG_DW, ARG_O_PDW, ARG_DW]
export const SIG_KERNEL_IO_CONTROL: ArgSignature = [ARG_DW, ARG_I_PTR, ARG_DW, ARG_O_PTR, ARG_DW, ARG_O_PDW]

/** The byte size a descriptor implies for argument `i` (pointer sizes come from the next argument). */
export function argSize(sig: ArgSignature, args: readonly number[], i: number): number {
  switch (sig[i]! & ARG_TYPE_MASK) {
    case ARG_I_PDW:
    case ARG_O_PDW:
    case ARG_IO_PDW:
      return 4
    case ARG_O_PI64:
    case ARG_IO_PI64:
      return 8
    case ARG_I_PTR:
    case ARG_O_PTR:
    case ARG_IO_PTR:
      return args[i + 1]! >>> 0
    default:
      return 0
  }
}

const isPointer = (d: number): boolean => (d & (ARG_I_BIT | ARG_O_BIT)) !== 0

/**
 * ValidateArgs (apicall.c) for a call from user mode: every non-NULL pointer argument must pass
 * IsValidUsrPtr(ptr, size, descriptor has ARG_O_BIT), and the pointer sizes (16-byte aligned) must total less than
 * MAX_TOTAL_ARG_SIZE. Returns the index of the first bad argument, or -1 when all are valid. Strings travel as JS
 * strings in this simulation, so string descriptors are not checked here.
 */
export function firstInvalidArg(sig: ArgSignature, args: readonly number[]): number {
  let total = 0
  for (let i = 0; i < sig.length; i++) {
    const d = sig[i]!
    if (!isPointer(d) || d === ARG_I_WSTR || d === ARG_I_ASTR) continue
    const p = args[i]! >>> 0
    if (p === 0) continue
    const size = argSize(sig, args, i)
    if (!IsValidUsrPtr(p, size, (d & ARG_O_BIT) !== 0)) return i
    total += Math.ceil(size / 16) * 16
    if (total >= MAX_TOTAL_ARG_SIZE) return i
  }
  return -1
}
