// adcap.dll: a single-channel ADC. Its interrupt service thread (started in Init) waits for end-of-conversion and
// stores the result where the armed request said.
import { ERROR_INVALID_PARAMETER, INFINITE, defineDriver, type ParamPtr } from '@cedk/kernel'
import { IOCTL_ADC_ARM, IOCTL_ADC_CONVERT, IOCTL_ADC_LAST } from './ioctls.js'

interface Adc {
  hEoc: number
  hIst: number
  stop: boolean
  last: number
  conversions: number
  target: ParamPtr | 0
}

export default defineDriver('adcap.dll', (ctx) => {
  const adcs = new Map<number, Adc>()
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  async function ist(adc: Adc): Promise<number> {
    while (!adc.stop) {
      await ctx.WaitForSingleObject(adc.hEoc, INFINITE)
      if (adc.stop) break
      adc.last = (adc.conversions++ * 37) & 0xfff
      if (adc.target) {
        ctx.mem.writeU32(adc.target, adc.last)
        adc.target = 0
      }
    }
    return 0
  }

  return {
    Init() {
      const adc: Adc = { hEoc: ctx.CreateEvent(false, false), hIst: 0, stop: false, last: 0, conversions: 0, target: 0 }
      adc.hIst = ctx.CreateThread(() => ist(adc), 0, { name: 'adc-ist' })
      adcs.set(1, adc)
      return 1
    },
    async Deinit(hDevice: number) {
      const adc = adcs.get(hDevice)
      if (!adc) return false
      adc.stop = true
      ctx.SetEvent(adc.hEoc)
      await ctx.WaitForSingleObject(adc.hIst, INFINITE)
      ctx.CloseHandle(adc.hIst)
      ctx.CloseHandle(adc.hEoc)
      return adcs.delete(hDevice)
    },
    Open: (hDevice: number) => hDevice,
    Close: () => true,
    IOControl(hOpen: number, code: number, _pIn: ParamPtr, _nIn: number, pOut: ParamPtr, nOut: number) {
      const adc = adcs.get(hOpen)
      if (!adc) return fail(ERROR_INVALID_PARAMETER)
      if (code === IOCTL_ADC_CONVERT) return ctx.SetEvent(adc.hEoc)
      if (nOut < 4) return fail(ERROR_INVALID_PARAMETER)
      if (code === IOCTL_ADC_ARM) {
        adc.target = pOut
        return true
      }
      if (code === IOCTL_ADC_LAST) {
        ctx.mem.writeU32(pOut, adc.last)
        return true
      }
      return fail(ERROR_INVALID_PARAMETER)
    },
  }
})
