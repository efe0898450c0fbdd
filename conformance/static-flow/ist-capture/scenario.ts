import type { Scenario } from '../../harness.js'
import { IOCTL_ADC_ARM, IOCTL_ADC_CONVERT, IOCTL_ADC_LAST } from './ioctls.js'

// A reader arms for the next result while the bench starts a conversion; then the last result is read.
export const scenario: Scenario = {
  async run({ m, app, h }) {
    const pNext = app.alloc(4)
    const armed = app.createThread('reader').DeviceIoControl(h, IOCTL_ADC_ARM, 0, 0, pNext, 4)
    await m.advance(1)
    await app.DeviceIoControl(h, IOCTL_ADC_CONVERT, 0, 0, 0, 0)
    await armed
    await m.advance(2)
    await app.DeviceIoControl(h, IOCTL_ADC_LAST, 0, 0, app.alloc(4), 4)
  },
}
