// The driver handed to conformance() or describeDriver(), checked before anything is registered: a spec whose
// import found no driver (no default export, a namespace import, a typo) gets one error naming the spec file and
// what to export, instead of a TypeError from deep inside the framework for every case.
import type { DriverModule } from '@cedk/kernel'
import { expect } from 'vitest'

export function checkDriverArgument(api: 'conformance' | 'describeDriver', driver: unknown): asserts driver is DriverModule {
  if (isDriverModule(driver)) return
  const file = specFile()
  const where = file ? ` in ${file}` : ''
  const fix = "export the driver as its module's default (`export default defineDriver('my.dll', (ctx) => ({ … }))`) or import it by name (`import { myDriver } from '../src/my-driver'`)"
  const namespace = typeof driver === 'object' && driver !== null && isDriverModule((driver as { default?: unknown }).default)
  if (namespace) throw new TypeError(`${api}(driver, …)${where}: the driver is a module namespace (\`import * as x\`); pass its default export, \`x.default\``)
  const got = driver === undefined ? 'undefined: the module it was imported from has no default export' : `${describe(driver)}, not a driver made by defineDriver()`
  throw new TypeError(`${api}(driver, …)${where}: the driver is ${got}. To fix it, ${fix}.`)
}

function describe(x: unknown): string {
  if (x === null) return 'null'
  if (typeof x === 'object') return `an object with keys ${Object.keys(x).slice(0, 5).join(', ') || '(none)'}`
  return `a ${typeof x} (${String(x).slice(0, 40)})`
}

/** The spec file being collected, relative to the working directory when vitest knows it. */
function specFile(): string | undefined {
  try {
    const path = expect.getState().testPath
    return path ? path.replace(`${process.cwd()}/`, '') : undefined
  } catch {
    return undefined
  }
}

function isDriverModule(x: unknown): x is DriverModule {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'cedk.driver'
}
