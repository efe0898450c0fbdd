// The README's example, exactly as written there: if this breaks, the README is wrong.
import { expect, test } from 'vitest'
import { createMachine, defineDriver } from '../src/index.js'

const echo = defineDriver('echo.dll', (ctx) => ({
  Init: (_pContext) => 1,
  Deinit: () => true,
  Open: () => 1,
  Close: () => true,
  IOControl(_hOpen, _code, pIn, nIn, pOut, nOut, pActual) {
    const data = ctx.mem.read(pIn, nIn)
    ctx.mem.write(pOut, data.subarray(0, nOut))
    if (pActual) ctx.mem.writeU32(pActual, Math.min(nIn, nOut))
    return true
  },
}))

test('the README example', async () => {
  const m = createMachine({
    drivers: [echo],
    registry: String.raw`[HKEY_LOCAL_MACHINE\Drivers\BuiltIn\Echo]
    "Dll"="echo.dll"  "Prefix"="ECH"  "Index"=dword:1`,
  })
  await m.ActivateDeviceEx('Drivers\\BuiltIn\\Echo')
  const app = m.createProcess('app.exe')
  const { handle } = await app.CreateFile('ECH1:')
  const r = await app.ioctl(handle, 0x220000, [1, 2, 3], 3)
  expect(r).toMatchObject({ ok: true, value: 1, error: 'ERROR_SUCCESS', bytes: 3 })
  expect([...r.output]).toEqual([1, 2, 3])
  expect(await app.DeviceIoControl(handle, 1, 0x80001000, 4, 0, 0)).toMatchObject({ ok: false, error: 'ERROR_INVALID_PARAMETER' })
  expect((await m.shutdown()).leaks).toEqual([])
})
