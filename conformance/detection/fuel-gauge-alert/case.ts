import type { DetectionCase } from '../detection-case.js'
import { REG_BLOCK_RESOURCES, driverKey, registerBlock } from '../hardware.js'
import { IOCTL_GAUGE_GET_STATUS } from './buggy.js'

export default {
  registry: driverKey('Gauge', 'fuelgauge.dll', 'FGA', REG_BLOCK_RESOURCES),
  ioctls: [{ name: 'GAUGE_GET_STATUS', code: IOCTL_GAUGE_GET_STATUS, inSize: 0, outSize: 8 }],
  hardware: registerBlock,
  expectedRule: 'CE6-U01',
  bug: 'shows a MessageBox from the driver when the battery is critically low',
} satisfies DetectionCase
