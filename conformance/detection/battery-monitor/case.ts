import type { DetectionCase } from '../detection-case.js'
import { REG_BLOCK_RESOURCES, driverKey, registerBlock } from '../hardware.js'
import { IOCTL_BATTERY_GET_LEVEL } from './buggy.js'

export default {
  registry: driverKey('Battery', 'battmon.dll', 'BAT', REG_BLOCK_RESOURCES),
  ioctls: [{ name: 'BATTERY_GET_LEVEL', code: IOCTL_BATTERY_GET_LEVEL, inSize: 0, outSize: 4 }],
  hardware: registerBlock,
  expectedRule: 'CE6-R05',
  bug: 'Deinit sets the stop event its polling thread never waits on, and returns with the thread running',
} satisfies DetectionCase
