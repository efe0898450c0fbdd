// The flat blob crosses CeCallUserProc intact; the helper checks what it is given.
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { ERROR_INVALID_PARAMETER, IDOK, createMachine, defineDriver } from '@cedk/kernel'
import battui from '../src/battui.js'
import { ANSWER_SIZE, TEXT_CHARS, WARNING_SIZE, decodeWarning, encodeWarning } from '../src/warning-blob.js'

test('encode and decode are inverse; long text is cut to fit with its terminator', () => {
  expect(decodeWarning(encodeWarning({ level: 7, text: 'Battery low' }))).toEqual({ level: 7, text: 'Battery low' })
  expect(decodeWarning(encodeWarning({ level: 1, text: 'x'.repeat(200) })).text).toHaveLength(TEXT_CHARS - 1)
})

test('the helper refuses a blob of the wrong size and shows the right one', async () => {
  let result: { shortError: number; shown: boolean; answer: number } | undefined
  const probe = defineDriver('probe.dll', (ctx) => ({
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    async IOControl() {
      const pIn = ctx.LocalAlloc(0, WARNING_SIZE)
      const pOut = ctx.LocalAlloc(0, ANSWER_SIZE)
      const pRet = ctx.LocalAlloc(0, 4)
      ctx.mem.write(pIn, encodeWarning({ level: 3, text: 'hi' }))
      const short = await ctx.CeCallUserProc('battui.dll', 'ShowBatteryWarning', pIn, WARNING_SIZE - 2, pOut, ANSWER_SIZE, pRet)
      const shortError = short ? 0 : ctx.GetLastError()
      const ok = await ctx.CeCallUserProc('battui.dll', 'ShowBatteryWarning', pIn, WARNING_SIZE, pOut, ANSWER_SIZE, pRet)
      result = { shortError, shown: ok, answer: ctx.mem.readU32(pOut) }
      for (const p of [pIn, pOut, pRet]) ctx.LocalFree(p)
      return true
    },
  }))
  const registry = readFileSync(new URL('../battmon.reg', import.meta.url), 'utf8').replace('"battmon.dll"', '"probe.dll"')
  const m = createMachine({ drivers: [probe, battui], registry })
  expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\Battery')).ok).toBe(true)
  const app = m.createProcess('app.exe')
  expect((await app.ioctl((await app.CreateFile('BAT1:')).handle, 1)).ok).toBe(true)
  expect(result).toEqual({ shortError: ERROR_INVALID_PARAMETER, shown: true, answer: IDOK })
  expect(m.gwes.events.map((e) => e.text)).toEqual(['hi'])
})
