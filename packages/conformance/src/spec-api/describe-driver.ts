// describeDriver(driver, options, fn): the team's own tests, registered once per mode, each with fresh fixtures.
import { describe } from 'vitest'
import type { DriverModule, HardwareSlot } from '@cedk/kernel'
import { MODES, type Mode } from '../mode.js'
import { checkDriverArgument } from './driver-argument.js'
import { driverTest, type DriverTestAPI } from './fixtures.js'
import type { DriverOptions } from './options.js'

export interface DriverSuite<H extends readonly HardwareSlot[]> {
  /** vitest's `test`, extended with the driver fixtures of this mode. */
  test: DriverTestAPI<H>
  mode: Mode
}

export function driverSuiteName(dll: string, mode: Mode): string {
  return `${dll} in ${mode} mode`
}

export function describeDriver<H extends readonly HardwareSlot[] = readonly HardwareSlot[]>(
  driver: DriverModule,
  options: DriverOptions & { hardware?: () => H },
  fn: (suite: DriverSuite<H>) => void,
): void {
  checkDriverArgument('describeDriver', driver)
  for (const mode of options.modes ?? MODES) {
    describe(driverSuiteName(driver.dll, mode), () => fn({ test: driverTest<H>(driver, options, mode), mode }))
  }
}
