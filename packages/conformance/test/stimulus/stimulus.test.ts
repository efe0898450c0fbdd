// Hardware stimulus: the spec's events reach a driver's interrupt path in the scenario suite and in the property
// suites; a program's events are generated, shrunk, printed and replayed with it; bad events are refused by name.
import { describe, expect, test } from 'vitest'
import { checkDriver, checkEvents, ioctl, modeRuns, struct, u32, type Execution, type Program, type PropertyOptions } from '@cedk/conformance'
import buggy, { IOCTL_DMA_WAIT_DONE } from '../../../../conformance/detection/dma-wait/buggy.js'
import fixed from '../../../../conformance/detection/dma-wait/fixed.js'
import wait from '../../../../conformance/detection/dma-wait/case.js'
import { dmaEvents, dmaHardware } from '../../../../conformance/detection/hardware.js'

const described = [ioctl('DMA_WAIT_DONE', IOCTL_DMA_WAIT_DONE, { out: struct('DMA_RESULT', { count: u32() }) })]
const options: PropertyOptions = { registry: wait.registry, hardware: dmaHardware, ioctls: described, modes: ['kernel'] }
const run = { seed: 7, numRuns: 20 }

describe('the property suites with hardware events', () => {
  test('without events the interrupt path never runs: nothing is found', async () => {
    expect(await checkDriver(buggy, options, 'no-violation', 'kernel', run)).toBeNull()
  })

  test('with events the IST writing caller memory is found, shrunk to one call and one event, and printed', async () => {
    const r = await checkDriver(buggy, { ...options, events: dmaEvents }, 'no-violation', 'kernel', run)
    expect(r).not.toBeNull()
    const p = r!.failure.counterexample as Program
    expect(p.steps).toHaveLength(1)
    expect(p.events).toEqual([{ event: 'DMA transfer completes (512 bytes)', afterStep: 0, delayMs: 0 }])
    expect((r!.failure.detail as Execution[])[0]!.violations.map((v) => v.rule)).toContain('CE6-A01')
    expect(r!.text).toMatch(/#1 app0\.exe thread 0: DMA_WAIT_DONE[^\n]*\n.*\n {2}⚡ while #1 runs: hardware event DMA transfer completes \(512 bytes\)\n/)
  })

  test('the seed and path replay the same program, events included, and the same trace', async () => {
    const o = { ...options, events: dmaEvents }
    const first = (await checkDriver(buggy, o, 'no-violation', 'kernel', run))!
    const again = (await checkDriver(buggy, o, 'no-violation', 'kernel', { ...run, seed: first.failure.seed, path: first.failure.path }))!
    expect(again.failure.counterexample).toEqual(first.failure.counterexample)
    expect((again.failure.detail as Execution[])[0]!.fingerprint).toBe((first.failure.detail as Execution[])[0]!.fingerprint)
  })

  test('the fixed driver keeps every property with the same events', async () => {
    for (const prop of ['no-violation', 'resources-balance'] as const) expect(await checkDriver(fixed, { ...options, events: dmaEvents }, prop, 'kernel', run)).toBeNull()
  })
})

describe('the scenario suite with hardware events', () => {
  test('adds one scenario that fires each event during each IOCTL, and finds the IST bug only with it', async () => {
    const base = { registry: wait.registry, hardware: dmaHardware, ioctls: wait.ioctls, seed: 1 }
    const withEvents = await modeRuns(buggy, { ...base, events: dmaEvents })('kernel')
    expect(withEvents.scenarios.at(-1)).toBe('hardware events during each IOCTL (DMA transfer completes (512 bytes))')
    expect(withEvents.violations.map((v) => `${v.rule} ${v.scenario}`)).toContain('CE6-A01 hardware events during each IOCTL (DMA transfer completes (512 bytes))')
    const without = await modeRuns(buggy, base)('kernel')
    expect(without.violations.map((v) => v.rule)).not.toContain('CE6-A01')
  })
})

describe('checkEvents', () => {
  const fire = () => undefined
  test('names the bad event by its index', () => {
    expect(() => checkEvents([{ name: '', fire }])).toThrow('options.events[0]: name must be a non-empty string')
    expect(() => checkEvents([{ name: 'irq', fire }, { name: 'irq', fire }])).toThrow('options.events[1]: the name "irq" is used twice')
    expect(() => checkEvents([{ name: 'irq' } as never])).toThrow('options.events[0] (irq): fire must be a function')
    expect(checkEvents(undefined)).toEqual([])
  })
})
