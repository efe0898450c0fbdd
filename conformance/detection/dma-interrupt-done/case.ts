import type { DetectionCase } from '../detection-case.js'
import { DMA_RESOURCES, dmaEvents, dmaHardware, driverKey } from '../hardware.js'
import { IOCTL_DMA_WAIT_DONE } from '../dma-wait/buggy.js'

export default {
  registry: driverKey('Dma', 'dmaxfer.dll', 'DMA', DMA_RESOURCES),
  ioctls: [{ name: 'DMA_WAIT_DONE', code: IOCTL_DMA_WAIT_DONE, inSize: 0, outSize: 4 }],
  hardware: dmaHardware,
  events: dmaEvents,
  expectedRule: 'CE6-P02',
  bug: 'the IST calls InterruptDone on a hard-coded SysIntr, not the one its key gives',
} satisfies DetectionCase
