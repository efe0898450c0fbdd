// CE6-M02: on a call from a user process, a kernel-mode driver touches memory that process could not reach (a
// kernel address, or a write to the shared heap) through a pointer nothing access-checked.
import { Origin, VM_KMODE_BASE } from '@cedk/kernel'
import type { Detector } from '../types.js'

export const accessCheckBypass: Detector = {
  rule: 'CE6-M02',
  access(a, v) {
    const call = a.call
    if (!call || !a.frame.kernelMode || v.isKernelPid(call.callerPid)) return null
    const kernelAddr = a.addr >= VM_KMODE_BASE
    if (a.fault ? !kernelAddr : a.origin !== Origin.Kernel || !(kernelAddr || a.write)) return null
    const what = kernelAddr ? 'kernel memory' : 'the shared heap, read-only to processes'
    return { why: `${what} reached on behalf of user process p${call.callerPid}, which could not reach it itself` }
  },
}
