// Driver threads: CreateThread, the VM a kernel thread sees (fact sheet §3, behaviour 5), caller process ids,
// priorities, exit codes.
import { describe, expect, test } from 'vitest'
import {
  AccessViolation,
  ERROR_INVALID_HANDLE,
  ERROR_INVALID_PARAMETER,
  Ev,
  INFINITE,
  KERNEL_PID,
  MEM_RELEASE,
} from '../../src/index.js'
import { Thread } from '../../src/process/thread.js'
import { REG, rig } from './rig.js'

const SAVE = 1
const NOP = 2

/** tst.dll keeps the pIn pointer of a SAVE call and reads it 10 ms later on a thread of its own (the classic bug). */
async function staleReader() {
  const r = await rig()
  const seen: string[] = []
  r.on(SAVE, (c, io) => {
    const saved: number = io.pIn
    c.CreateThread(
      async () => {
        await c.Sleep(10)
        seen.push(`vmid=${c.GetCallerVMProcessId()}`)
        try {
          seen.push(new TextDecoder().decode(c.mem.read(c.unsafePtr(saved), 4)))
        } catch (e) {
          seen.push(e instanceof AccessViolation ? 'fault' : String(e))
        }
      },
      0,
      { name: 'worker' },
    )
    return true
  })
  const b = await r.proc('b.exe')
  // Same first allocation address in each process (nothing else allocated yet: lpBytesReturned is NULL below).
  const pa = r.app.alloc(16)
  const pb = b.p.alloc(16)
  expect(pb).toBe(pa)
  r.app.write(pa, 'AAAA')
  b.p.write(pb, 'BBBB')
  return { ...r, seen, b, pa, pb }
}

describe('behaviour 5: kernel threads have no VM of their own', () => {
  test('behaviour 5: a kernel thread sees the last active process', async () => {
    const { m, app, h, b, pa, seen } = await staleReader()
    expect((await app.DeviceIoControl(h, SAVE, pa, 4, 0, 0, 0)).ok).toBe(true)
    // Process b makes a call after a's: its VM is the one loaded when the worker wakes.
    expect((await b.p.DeviceIoControl(b.h, NOP, 0, 0, 0, 0, 0)).ok).toBe(true)
    const from = m.trace.count
    await m.advance(10)
    expect(seen).toEqual([`vmid=${KERNEL_PID}`, 'BBBB'])
    const evs = m.trace.events(from)
    const read = evs.find((e) => e.kind === Ev.MemRead && e.a === pa)!
    expect(read.d).toBe(b.p.id)
    const sw = evs.find((e) => e.kind === Ev.ThreadSwitch && e.b === read.tid)!
    expect(sw.c).toBe(b.p.id)
  })

  test('with no other process active since, the same thread reads the original caller', async () => {
    const { m, app, h, pa, seen } = await staleReader()
    await app.DeviceIoControl(h, SAVE, pa, 4, 0, 0, 0)
    await m.advance(10)
    expect(seen).toEqual([`vmid=${KERNEL_PID}`, 'AAAA'])
  })

  test('a later call by the first process makes its VM the loaded one again', async () => {
    const { m, app, h, b, pa, seen } = await staleReader()
    await app.DeviceIoControl(h, SAVE, pa, 4, 0, 0, 0)
    await b.p.DeviceIoControl(b.h, NOP, 0, 0, 0, 0, 0)
    await app.DeviceIoControl(h, NOP, 0, 0, 0, 0, 0)
    await m.advance(10)
    expect(seen).toEqual([`vmid=${KERNEL_PID}`, 'AAAA'])
  })

  test('where the last active process has nothing mapped, the stale read faults', async () => {
    const { m, app, h, b, pa, pb, seen } = await staleReader()
    b.p.VirtualFree(pb, 0, MEM_RELEASE)
    await app.DeviceIoControl(h, SAVE, pa, 4, 0, 0, 0)
    await b.p.DeviceIoControl(b.h, NOP, 0, 0, 0, 0, 0)
    await m.advance(10)
    expect(seen).toEqual([`vmid=${KERNEL_PID}`, 'fault'])
    expect(m.trace.events().some((e) => e.kind === Ev.Fault && e.a === pa && e.d === b.p.id)).toBe(true)
  })
})

