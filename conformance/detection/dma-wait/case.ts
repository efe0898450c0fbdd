import type { DetectionCase } from '../detection-case.js'
import { DMA_RESOURCES, dmaEvents, dmaHardware, driverKey } from '../hardware.js'
import { IOCTL_DMA_WAIT_DONE } from './buggy.js'

export default {
  registry: driverKey('Dma', 'dmaxfer.dll', 'DMA', DMA_RESOURCES),
  ioctls: [{ name: 'DMA_WAIT_DONE', code: IOCTL_DMA_WAIT_DONE, inSize: 0, outSize: 4 }],
  hardware: dmaHardware,
  events: dmaEvents,
  expectedRule: 'CE6-A01',
  bug: 'the IST writes the transfer count into the waiting caller\'s buffer from its own thread',
} satisfies DetectionCase
