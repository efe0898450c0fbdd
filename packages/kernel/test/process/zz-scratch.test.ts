import { test, expect } from 'vitest'
import { rig, traceText, turn } from './rig.js'
import { INFINITE } from '../../src/index.js'

test('exit with blocked call', async () => {
  const r = await rig()
  const { m, app, h, ctx, on } = r
  let ev = 0
  on(1, (c) => { ev = c.CreateEvent(false, false); return true })
  on(2, async (c) => { await c.WaitForSingleObject(ev, INFINITE); return true })
  on(3, (c) => { c.SetEvent(ev); return true })
  await app.DeviceIoControl(h, 1, 0, 0, 0, 0)
  const b = await r.proc('b.exe')
  const t2 = app.createThread()
  const pend = t2.DeviceIoControl(h, 2, 0, 0, 0, 0)
  await app.exit(7)
  console.log('after exit', app.exited, r.log, t2.thread.state, app.main.thread.state)
  await b.p.DeviceIoControl(b.h, 3, 0, 0, 0, 0)
  console.log(await pend)
  console.log('after return', app.exited, t2.thread.state, r.log)
  console.log(traceText(m).split('\n').slice(-15).join('\n'))
})
