// ledseq.dll: an RGB status LED that plays a programmed sequence. The program is a list of pointers to the caller's
// LED_STEP records; the driver collects the pointers, then opens and reads each step in a callback over the list.
import { ARG_I_PTR, AccessViolation, FAILED, ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER, defineDriver, offset, type ParamPtr } from '@cedk/kernel'
import { IOCTL_LED_PROGRAM, IOCTL_LED_STEP, MAX_STEPS } from './ioctls.js'

interface Step {
  rgb: number
  ms: number
}

export default defineDriver('ledseq.dll', (ctx) => {
  const programs = new Map<number, Step[]>()
  let nextOpen = 1
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function stepPointers(pIn: ParamPtr, nIn: number): number[] | undefined {
    const n = nIn >= 4 ? ctx.mem.readU32(pIn) : 0
    if (n === 0 || n > MAX_STEPS || nIn < 4 + 4 * n) return undefined
    const list: number[] = []
    for (let i = 0; i < n; i++) list.push(ctx.mem.readU32(offset(pIn, 4 + 4 * i)))
    return list
  }

  function program(hOpen: number, pIn: ParamPtr, nIn: number): boolean {
    const pointers = stepPointers(pIn, nIn)
    if (!pointers) return fail(ERROR_INVALID_PARAMETER)
    const steps: Step[] = []
    let ok = true
    pointers.forEach((pStep) => {
      const { hr, ptr } = ctx.CeOpenCallerBuffer(pStep, 8, ARG_I_PTR, false)
      if (FAILED(hr)) {
        ok = false
        return
      }
      steps.push({ rgb: ctx.mem.readU32(ptr) & 0xffffff, ms: ctx.mem.readU32(offset(ptr, 4)) })
      ctx.CeCloseCallerBuffer(ptr, pStep, 8, ARG_I_PTR)
    })
    if (!ok) return fail(ERROR_INVALID_PARAMETER)
    programs.set(hOpen, steps)
    return true
  }

  function step(hOpen: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): boolean {
    const steps = programs.get(hOpen) ?? []
    if (nIn < 4 || nOut < 8) return fail(ERROR_INVALID_PARAMETER)
    const s = steps[ctx.mem.readU32(pIn)]
    if (!s) return fail(ERROR_INVALID_PARAMETER)
    ctx.mem.writeU32(pOut, s.rgb)
    ctx.mem.writeU32(offset(pOut, 4), s.ms)
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => {
      programs.set(nextOpen, [])
      return nextOpen++
    },
    Close: (hOpen: number) => programs.delete(hOpen),
    IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number) {
      if (!programs.has(hOpen)) return fail(ERROR_INVALID_HANDLE)
      try {
        if (code === IOCTL_LED_PROGRAM) return program(hOpen, pIn, nIn)
        if (code === IOCTL_LED_STEP) return step(hOpen, pIn, nIn, pOut, nOut)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
