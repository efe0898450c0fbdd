// A caller thread makes one call at a time; concurrency comes from more threads (process.createThread()) or more
// processes.
import { describe, expect, test } from 'vitest'
import { UsageError } from '../../src/index.js'
import { rig } from './rig.js'

const GATE = 1
const OPEN = 2

async function gateRig() {
  const r = await rig()
  let ev = 0
  let inside = 0
  let most = 0
  r.on(GATE, async (c) => {
    if (!ev) ev = c.CreateEvent(true, false)
    inside++
    most = Math.max(most, inside)
    await c.WaitForSingleObject(ev)
    inside--
    return true
  })
  r.on(OPEN, (c) => c.SetEvent(ev))
  return { ...r, most: () => most, inside: () => inside }
}

describe('one call at a time per thread', () => {
  test('a second call on a busy thread rejects with UsageError; the first call is not disturbed', async () => {
    const r = await gateRig()
    const first = r.app.DeviceIoControl(r.h, GATE, 0, 0, 0, 0)
    const second = r.app.DeviceIoControl(r.h, GATE, 0, 0, 0, 0)
    await expect(second).rejects.toBeInstanceOf(UsageError)
    await expect(second).rejects.toThrow(/busy with another call.*createThread/)
    expect(r.inside()).toBe(1)
    for (const call of [() => r.app.CloseHandle(r.h), () => r.app.CreateFile('TST1:'), () => r.app.ReadFile(r.h, 0, 0)]) {
      await expect(call()).rejects.toBeInstanceOf(UsageError)
    }
    await r.app.createThread().DeviceIoControl(r.h, OPEN, 0, 0, 0, 0)
    expect((await first).ok).toBe(true)
    // Idle again: the thread takes a new call.
    expect((await r.app.DeviceIoControl(r.h, OPEN, 0, 0, 0, 0)).ok).toBe(true)
  })

  test('a call queued while the machine is busy also makes its thread busy', async () => {
    const r = await rig()
    r.on(GATE, (c) => (c.CreateThread(() => {}), true))
    const worker = r.app.createThread()
    const first = r.app.DeviceIoControl(r.h, GATE, 0, 0, 0, 0) // leaves a ready thread: the machine is busy
    const queued = worker.DeviceIoControl(r.h, OPEN, 0, 0, 0, 0)
    await expect(worker.DeviceIoControl(r.h, OPEN, 0, 0, 0, 0)).rejects.toBeInstanceOf(UsageError)
    expect((await queued).ok).toBe(true)
    expect((await first).ok).toBe(true)
  })

  test('createThread() gives concurrent calls: several threads inside the driver at once', async () => {
    const r = await gateRig()
    const threads = [r.app.main, r.app.createThread(), r.app.createThread('named')]
    expect(new Set(threads.map((t) => t.id)).size).toBe(3)
    const calls = threads.map((t) => t.DeviceIoControl(r.h, GATE, 0, 0, 0, 0))
    const b = await r.proc('b.exe')
    const fromB = b.p.DeviceIoControl(b.h, GATE, 0, 0, 0, 0)
    expect(r.inside()).toBe(4)
    await r.app.createThread().DeviceIoControl(r.h, OPEN, 0, 0, 0, 0)
    for (const res of await Promise.all([...calls, fromB])) expect(res.ok).toBe(true)
    expect(r.most()).toBe(4)
    expect(r.inside()).toBe(0)
  })

  test('caller threads are threads of their process, with their own ids', async () => {
    const r = await rig()
    const ids: number[] = []
    r.on(GATE, (c) => (ids.push(c.GetCurrentThreadId()), true))
    const t2 = r.app.createThread('second')
    await r.app.DeviceIoControl(r.h, GATE, 0, 0, 0, 0)
    await t2.DeviceIoControl(r.h, GATE, 0, 0, 0, 0)
    expect(ids).toEqual([r.app.main.id, t2.id])
    expect(t2.thread.process).toBe(r.app.process)
    expect(t2.thread.name).toBe('second')
  })
})
