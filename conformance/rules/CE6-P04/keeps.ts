// Asks only for what user mode may ask (IOCTL_HAL_GET_DEVICEID).
import { IOCTL_HAL_GET_DEVICEID } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('p04.dll', (ctx) => ({
  IOControl: () => {
    const buf = ctx.LocalAlloc(0, 64)
    ctx.KernelIoControl(IOCTL_HAL_GET_DEVICEID, 0, 0, buf, 64)
    ctx.LocalFree(buf)
    return true
  },
}))
