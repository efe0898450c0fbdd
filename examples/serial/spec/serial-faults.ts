// serial.dll when the system runs out of memory: every allocation, object and mapping Init makes is failed in turn
// (machine.injectFaults), and Init must fail cleanly: an error return, nothing leaked, and no port left half-built
// (a port without its receive event would let a later Read spin on WaitForSingleObject(NULL)). The body takes the
// driver and one fault run its Init must show (where a CreateEvent falls among Init's fallible calls is the
// driver's own order), so it runs on the TypeScript serial.dll and the C one.
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { Uart16550, type DriverModule } from '@cedk/kernel'
import { MODES, bootDriver, modeRuns } from '@cedk/conformance'
import * as io from '../src/ioctls.js'

const registry = { file: 'serial.reg', text: readFileSync(new URL('../serial.reg', import.meta.url), 'utf8') }
const options = { registry, hardware: () => [{ base: 0x90000000, device: new Uart16550(), irq: 3 }] }

/** The fallible calls Init makes, counted on a machine where nothing fails. */
async function initSites(serial: DriverModule, mode: (typeof MODES)[number]): Promise<string[]> {
  const dm = bootDriver(serial, options, mode, 1)
  const injector = dm.machine.injectFaults({ nth: 0, driver: 'serial.dll' })!
  expect(await dm.activate()).toSucceed()
  await dm.shutdown()
  return injector.calls.map((c) => c.site)
}

/** What the fault spec must know of a driver's own Init. */
export interface SerialFaultsOptions {
  /** The name of the systematic fault run where Init's second CreateEvent fails. */
  createEventRun: string
}

/** Init under failing allocations, and the generated scenarios under systematic faults. */
export function serialFaults(serial: DriverModule, { createEventRun }: SerialFaultsOptions): void {
  test.each(MODES)('%s mode: Init fails cleanly whichever of its allocations, objects or mappings fails', async (mode) => {
    const sites = await initSites(serial, mode)
    expect(sites).toContain('serial.dll!COM_Init: CreateThread #1')
    for (let nth = 1; nth <= sites.length; nth++) {
      const dm = bootDriver(serial, options, mode, 1)
      dm.machine.injectFaults({ nth, driver: 'serial.dll' })
      const act = await dm.activate()
      expect({ site: sites[nth - 1], ok: act.ok }).toEqual({ site: sites[nth - 1], ok: false })
      expect(await dm.shutdown()).toHaveNoViolations()
    }
  })

  test('the generated scenarios, re-run with each fallible call failing in turn (faultInjection: systematic): no crash, hang or leak', async () => {
    const ioctls = [
      { name: 'SET_BAUD_RATE', code: io.IOCTL_SERIAL_SET_BAUD_RATE, inSize: 4, outSize: 0, input: [0x80, 0x25, 0, 0] },
      { name: 'GET_BAUD_RATE', code: io.IOCTL_SERIAL_GET_BAUD_RATE, inSize: 0, outSize: 4 },
    ]
    const runs = modeRuns(serial, { ...options, ioctls, faultInjection: 'systematic' })
    for (const mode of MODES) {
      const run = await runs(mode)
      expect(run.faultRuns).toContain(createEventRun)
      expect(run.faultRuns!.length).toBeGreaterThanOrEqual(6 * 7)
      expect(run.violations.filter((v) => v.family === 'robustness')).toEqual([])
      expect(run.failures).toEqual([])
    }
  })
}
