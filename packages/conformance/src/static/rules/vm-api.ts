// CE6-P05: VM APIs the kernel serves to kernel mode only.
import type { ts } from 'ts-morph'
import { callsOf } from '../source/file-model.js'
import type { StaticCheck } from './rule.js'

const KERNEL_ONLY = ['VirtualCopyEx', 'VirtualAllocCopyEx', 'LockPages', 'LockPagesEx', 'UnlockPages']

export const vmApi: StaticCheck = {
  ids: ['CE6-P05'],
  check(file, emit) {
    for (const c of callsOf(file, ...KERNEL_ONLY))
      emit({ rule: 'CE6-P05', node: c.node, message: `${c.name} is served to kernel mode only: from udevice it fails with ERROR_NOT_SUPPORTED. Map device memory with VirtualCopy(PAGE_PHYSICAL)/MmMapIoSpace inside the registry windows; a driver that must lock pages for DMA stays in kernel mode.` })
    for (const c of callsOf(file, 'VirtualCopy')) {
      if (isPhysicalCopy(c.node)) continue
      emit({ rule: 'CE6-P05', node: c.node, message: 'VirtualCopy without PAGE_PHYSICAL copies virtual mappings, which only kernel mode may do. Map a physical window declared in the registry (IoBase/IoLen) with PAGE_PHYSICAL or MmMapIoSpace: the reflector serves those.' })
    }
  },
}

/** VirtualCopy(dest, src, size, protect) with PAGE_PHYSICAL in protect: a physical mapping, the reflector's to check. */
export function isPhysicalCopy(call: ts.CallExpression): boolean {
  return call.arguments[3]?.getText().includes('PAGE_PHYSICAL') ?? false
}
