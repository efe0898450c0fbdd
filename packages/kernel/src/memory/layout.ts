// The CE6 virtual memory layout (fact sheet §3, from vmlayout.h) and the user-pointer rule.

export const PAGE_SIZE = 0x1000
export const PAGE_SHIFT = 12
export const PAGE_MASK = PAGE_SIZE - 1
/** VirtualAlloc reservations are aligned to 64 KiB (VM_BLOCK_SIZE). */
export const VM_BLOCK_SIZE = 0x10000

// User area, per process.
export const VM_USER_BASE = 0x00010000
export const VM_DLL_BASE = 0x40000000
export const VM_RAM_MAP_BASE = 0x60000000
export const VM_SHARED_HEAP_BASE = 0x70000000
export const VM_SHARED_HEAP_BOUND = 0x7ff00000
/** 0x7FF00000-0x7FFFFFFF is an unmapped guard below the kernel. */
export const VM_GUARD_BASE = VM_SHARED_HEAP_BOUND

// Kernel area, the same in every process.
export const VM_KMODE_BASE = 0x80000000
export const VM_KDLL_BASE = 0xc0000000
export const VM_OBJSTORE_BASE = 0xc8000000
export const VM_NKVM_BASE = 0xd0000000
export const VM_NKVM_END = 0xe0000000
export const VM_CPU_SPECIFIC_BASE = 0xf0000000

/** Where user allocations are placed: exe, heaps, stacks (fact sheet §3: "up to 0x3FFFFFFF user allocatable"). */
export const USER_ALLOC_BASE = VM_USER_BASE
export const USER_ALLOC_END = VM_DLL_BASE
/** Kernel allocations (kernel heaps, mapped device windows) go to the kernel VM area. */
export const KERNEL_ALLOC_BASE = VM_NKVM_BASE
export const KERNEL_ALLOC_END = VM_NKVM_END

/**
 * IsValidUsrPtr(ptr, size, fWrite) exactly as vmlayout.h has it (fact sheet §3, behaviour 2):
 * `(int)size >= 0 && (int)ptr >= 0x10000 && ptr + size < (fWrite ? 0x70000000 : 0x80000000)`.
 * Both ints are non-negative when the sum is taken, so it cannot wrap past 2^32.
 */
export function IsValidUsrPtr(ptr: number, size: number, fWrite: boolean): boolean {
  if ((size | 0) < 0 || (ptr | 0) < VM_USER_BASE) return false
  return (ptr >>> 0) + (size >>> 0) < (fWrite ? VM_SHARED_HEAP_BASE : VM_KMODE_BASE)
}

/** IsKModeAddr(a) = (int)a < 0. */
export function IsKModeAddr(addr: number): boolean {
  return (addr | 0) < 0
}

export const pageOf = (addr: number): number => addr >>> PAGE_SHIFT
export const pageBase = (addr: number): number => (addr & ~PAGE_MASK) >>> 0
export const roundUpToPage = (n: number): number => Math.ceil(n / PAGE_SIZE) * PAGE_SIZE
export const hex = (n: number, width = 8): string => '0x' + (n >>> 0).toString(16).toUpperCase().padStart(width, '0')
