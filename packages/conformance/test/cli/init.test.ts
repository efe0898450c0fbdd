// cedk init: the scaffold in a temporary project, the import of a team's own driver, and never overwriting.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseReg } from '@cedk/kernel'
import { expect, test } from 'vitest'
import { cedk, tempDir } from './helpers.js'

test('scaffolds a spec, a registry file, a vitest config and a starting driver', async () => {
  const dir = tempDir()
  const r = await cedk(dir, 'init', 'proj', '--name', 'serial')
  expect(r.code).toBe(0)
  expect(r.out).toContain('created spec/serial.conformance.test.ts')
  expect(r.out).toContain('cd proj && npx cedk test')
  const read = (f: string) => readFileSync(join(dir, 'proj', f), 'utf8')
  expect(read('spec/serial.conformance.test.ts')).toContain("import driver from '../src/serial.js'")
  expect(read('spec/serial.conformance.test.ts')).toContain('conformance(driver, { registry, ioctls })')
  const keys = parseReg(read('serial.reg'), 'serial.reg').keys
  expect(keys[0]!.values.find((v) => v.name === 'Dll')!.value).toMatchObject({ data: 'serial.dll' })
  expect(read('vitest.config.ts')).toContain('plugins: [cedkPlugin()]')
  expect(read('src/serial.ts')).toContain("defineDriver('serial.dll'")
})

test('--driver imports the team module instead of scaffolding one', async () => {
  const dir = tempDir()
  mkdirSync(join(dir, 'drivers'))
  writeFileSync(join(dir, 'drivers/uart.ts'), 'export default {}\n')
  expect((await cedk(dir, 'init', '--name', 'uart', '--driver', 'drivers/uart.ts')).code).toBe(0)
  expect(readFileSync(join(dir, 'spec/uart.conformance.test.ts'), 'utf8')).toContain("import driver from '../drivers/uart.js'")
  expect(existsSync(join(dir, 'src'))).toBe(false)
  expect(await cedk(dir, 'init', '--driver', 'drivers/nope.ts')).toMatchObject({ code: 2, err: expect.stringContaining('--driver drivers/nope.ts: no such file') })
})

test('refuses to overwrite: names the files that exist and writes nothing', async () => {
  const dir = tempDir()
  writeFileSync(join(dir, 'vitest.config.ts'), '// mine\n')
  const r = await cedk(dir, 'init')
  expect(r.code).toBe(2)
  expect(r.err).toContain('cedk init: vitest.config.ts already exists in')
  expect(r.err).toContain('nothing was written')
  expect(existsSync(join(dir, 'spec'))).toBe(false)
  expect(readFileSync(join(dir, 'vitest.config.ts'), 'utf8')).toBe('// mine\n')
  expect(await cedk(dir, 'init', '--name', '9lives')).toMatchObject({ code: 2, err: expect.stringContaining('--name must be') })
})
