// The trace's export (cedk-trace/1): a bounded window, events decoded by kind, threads with their processes.
import { expect, test } from 'vitest'
import { Ev, Trace, TRACE_EXPORT_SCHEMA, exportTrace } from '../../src/index.js'
import { driverKey, machineWith, recorder } from '../helpers/recorder.js'

async function tracedCall() {
  const drv = recorder('a.dll', (ctx) => ({
    IOControl: (_h, _c, pIn, nIn) => {
      ctx.mem.read(pIn, nIn)
      return true
    },
  }))
  const m = machineWith([drv], driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Index: 1 }))
  await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
  const app = m.createProcess('app.exe')
  const h = (await app.CreateFile('AAA1:')).handle
  await app.DeviceIoControl(h, 5, app.alloc(8), 8, 0, 0)
  return { m, app }
}

test('an export names kinds, APIs, entry points and origins, and puts each thread in its process', async () => {
  const { m, app } = await tracedCall()
  const x = exportTrace(m.trace, {}, m.processes)
  expect(x.schema).toBe(TRACE_EXPORT_SCHEMA)
  expect(x.events).toHaveLength(m.trace.count)
  expect(x.omitted).toEqual({ before: 0, after: 0 })
  const read = x.events.find((e) => e.kind === 'mem-read')!
  expect(read.fields).toMatchObject({ size: 8, origin: 'param', vm: app.id })
  expect(read.text).toMatch(/mem-read 0x[0-9a-f]{8} \+8 origin=param/)
  const enter = x.events.find((e) => e.kind === 'entry-enter' && String(e.fields.name).endsWith('IOControl'))!
  expect(enter.fields).toMatchObject({ name: 'a.dll!AAA_IOControl', caller: app.id })
  expect(x.events.find((e) => e.kind === 'api-return' && e.fields.name === 'DeviceIoControl')?.fields).toMatchObject({ result: 1 })
  expect(x.processes).toContainEqual({ pid: app.id, name: 'app.exe', kind: 'user' })
  expect(x.processes.find((p) => p.kind === 'kernel')?.name).toBe('nk.exe')
  const caller = x.threads.find((t) => t.tid === read.tid)
  expect(caller).toBeDefined()
  expect(x.processes.map((p) => p.pid)).toContain(caller!.pid)
  expect(JSON.parse(JSON.stringify(x))).toEqual(x)
})

test('a window around an event keeps `before` and `after` events and counts what it left out', async () => {
  const { m } = await tracedCall()
  const focus = m.trace.events().find((e) => e.kind === Ev.MemRead)!.seq
  const x = exportTrace(m.trace, { around: focus, before: 3, after: 2 })
  expect(x.events.map((e) => e.seq)).toEqual([focus - 3, focus - 2, focus - 1, focus, focus + 1, focus + 2])
  expect(x).toMatchObject({ focus, from: focus - 3, to: focus + 2, omitted: { before: focus - 3, after: m.trace.count - 1 - (focus + 2) } })
  // Thread names come from the whole ring, not only the window.
  expect(x.threads.length).toBeGreaterThan(1)
  expect(exportTrace(m.trace, { around: focus, before: 50, after: 50, maxEvents: 4 }).events.map((e) => e.seq).at(-1)).toBe(Math.min(focus + 50, m.trace.count - 1))
  expect(exportTrace(m.trace, { around: focus, maxEvents: 4 }).events).toHaveLength(4)
  expect(() => exportTrace(m.trace, { around: 1.5 })).toThrow(/window.around must be an event's sequence number, got 1.5/)
})

test('a wrapped ring exports only what it still holds; an empty trace exports nothing', () => {
  const clock = { now: 0, current: null }
  const t = new Trace(clock, 16)
  expect(exportTrace(t)).toMatchObject({ from: -1, to: -1, events: [], omitted: { before: 0, after: 0 } })
  for (let i = 0; i < 40; i++) t.emit(Ev.Note, i, 0, 0, 0, i === 39 ? { last: true } : undefined)
  const x = exportTrace(t)
  expect(x.events.map((e) => e.seq)).toEqual([...Array(16).keys()].map((i) => i + 24))
  expect(x.omitted.before).toBe(24)
  expect(x.events.at(-1)!.fields).toEqual({ a: 39, b: 0, c: 0, d: 0, detail: '{"last":true}' })
})
