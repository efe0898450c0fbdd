// CE6-P06 (udevice): a create, set or delete under a protected key (HKLM\Drivers, HKLM\Services), refused with
// ERROR_ACCESS_DENIED (traced by the registry API).
import { ERROR_ACCESS_DENIED, Ev } from '@cedk/kernel'
import type { Detector } from '../types.js'
import { refusalHandler } from './privileged.js'

const APIS = new Set(['RegCreateKeyEx', 'RegSetValueEx', 'RegDeleteValue', 'RegDeleteKey'])

export const protectedRegistry: Detector = {
  rule: 'CE6-P06',
  events: { [Ev.Privileged]: refusalHandler('CE6-P06', (r) => APIS.has(r.api) && r.error === ERROR_ACCESS_DENIED) },
}
