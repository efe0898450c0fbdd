// CE6-P04: KernelIoControl from user mode passes only the oalioctl allow-list.
import { callsOf } from '../source/file-model.js'
import { constName } from '../source/constants.js'
import type { StaticCheck } from './rule.js'

/** The stock oalioctl allow-list (docs/decisions.md "OAL and KernelIoControl"). */
export const USER_ALLOWED_OAL_IOCTLS = new Set(['IOCTL_HAL_GET_CACHE_INFO', 'IOCTL_HAL_GET_DEVICE_INFO', 'IOCTL_HAL_GET_DEVICEID', 'IOCTL_HAL_GET_UUID', 'IOCTL_PROCESSOR_INFORMATION'])

export const oalIoctl: StaticCheck = {
  ids: ['CE6-P04'],
  check(file, emit) {
    for (const c of callsOf(file, 'KernelIoControl', 'KernelLibIoControl')) {
      const args = c.node.arguments
      if (c.name === 'KernelLibIoControl' && !(args[0]?.getText().includes('KMOD_OAL') ?? false)) continue
      const code = args[c.name === 'KernelIoControl' ? 0 : 1]
      const name = code && constName(code)
      if (!name || !name.startsWith('IOCTL_') || USER_ALLOWED_OAL_IOCTLS.has(name)) continue
      const alt = name === 'IOCTL_HAL_REQUEST_SYSINTR' ? ' Take the SysIntr from the registry (DDKReg_GetIsrInfo) instead.' : ' Keep the driver in kernel mode, or get the value another way (the registry).'
      emit({ rule: 'CE6-P04', node: c.node, message: `${c.name}(${name}) is not on the oalioctl allow-list: from user mode it fails with ERROR_NOT_SUPPORTED.${alt}` })
    }
  },
}