describe('caller process ids', () => {
  test('inside a call from a process: the VM and the direct caller are that process; the code runs in nk.exe', async () => {
    const r = await rig()
    const ids: number[] = []
    r.on(1, (c) => (ids.push(c.GetCallerVMProcessId(), c.GetDirectCallerProcessId(), c.GetCurrentProcessId()), true))
    const b = await r.proc('b.exe')
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    await b.p.DeviceIoControl(b.h, 1, 0, 0, 0, 0)
    expect(ids).toEqual([r.app.id, r.app.id, KERNEL_PID, b.p.id, b.p.id, KERNEL_PID])
  })

  test("on the driver's own thread, both are the kernel, whatever VM is loaded", async () => {
    const r = await rig()
    const ids: number[] = []
    r.on(1, (c) => {
      c.CreateThread(() => void ids.push(c.GetCallerVMProcessId(), c.GetDirectCallerProcessId(), c.GetCurrentProcessId()))
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(ids).toEqual([KERNEL_PID, KERNEL_PID, KERNEL_PID])
  })

  test('Init: the kernel for machine.ActivateDeviceEx, the process for a process that activates the device', async () => {
    const ids: number[][] = []
    const second = REG.replaceAll('\\Tst]', '\\Tst2]').replace('dword:1', 'dword:2')
    const r = await rig({ registry: [REG, second] }, (c) => ({
      Init: () => (ids.push([c.GetCallerVMProcessId(), c.GetDirectCallerProcessId()]), 0x100),
    }))
    const act = await r.app.ActivateDeviceEx('Drivers\\BuiltIn\\Tst2')
    expect(act.ok).toBe(true)
    expect(ids).toEqual([
      [KERNEL_PID, KERNEL_PID],
      [r.app.id, r.app.id],
    ])
  })
})

describe('CreateThread', () => {
  test('the routine gets its parameter, runs on a new thread, and its return value is the exit code', async () => {
    const r = await rig()
    const log: string[] = []
    const handles: number[] = []
    r.on(1, async (c) => {
      const me = c.GetCurrentThreadId()
      handles.push(c.CreateThread((p) => (log.push(`param ${p} other thread ${c.GetCurrentThreadId() !== me}`), 42), 7, { name: 'answer' }))
      handles.push(c.CreateThread(() => {}, 0, { name: 'nothing' }))
      handles.push(c.CreateThread(async () => (await c.Sleep(1), -1), 0, { name: 'minus' }))
      await c.WaitForMultipleObjects(handles, true, INFINITE)
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(log).toEqual(['param 7 other thread true'])
    const threads = handles.map((h) => r.m.kernel.handles.get(h))
    for (const t of threads) expect(t).toBeInstanceOf(Thread)
    expect(threads.map((t) => (t as Thread).exitCode)).toEqual([42, 0, 0xffffffff])
    const exits = r.m.trace.events().filter((e) => e.kind === Ev.ThreadExit)
    expect(threads.map((t) => exits.find((e) => e.a === (t as Thread).id)?.c)).toEqual([42, 0, 0xffffffff])
  })

  test('a driver thread is named by its start routine in its frames and the trace', async () => {
    const r = await rig()
    let frames: string[] = []
    r.on(1, (c) => {
      const h = c.CreateThread(function pollLoop() {})
      frames = (r.m.kernel.handles.get(h) as Thread).frames()
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(frames).toEqual(['tst.dll!pollLoop'])
    expect(r.m.trace.events().some((e) => e.kind === Ev.ThreadCreate && e.detail === 'pollLoop')).toBe(true)
  })

  test('a routine that is not a function, or a priority outside 0–255, fails with ERROR_INVALID_PARAMETER', async () => {
    const r = await rig()
    const out: number[] = []
    let ran = false
    r.on(1, (c) => {
      out.push(c.CreateThread(42 as never), c.GetLastError())
      c.SetLastError(0)
      out.push(c.CreateThread(() => void (ran = true), 0, { priority: 256 }), c.GetLastError())
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(out).toEqual([0, ERROR_INVALID_PARAMETER, 0, ERROR_INVALID_PARAMETER])
    expect(ran).toBe(false)
  })
  test('a refused CreateThread leaves no thread behind', async () => {
    const r = await rig()
    r.on(1, (c) => (c.CreateThread(function ghost() {}, 0, { priority: 256 }), true))
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect([...r.m.kernel.threads].map((t) => t.name)).not.toContain('ghost')
    expect(r.m.trace.events().some((e) => e.kind === Ev.ThreadCreate && e.detail === 'ghost')).toBe(false)
  })
})

describe('CeSetThreadPriority', () => {
  test('raising a blocked thread makes it run first when several wake together', async () => {
    const r = await rig({ schedule: () => 0 })
    const order: string[] = []
    r.on(1, async (c) => {
      const ev = c.CreateEvent(true, false)
      const hs = ['a', 'b', 'c'].map((n) => c.CreateThread(async () => void (await c.WaitForSingleObject(ev, INFINITE), order.push(n))))
      await c.Sleep(0) // all three are waiting now
      c.CeSetThreadPriority(hs[2]!, 100)
      c.CeSetThreadPriority(hs[0]!, 250)
      c.SetEvent(ev)
      await c.WaitForMultipleObjects(hs, true, INFINITE)
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(order).toEqual(['c', 'a', 'b'])
  })

  test('bad priorities and handles fail: ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE; the priority is unchanged', async () => {
    const r = await rig()
    const out: unknown[] = []
    r.on(1, (c) => {
      const th = c.CreateThread(() => {}, 0, { priority: 120 })
      for (const p of [256, -1, 1.5]) {
        c.SetLastError(0)
        out.push(c.CeSetThreadPriority(th, p), c.GetLastError())
      }
      c.SetLastError(0)
      out.push(c.CeSetThreadPriority(c.CreateEvent(false, false), 1), c.GetLastError())
      out.push(c.CeGetThreadPriority(th))
      c.SetLastError(0)
      out.push(c.CeGetThreadPriority(0x7ff0), c.GetLastError())
      return true
    })
    await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
    expect(out).toEqual([
      false,
      ERROR_INVALID_PARAMETER,
      false,
      ERROR_INVALID_PARAMETER,
      false,
      ERROR_INVALID_PARAMETER,
      false,
      ERROR_INVALID_HANDLE,
      120,
      0x7fffffff,
      ERROR_INVALID_HANDLE,
    ])
  })
})
