import { describe, expect, test } from 'vitest'
import { createMachine, defineDriver, offset, type DriverContext } from '../../src/index.js'

const echo = defineDriver('echo.dll', (ctx: DriverContext) => ({
  Init: () => 1,
  Deinit: () => true,
  Open: () => 2,
  Close: () => true,
  IOControl(_h, _code, pIn, nIn, pOut, nOut, pActual) {
    const data = ctx.mem.read(pIn, nIn)
    for (let i = 0; i < data.length; i++) data[i] ^= 0xff
    ctx.mem.write(pOut, data.subarray(0, nOut))
    ctx.mem.writeU32(pActual, Math.min(nIn, nOut))
    void offset
    return true
  },
}))

describe('smoke', () => {
  test('activate, open, ioctl, close', async () => {
    const m = createMachine({
      drivers: [echo],
      registry: String.raw`[HKEY_LOCAL_MACHINE\Drivers\BuiltIn\Echo]
        "Dll"="echo.dll" "Prefix"="ECH" "Index"=dword:1`,
    })
    const act = await m.ActivateDeviceEx('Drivers\\BuiltIn\\Echo')
    expect(act.error).toBe('ERROR_SUCCESS')
    expect(act.ok).toBe(true)
    const app = m.createProcess('app.exe')
    const f = await app.CreateFile('ECH1:')
    expect(f.ok).toBe(true)
    const r = await app.ioctl(f.handle, 0x1234, [1, 2, 3], 3)
    expect(r.ok).toBe(true)
    expect([...r.output]).toEqual([0xfe, 0xfd, 0xfc])
    expect((await app.CloseHandle(f.handle)).ok).toBe(true)
    const rep = await m.shutdown()
    expect(rep.leaks).toEqual([])
  })
})
