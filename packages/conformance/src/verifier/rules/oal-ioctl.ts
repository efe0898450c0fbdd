// CE6-P04 (udevice): KernelIoControl with an OAL IOCTL outside the user-mode allow-list.
import { ERROR_NOT_SUPPORTED, Ev } from '@cedk/kernel'
import type { Detector } from '../types.js'
import { refusalHandler } from './privileged.js'

export const oalIoctl: Detector = {
  rule: 'CE6-P04',
  events: { [Ev.Privileged]: refusalHandler('CE6-P04', (r) => r.api === 'KernelIoControl' && r.error === ERROR_NOT_SUPPORTED) },
}
