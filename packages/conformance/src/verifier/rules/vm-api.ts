// CE6-P05 (udevice): a VM API the kernel serves to kernel mode only (VirtualCopyEx, VirtualCopy without
// PAGE_PHYSICAL, LockPages[Ex], UnlockPages, VirtualAllocCopyEx,
// CeVirtualSharedAlloc): ERROR_NOT_SUPPORTED.
import { ERROR_NOT_SUPPORTED, Ev } from '@cedk/kernel'
import type { Detector } from '../types.js'
import { refusalHandler } from './privileged.js'

const APIS = new Set(['VirtualCopyEx', 'VirtualCopy', 'LockPages', 'LockPagesEx', 'UnlockPages', 'VirtualAllocCopyEx', 'CeVirtualSharedAlloc'])

export const vmApi: Detector = {
  rule: 'CE6-P05',
  events: { [Ev.Privileged]: refusalHandler('CE6-P05', (r) => APIS.has(r.api) && r.error === ERROR_NOT_SUPPORTED && !r.request) },
}
