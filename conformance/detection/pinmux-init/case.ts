import type { DetectionCase } from '../detection-case.js'
import { REG_BLOCK_RESOURCES, driverKey, registerBlock } from '../hardware.js'
import { IOCTL_GPIO_READ } from './buggy.js'

export default {
  registry: driverKey('GpioKeys', 'gpiokeys.dll', 'GIO', REG_BLOCK_RESOURCES),
  ioctls: [{ name: 'GPIO_READ', code: IOCTL_GPIO_READ, inSize: 0, outSize: 4 }],
  hardware: registerBlock,
  expectedRule: 'CE6-P01',
  bug: 'Init maps the SoC pad-mux block at a board-header address outside its key\'s MemBase/MemLen',
} satisfies DetectionCase
