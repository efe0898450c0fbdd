// c-kernel-ioctl and c-udevice-ioctl (issue 17): kernel-ioctl's round trip to the same IOControl body written in
// C (bench/cases/c/bench.c, built by npm run build:c), every load and store of it through the memory hooks.
import { existsSync, readFileSync } from 'node:fs'
import { defineCDriver } from '../../packages/kernel/src/index.js'
import type { BenchCase } from '../harness.js'
import { driverIoctlLoop } from './kernel-ioctl.js'

/** The committed bench.wasm: the cases run from bench/cases (vitest, tsx) or compiled into .bench/bench/cases. */
function benchWasm(): Uint8Array {
  const here = new URL('./c/bench.wasm', import.meta.url)
  const source = new URL('../../../bench/cases/c/bench.wasm', import.meta.url)
  return readFileSync(existsSync(here) ? here : source)
}

export const cIoctlCases: BenchCase[] = [
  {
    name: 'c-kernel-ioctl',
    what: 'kernel-ioctl to the C driver (wasm32, memory hooks): 16 in/16 out as 16 one-byte reads and 16 one-byte writes',
    setup: () => driverIoctlLoop(defineCDriver('bench.dll', benchWasm()), { trace: true }),
  },
  {
    name: 'c-udevice-ioctl',
    what: 'the same to the C driver loaded in a udevice, through the reflector',
    setup: () => driverIoctlLoop(defineCDriver('bench.dll', benchWasm()), { trace: true, userMode: true }),
  },
]
