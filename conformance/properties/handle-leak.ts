// A handle leak on one error path: START creates its event before it checks the mode, and the refusal forgets it.
import { ERROR_INVALID_PARAMETER } from '@cedk/kernel'
import { enumOf, ioctl, struct } from '@cedk/conformance'
import { ioctlDriver } from './common.js'

export const START = struct('START', { mode: enumOf('u32', { MODE_RX: 1, MODE_TX: 2 }) })
export const ioctls = [ioctl('START', 0x22200c, { in: START })] as const

const make = (leaks: boolean) =>
  ioctlDriver(leaks ? 'leak.dll' : 'leak-fixed.dll', (ctx) => {
    const events: number[] = []
    return {
      IOControl(_h, _code, pIn, nIn) {
        if (nIn < 4) return ctx.SetLastError(ERROR_INVALID_PARAMETER), false
        const mode = ctx.mem.readU32(pIn)
        if (!leaks && mode !== 1 && mode !== 2) return ctx.SetLastError(ERROR_INVALID_PARAMETER), false
        const ev = ctx.CreateEvent(false, false)
        if (mode !== 1 && mode !== 2) return ctx.SetLastError(ERROR_INVALID_PARAMETER), false // ev is never closed
        events.push(ev)
        return true
      },
      Close() {
        for (const ev of events.splice(0)) ctx.CloseHandle(ev)
        return true
      },
    }
  })

export const buggy = make(true)
export const fixed = make(false)
