// CallerProcess.exit: handles are closed (the driver sees PreClose/Close), idle threads end, a thread inside a driver
// call ends when the call returns, and the memory goes when the last thread has left.
import { describe, expect, test } from 'vitest'
import { Ev, INFINITE, UsageError, WAIT_OBJECT_0, WAIT_TIMEOUT } from '../../src/index.js'
import { rig } from './rig.js'

const SETUP = 1
const BLOCK = 2
const SET = 3
const POLL_PROC = 4

async function exitRig() {
  const r = await rig()
  let ev = 0
  r.on(SETUP, (c) => ((ev = c.CreateEvent(false, false)), true))
  r.on(BLOCK, async (c) => (await c.WaitForSingleObject(ev, INFINITE)) === WAIT_OBJECT_0)
  r.on(SET, (c) => c.SetEvent(ev))
  await r.app.DeviceIoControl(r.h, SETUP, 0, 0, 0, 0)
  return r
}

describe('exit of an idle process', () => {
  test('its handles are closed through the driver, its threads end, its memory is freed, the trace says so', async () => {
    const r = await exitRig()
    const second = await r.app.CreateFile('TST1:')
    const idle = r.app.createThread('idle')
    const buf = r.app.alloc(64)
    r.app.write(buf, 'data')
    r.log.length = 0
    await r.app.exit(3)
    expect(r.log).toEqual(['PreClose', 'Close', 'PreClose', 'Close'])
    expect(r.app.process.handles.size).toBe(0)
    expect(second.ok).toBe(true)
    expect(r.app.exited).toBe(true)
    expect(idle.thread.alive).toBe(false)
    expect(r.app.main.thread.alive).toBe(false)
    expect(() => r.app.read(buf, 4)).toThrow(UsageError)
    expect(r.app.process.space!.allRegions()).toEqual([])
    const ev = r.m.trace.events().filter((e) => e.kind === Ev.ProcessExit)
    expect(ev.map((e) => [e.a, e.b])).toEqual([[r.app.id, 3]])
  })

  test('an exited process cannot make calls or create threads; exit twice does nothing more', async () => {
    const r = await exitRig()
    await r.app.exit(0)
    await expect(r.app.DeviceIoControl(r.h, SET, 0, 0, 0, 0)).rejects.toBeInstanceOf(UsageError)
    await expect(r.app.CloseHandle(r.h)).rejects.toThrow(/has exited/)
    expect(() => r.app.createThread()).toThrow(UsageError)
    r.log.length = 0
    await r.app.exit(9)
    expect(r.log).toEqual([])
    expect(r.app.process.exitCode).toBe(0)
    expect(r.m.trace.events().filter((e) => e.kind === Ev.ProcessExit)).toHaveLength(1)
  })

  test('other processes and their handles are untouched', async () => {
    const r = await exitRig()
    const b = await r.proc('b.exe')
    await r.app.exit(0)
    expect(b.p.exited).toBe(false)
    expect((await b.p.DeviceIoControl(b.h, SET, 0, 0, 0, 0)).ok).toBe(true)
  })
})

describe('exit while a thread is inside a driver call', () => {
  test('the handle gets PreClose now and Close when the call returns; the thread ends with the call', async () => {
    const r = await exitRig()
    const b = await r.proc('b.exe')
    const worker = r.app.createThread('worker')
    // Started and exited in the same macrotask: an op blocked with no timer has one event-loop turn before it hangs.
    const inside = worker.DeviceIoControl(r.h, BLOCK, 0, 0, 0, 0)
    r.log.length = 0
    await r.app.exit(5)
    expect(r.log).toEqual(['PreClose'])
    expect(worker.thread.alive).toBe(true)
    expect(r.app.main.thread.alive).toBe(false)
    expect(r.app.exited).toBe(false) // a thread is still in the kernel
    await b.p.DeviceIoControl(b.h, SET, 0, 0, 0, 0)
    expect((await inside).ok).toBe(true)
    expect(r.log).toEqual(['PreClose', 'Close'])
    expect(worker.thread.alive).toBe(false)
    await expect(worker.DeviceIoControl(r.h, SET, 0, 0, 0, 0)).rejects.toBeInstanceOf(UsageError)
  })

  test('when the last thread leaves, the process is gone: memory freed, process-exit traced', async () => {
    const r = await exitRig()
    const b = await r.proc('b.exe')
    const buf = r.app.alloc(16)
    const worker = r.app.createThread('worker')
    const inside = worker.DeviceIoControl(r.h, BLOCK, 0, 0, 0, 0)
    await r.app.exit(5)
    await b.p.DeviceIoControl(b.h, SET, 0, 0, 0, 0)
    await inside
    expect(r.app.exited).toBe(true)
    expect(r.app.process.space!.regionAt(buf)).toBeUndefined()
    expect(r.m.trace.events().filter((e) => e.kind === Ev.ProcessExit).map((e) => [e.a, e.b])).toEqual([[r.app.id, 5]])
  })
})

describe('the process as a waitable object', () => {
  // No driver API hands out a process handle (there is no OpenProcess or GetOwnerProcess), so these put one in the
  // kernel's handle table directly, as a driver would hold it after OpenProcess.
  async function procWaiter() {
    const r = await exitRig()
    const b = await r.proc('b.exe')
    const hProc = r.m.kernel.handles.add(r.app.process)
    const seen: string[] = []
    r.on(POLL_PROC, (c) => {
      seen.push(`poll ${c.WaitForSingleObject(hProc, 0)}`)
      c.CreateThread(async () => void seen.push(`joined ${await c.WaitForSingleObject(hProc, INFINITE)}`))
      return true
    })
    await b.p.DeviceIoControl(b.h, POLL_PROC, 0, 0, 0, 0)
    expect(seen).toEqual([`poll ${WAIT_TIMEOUT}`])
    return { ...r, seen }
  }

  test('a wait on the process handle is satisfied once the process has exited', async () => {
    const r = await procWaiter()
    await r.app.exit(0)
    await r.m.run()
    expect(r.seen).toEqual([`poll ${WAIT_TIMEOUT}`, `joined ${WAIT_OBJECT_0}`])
  })

  test('exit() settles only after the waiters of the process have run', async () => {
    const r = await procWaiter()
    await r.app.exit(0)
    expect(r.seen).toEqual([`poll ${WAIT_TIMEOUT}`, `joined ${WAIT_OBJECT_0}`])
  })
})
