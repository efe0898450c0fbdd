// Fault injection (issue 4): machine.injectFaults makes a driver's fallible API call fail with its CE6 failure value
// and a plausible last error, traced as a note { faultInjected }; off by default.
import { describe, expect, test } from 'vitest'
import {
  ARG_I_PTR,
  E_OUTOFMEMORY,
  ERROR_NOT_ENOUGH_MEMORY,
  ERROR_OUTOFMEMORY,
  Ev,
  UsageError,
  describeFault,
  type DriverContext,
  type InjectedFault,
  type Machine,
  type MachineOptions,
  type ParamPtr,
} from '../../src/index.js'
import { driverKey, machineWith, recorder } from '../helpers/recorder.js'

/** What each API call of the IOCTL gave: [result, last error]. */
type Seen = [string, number | boolean, number][]

function worker(seen: Seen) {
  return recorder('f.dll', (ctx: DriverContext) => ({
    IOControl: (_h: number, _c: number, pIn: ParamPtr) => {
      ctx.SetLastError(0)
      const a = ctx.LocalAlloc(0, 16)
      seen.push(['LocalAlloc', a !== 0, ctx.GetLastError()])
      ctx.SetLastError(0)
      const e = ctx.CreateEvent(false, false)
      seen.push(['CreateEvent', e !== 0, ctx.GetLastError()])
      ctx.SetLastError(0)
      const b = ctx.LocalAlloc(0, 16)
      seen.push(['LocalAlloc', b !== 0, ctx.GetLastError()])
      const r = ctx.CeOpenCallerBuffer(pIn, 4, ARG_I_PTR, true)
      seen.push(['CeOpenCallerBuffer', r.hr, r.ptr])
      if (r.ptr) ctx.CeCloseCallerBuffer(r.ptr, pIn, 4, ARG_I_PTR)
      for (const p of [a, b]) if (p) ctx.LocalFree(p)
      if (e) ctx.CloseHandle(e)
      return true
    },
  }))
}

async function run(opts: MachineOptions = {}, setup: (m: Machine) => void = () => {}): Promise<{ seen: Seen; m: Machine }> {
  const seen: Seen = []
  const m = machineWith([worker(seen)], driverKey('F', { Dll: 'f.dll', Prefix: 'FLT', Index: 1 }), opts)
  setup(m)
  expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\F')).ok).toBe(true)
  const app = m.createProcess('app.exe')
  const h = (await app.CreateFile('FLT1:')).handle
  const pIn = app.alloc(4)
  await app.DeviceIoControl(h, 1, pIn, 4, 0, 0)
  return { seen, m }
}

const notes = (m: Machine): InjectedFault[] =>
  m.trace
    .events()
    .filter((e) => e.kind === Ev.Note && (e.detail as { faultInjected?: unknown })?.faultInjected)
    .map((e) => (e.detail as { faultInjected: InjectedFault }).faultInjected)

describe('fault injection', () => {
  test('off by default: every call succeeds and machine.faults is null', async () => {
    const { seen, m } = await run()
    expect(m.faults).toBeNull()
    expect(seen).toEqual([
      ['LocalAlloc', true, 0],
      ['CreateEvent', true, 0],
      ['LocalAlloc', true, 0],
      ['CeOpenCallerBuffer', 0, expect.any(Number)],
    ])
  })

  test('{ nth }: the nth fallible call of the driver fails with its failure value and last error, and is traced', async () => {
    const { seen, m } = await run({}, (m) => m.injectFaults({ nth: 2, driver: 'f.dll' }))
    expect(seen.slice(0, 3)).toEqual([
      ['LocalAlloc', true, 0],
      ['CreateEvent', false, ERROR_OUTOFMEMORY],
      ['LocalAlloc', true, 0],
    ])
    expect(notes(m)).toEqual([{ api: 'CreateEvent', site: 'f.dll!FLT_IOControl: CreateEvent #1', call: 2, driver: 'f.dll', error: ERROR_OUTOFMEMORY }])
    expect(describeFault(notes(m)[0]!)).toBe('CreateEvent failing at f.dll!FLT_IOControl: CreateEvent #1 (fallible call 2, error 14)')
  })

  test('{ nth: 0 } counts the fallible calls and their sites without failing any (what a systematic run enumerates)', async () => {
    let calls: readonly { api: string; site: string }[] = []
    const { seen } = await run({}, (m) => (calls = m.injectFaults({ nth: 0, driver: 'f.dll' })!.calls))
    expect(seen.every(([, ok]) => ok === true || ok === 0)).toBe(true)
    expect(calls.map((c) => c.site)).toEqual([
      'f.dll!FLT_IOControl: LocalAlloc #1',
      'f.dll!FLT_IOControl: CreateEvent #1',
      'f.dll!FLT_IOControl: LocalAlloc #2',
      'f.dll!FLT_IOControl: CeOpenCallerBuffer #1',
    ])
  })

  test('{ api, nth }: the nth call of one API; allocations fail with ERROR_NOT_ENOUGH_MEMORY', async () => {
    const { seen, m } = await run({ faults: { api: 'LocalAlloc', nth: 2 } })
    expect(notes(m).map((f) => [f.site, f.call])).toEqual([['f.dll!FLT_IOControl: LocalAlloc #2', 2]])
    expect(seen.slice(0, 3)).toEqual([
      ['LocalAlloc', true, 0],
      ['CreateEvent', true, 0],
      ['LocalAlloc', false, ERROR_NOT_ENOUGH_MEMORY],
    ])
  })

  test('a marshalling helper fails with E_OUTOFMEMORY and a NULL pointer', async () => {
    const { seen, m } = await run({ faults: { api: 'CeOpenCallerBuffer' } })
    expect(seen[3]).toEqual(['CeOpenCallerBuffer', E_OUTOFMEMORY, 0])
    const marshal = m.trace.events().filter((e) => e.kind === Ev.Marshal)
    expect(marshal.map((e) => (e.detail as { hr: number }).hr >>> 0)).toContain(E_OUTOFMEMORY)
  })

  test('{ seed, rate }: the same seed fails the same calls; rate 0 fails none, rate 1 all', async () => {
    const pattern = async (seed: number, rate: number) => (await run({ faults: { seed, rate, driver: 'f.dll' } })).seen.map(([, ok]) => ok === true || ok === 0)
    expect(await pattern(7, 0.5)).toEqual(await pattern(7, 0.5))
    expect(await pattern(7, 0)).toEqual([true, true, true, true])
    expect(await pattern(7, 1)).toEqual([false, false, false, false])
  })

  test('a plan for another driver leaves this one alone; a bad plan is a usage error', async () => {
    const { seen } = await run({ faults: { nth: 1, driver: 'other.dll' } })
    expect(seen[0]).toEqual(['LocalAlloc', true, 0])
    expect(() => machineWith([], '', { faults: { seed: 1, rate: 2 } })).toThrow(UsageError)
    expect(() => machineWith([], '').injectFaults({ nth: -1 })).toThrow(/nth/)
  })
})
