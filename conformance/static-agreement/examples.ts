// The examples under the run-time verifier for the agreement table: short scenarios in the spirit of each
// example's own spec (its main IOCTLs, its registry key), run with the corpus harness or the example's own runner.
import { readFileSync } from 'node:fs'
import type { Mode, Violation } from '@cedk/conformance'
import { runLegacy } from '../../examples/legacy-ce5/spec/run-legacy.js'
import legacy from '../../examples/legacy-ce5/src/legacy.js'
import ported from '../../examples/legacy-ce5-ported/src/legacy.js'
import crcAsync from '../../examples/async-io/src/crc-async-kernel.js'
import crcPort from '../../examples/async-io/src/crc-portable.js'
import * as crc from '../../examples/async-io/src/ioctls.js'
import battmon from '../../examples/ui-helper/src/battmon.js'
import battui from '../../examples/ui-helper/src/battui.js'
import * as batt from '../../examples/ui-helper/src/ioctls.js'
import { put, runCase, u32, type Scenario } from '../harness.js'

export interface ExampleCase {
  /** Path of the driver source, from the repository root. */
  file: string
  /** What the static scan reads: the example's source folder. */
  scan: string
  /** The example's .reg text in `mode` (the key's Flags set for udevice). */
  registry(mode: Mode): string
  run(mode: Mode): Promise<Violation[]>
}

const repo = new URL('../../', import.meta.url)
const read = (path: string): string => readFileSync(new URL(path, repo), 'utf8')

/** The .reg text with DEVFLAGS_LOAD_AS_USERPROC set on every driver key for udevice, cleared for the kernel. */
function inMode(reg: string, mode: Mode): string {
  const cleared = reg.replace(/^"Flags"=dword:[0-9a-f]+\s*$/gim, '')
  return mode === 'udevice' ? cleared.replace(/^(\[HKEY_LOCAL_MACHINE\\Drivers\\[^\]]+\])$/gim, '$1\n"Flags"=dword:10') : cleared
}

const crcScenario = (start: number, finish: number): Scenario => ({
  async run({ m, app, h }) {
    const pIn = put(app, Array.from({ length: 64 }, (_, i) => i))
    const pOut = app.alloc(4)
    await app.DeviceIoControl(h, start, pIn, 64, pOut, 4)
    await m.advance(20)
    await app.DeviceIoControl(h, finish, start === crc.IOCTL_CRC_SUBMIT ? pOut : 0, start === crc.IOCTL_CRC_SUBMIT ? 4 : 0, app.alloc(4), 4)
  },
})

const battmonScenario: Scenario = {
  values: '"WarnLevel"=dword:a\n',
  modules: [battui],
  async run({ app, h }) {
    for (const level of [50, 9]) await app.DeviceIoControl(h, batt.IOCTL_BATTERY_SET_LEVEL, put(app, u32(level)), 4, 0, 0)
    await app.DeviceIoControl(h, batt.IOCTL_BATTERY_GET_STATUS, 0, 0, app.alloc(batt.STATUS_SIZE), batt.STATUS_SIZE)
  },
}

export const EXAMPLES: readonly ExampleCase[] = [
  {
    file: 'examples/legacy-ce5/src/legacy.ts',
    scan: 'examples/legacy-ce5/src',
    registry: (mode) => inMode(read('examples/legacy-ce5/legacy.reg'), mode),
    run: async (mode) => (await runLegacy(legacy, inMode(read('examples/legacy-ce5/legacy.reg'), mode), mode)).violations,
  },
  {
    file: 'examples/legacy-ce5-ported/src/legacy.ts',
    scan: 'examples/legacy-ce5-ported/src',
    registry: (mode) => inMode(read('examples/legacy-ce5-ported/legacy.reg'), mode),
    run: async (mode) => (await runLegacy(ported, inMode(read('examples/legacy-ce5-ported/legacy.reg'), mode), mode, true)).violations,
  },
  {
    file: 'examples/async-io/src/crc-async-kernel.ts',
    scan: 'examples/async-io/src',
    registry: (mode) => inMode(read('examples/async-io/async-io.reg'), mode),
    run: (mode) => runCase(crcAsync, crcScenario(crc.IOCTL_CRC_START, crc.IOCTL_CRC_WAIT_ALL), mode),
  },
  {
    file: 'examples/async-io/src/crc-portable.ts',
    scan: 'examples/async-io/src',
    registry: (mode) => inMode(read('examples/async-io/async-io.reg'), mode),
    run: (mode) => runCase(crcPort, crcScenario(crc.IOCTL_CRC_SUBMIT, crc.IOCTL_CRC_RESULT), mode),
  },
  {
    file: 'examples/ui-helper/src/battmon.ts',
    scan: 'examples/ui-helper/src',
    registry: (mode) => inMode(read('examples/ui-helper/battmon.reg'), mode),
    run: (mode) => runCase(battmon, battmonScenario, mode),
  },
]
