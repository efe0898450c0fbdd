// The leak check at Close: what a driver made while serving an open context, still held when that context's Close
// returns, is traced as one note; the first Open's allocations belong to the device; the unload marks what the
// check already reported. And the raw trace subscription the verifier uses.
import { describe, expect, test } from 'vitest'
import { Ev, Trace, Uart16550, type OpenContextHeld } from '../../src/index.js'
import { driverKey, machineWith, recorder } from '../helpers/recorder.js'

const KEY = driverKey('P', { Dll: 'p.dll', Prefix: 'PCX', Index: 1 })

function heldNotes(m: ReturnType<typeof machineWith>): OpenContextHeld[] {
  return m.trace
    .events()
    .map((e) => (e.detail as { openContextHeld?: OpenContextHeld } | undefined)?.openContextHeld)
    .filter((d): d is OpenContextHeld => d !== undefined)
}

describe('the leak check at Close', () => {
  test("what a handle's Open made and its Close left is listed at that Close; what its IOControl made is left to the unload", async () => {
    const rec = recorder('p.dll', (ctx) => ({
      Open: () => ctx.LocalAlloc(0, 8),
      IOControl: () => {
        ctx.LocalAlloc(0, 40)
        ctx.CreateEvent(false, false)
        ctx.VirtualAlloc(0, 0x1000, 0x3000, 4)
        return true
      },
      Close: () => true,
    }))
    const m = machineWith([rec], KEY)
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\P')
    const a = m.createProcess('a.exe')
    const b = m.createProcess('b.exe')
    const ha = (await a.CreateFile('PCX1:')).handle
    const hb = (await b.CreateFile('PCX1:')).handle
    await b.DeviceIoControl(hb, 1, 0, 0, 0, 0)
    await b.CloseHandle(hb)
    const notes = heldNotes(m)
    expect(notes).toHaveLength(1)
    expect(notes[0]).toMatchObject({ driver: 'p.dll', close: 'p.dll!PCX_Close', owner: b.process.id })
    // b's Open ran while a's handle was open: its block is b's; a's first Open's block is the device's. What b's
    // IOControl made may be the device's too (a queued message, an event made on first use): not listed at Close.
    expect(notes[0]!.held.map((r) => [r.kind, r.site])).toEqual([['heap', 'p.dll!PCX_Open']])
    await a.CloseHandle(ha)
    expect(heldNotes(m)).toHaveLength(1)
    const { leaks } = await m.shutdown()
    // Still freed and reported at unload; what the Close check reported is marked.
    expect(leaks.map((l) => [l.kind, l.site, l.atClose ?? false])).toEqual([
      ['heap', 'p.dll!PCX_Open', false],
      ['heap', 'p.dll!PCX_Open', true],
      ['heap', 'p.dll!PCX_IOControl', false],
      ['virtual-memory', 'p.dll!PCX_IOControl', false],
      ['handle', 'p.dll!PCX_IOControl', false],
    ])
  })

  test.each([
    ['kernel', 0],
    ['udevice', 0x10],
  ] as const)('a device mapping (MmMapIoSpace) an IOControl made and never unmapped is reported at the unload, not at Close (%s mode)', async (_mode, flags) => {
    const rec = recorder('p.dll', (ctx) => ({
      IOControl: (_h, code) => {
        const va = ctx.MmMapIoSpace(0x90000010, 8, false)
        if (code === 2) ctx.MmUnmapIoSpace(va, 8)
        return va !== 0
      },
      Close: () => true,
    }))
    const key = driverKey('P', { Dll: 'p.dll', Prefix: 'PCX', Index: 1, Flags: flags, IoBase: 0x90000000, IoLen: 0x100 })
    const m = machineWith([rec], key, { hardware: [{ base: 0x90000000, device: new Uart16550() }] })
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\P')
    const a = m.createProcess('a.exe')
    const ha = (await a.CreateFile('PCX1:')).handle
    const hb = (await a.CreateFile('PCX1:')).handle
    expect((await a.DeviceIoControl(hb, 1, 0, 0, 0, 0)).ok).toBe(true)
    const hc = (await a.CreateFile('PCX1:')).handle
    expect((await a.DeviceIoControl(hc, 2, 0, 0, 0, 0)).ok).toBe(true)
    await a.CloseHandle(hc)
    await a.CloseHandle(hb)
    expect(heldNotes(m)).toEqual([])
    await a.CloseHandle(ha)
    const { leaks } = await m.shutdown()
    expect(leaks).toEqual([
      expect.objectContaining({ kind: 'virtual-memory', site: 'p.dll!PCX_IOControl', detail: expect.stringMatching(/^MmMapIoSpace mapping of 4096 bytes at 0x[0-9a-f]+ not unmapped$/i) }),
    ])
    expect(leaks[0]!.atClose).toBeUndefined()
  })

  test('nothing is traced when Close frees what its context made', async () => {
    const rec = recorder('p.dll', (ctx) => ({
      Open: () => ctx.LocalAlloc(0, 8),
      Close: (h) => ctx.LocalFree(h) === 0,
    }))
    const m = machineWith([rec], KEY)
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\P')
    const a = m.createProcess('a.exe')
    const h1 = (await a.CreateFile('PCX1:')).handle
    const h2 = (await a.CreateFile('PCX1:')).handle
    await a.CloseHandle(h2)
    await a.CloseHandle(h1)
    expect(heldNotes(m)).toEqual([])
    expect((await m.shutdown()).leaks).toEqual([])
  })
})

describe('Trace.subscribeRaw', () => {
  test('listeners get the words, unsigned, without an event object; the detail and the event stay readable by seq', () => {
    const t = new Trace({ now: 0, current: { id: 3 } })
    const got: number[][] = []
    const off = t.subscribeRaw((kind, a, b, c, d, seq, tid) => got.push([kind, a, b, c, d, seq, tid]), [Ev.Note])
    t.emit(Ev.MemRead, 1, 2, 3, 4)
    const seq = t.emit(Ev.Note, -1, 2, 3, 4, { x: 1 })
    expect(got).toEqual([[Ev.Note, 0xffffffff, 2, 3, 4, seq, 3]])
    expect(t.detail(seq)).toEqual({ x: 1 })
    expect(t.get(seq)).toMatchObject({ a: 0xffffffff, tid: 3 })
    off()
    t.emit(Ev.Note, 0, 0, 0, 0)
    expect(got).toHaveLength(1)
  })
})
