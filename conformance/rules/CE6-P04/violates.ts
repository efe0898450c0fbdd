// Requests a SysIntr from the OAL at run time (not on the user-mode allow-list).
import { IOCTL_HAL_REQUEST_SYSINTR } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('p04.dll', (ctx) => ({
  IOControl: () => {
    const buf = ctx.LocalAlloc(0, 12)
    const ok = ctx.KernelIoControl(IOCTL_HAL_REQUEST_SYSINTR, buf, 12, buf, 4)
    ctx.LocalFree(buf)
    return ok
  },
}))
