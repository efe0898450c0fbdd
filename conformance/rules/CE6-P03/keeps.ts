// Maps its window once with CreateStaticMapping and gives the GIISR the register's address in that mapping.
import { GIISR_INFO_SIZE, IOCTL_GIISR_INFO, encodeGiisrInfo } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'
import { IRQ, REGS_BASE, REGS_WINDOW, SYSINTR } from '../../registers.js'

export default corpusDriver('p03.dll', (ctx) => ({
  IOControl: () => {
    const isr = ctx.LoadIntChainHandler('giisr.dll', 'ISRHandler', IRQ)
    if (!isr) return false
    const regs = ctx.CreateStaticMapping(REGS_BASE >>> 8, REGS_WINDOW)
    const info = ctx.LocalAlloc(0, GIISR_INFO_SIZE)
    ctx.mem.write(info, encodeGiisrInfo({ SysIntr: SYSINTR, CheckPort: true, PortIsIO: false, UseMaskReg: false, PortAddr: regs + 0x10, PortSize: 4, Mask: 1, MaskAddr: 0 }))
    const ok = regs !== 0 && ctx.KernelLibIoControl(isr, IOCTL_GIISR_INFO, info, GIISR_INFO_SIZE, 0, 0)
    ctx.LocalFree(info)
    ctx.FreeIntChainHandler(isr)
    return ok
  },
}))
