// The board header the DMA driver was first written against (revision A: the DMA channel on IRQ 6).
import { SYSINTR_FIRMWARE } from '@cedk/kernel'

export const SYSINTR_DMA = SYSINTR_FIRMWARE + 6
