import { test, expect } from 'vitest'
import { rig, traceText, turn } from './rig.js'
import { INFINITE } from '../../src/index.js'

test('hang then close/deactivate', async () => {
  const r = await rig({}, (c, log) => ({ PreDeinit: () => (log.push('PreDeinit'), true), Deinit: () => (log.push('Deinit'), true) }))
  const { m, app, h, on } = r
  on(1, async (c) => { await c.WaitForSingleObject(c.CreateEvent(false,false), INFINITE); return true })
  const e = await app.DeviceIoControl(h, 1, 0, 0, 0, 0).catch((e) => e)
  console.log(await app.CloseHandle(h), r.log)
  const d = await m.DeactivateDevice(m.devices()[0]!.handle).catch((e) => e)
  console.log(d, m.devices(), r.log)
  console.log((await m.shutdown()).leaks)
})
