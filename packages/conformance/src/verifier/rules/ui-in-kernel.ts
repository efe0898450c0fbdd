// CE6-U01 (kernel): a UI API called by a kernel-mode driver, refused with ERROR_NOT_SUPPORTED.
import { Ev } from '@cedk/kernel'
import type { Detector } from '../types.js'
import { refusalHandler } from './privileged.js'

export const uiInKernel: Detector = {
  rule: 'CE6-U01',
  events: { [Ev.Privileged]: refusalHandler('CE6-U01', (r) => r.reason === 'UI in the kernel') },
}
