// The devDependency path users take (issue 7 item 3): pack @cedk/kernel and @cedk/conformance as npm would publish
// them, install the tarballs with vitest alone into a fresh project outside the monorepo, add a driver and a spec
// file as a user would, and run it: the matrix, cedk-report.json and the badge must come out, with no TS loader.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { copyFixture, run, type RunResult } from './run.js'

const ROOT = new URL('../../../../', import.meta.url).pathname
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc')
const VITEST_VERSION = '4.1.12'
const KEEP = process.env.CEDK_KEEP_PACK_DIR === '1'

describe('packed packages in a fresh user project', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cedk-pack-'))
  const project = join(dir, 'counter-driver')
  let vitestRun: RunResult

  beforeAll(async () => {
    const packed = await run('npm', ['pack', '--json', '--pack-destination', dir, '-w', '@cedk/kernel', '-w', '@cedk/conformance'], ROOT)
    expect(packed.code, packed.output).toBe(0)
    const tarballs = readdirSync(dir).filter((f) => f.endsWith('.tgz')).map((f) => join(dir, f))
    expect(tarballs).toHaveLength(2)
    copyFixture(new URL('./user-project/', import.meta.url).pathname, project)
    const install = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '-D', ...tarballs, `vitest@${VITEST_VERSION}`], project)
    expect(install.code, install.output).toBe(0)
    vitestRun = await run('npx', ['vitest', 'run'], project)
  }, 240_000)

  afterAll(() => {
    if (!KEEP) rmSync(dir, { recursive: true, force: true })
  })

  test('the packages are compiled JS with types, and the project has no TS loader', () => {
    for (const pkg of ['kernel', 'conformance']) {
      const home = join(project, 'node_modules/@cedk', pkg)
      expect(existsSync(join(home, 'dist/index.js')), pkg).toBe(true)
      expect(existsSync(join(home, 'dist/index.d.ts')), pkg).toBe(true)
      expect(existsSync(join(home, 'src')), pkg).toBe(false)
    }
    expect(existsSync(join(project, 'node_modules/@cedk/conformance/dist/report/index.js'))).toBe(true)
    // The user docs travel with the packages (cedk init points at them).
    for (const doc of ['conformance/docs/getting-started.md', 'conformance/docs/ci.md', 'conformance/docs/rules.md', 'kernel/docs/kernel.md']) {
      expect(existsSync(join(project, 'node_modules/@cedk', doc)), doc).toBe(true)
    }
    expect(existsSync(join(project, 'node_modules/tsx'))).toBe(false)
  })

  test('npx vitest run passes and prints the driver × mode matrix', () => {
    expect(vitestRun.code, vitestRun.output).toBe(0)
    expect(vitestRun.output).toContain('counter.dll')
    expect(vitestRun.output).toMatch(/kernel/)
    expect(vitestRun.output).toMatch(/udevice/)
  })

  test('cedk-report.json has the driver passing in both modes', () => {
    const report = JSON.parse(readFileSync(join(project, 'cedk-report.json'), 'utf8'))
    expect(report.schema).toMatch(/^cedk-report\//)
    expect(report.drivers.map((d: { dll: string }) => d.dll)).toEqual(['counter.dll'])
    expect(JSON.stringify(report.drivers[0])).not.toMatch(/"verdict":"(violation|driver-crash|hang|leak|harness-error)"/)
  })

  test('npx cedk report writes the badge', async () => {
    const r = await run('npx', ['cedk', 'report', '--format', 'badge', '--out', 'badges/'], project)
    expect(r.code, r.output).toBe(0)
    const svg = readFileSync(join(project, 'badges/badge.svg'), 'utf8')
    expect(svg).toMatch(/^<svg/)
    expect(svg).toContain('CE6 conformance')
    expect(existsSync(join(project, 'badges/badge-counter.dll.svg'))).toBe(true)
  }, 60_000)

  test('the user project type-checks against the packed .d.ts', async () => {
    const r = await run(process.execPath, [TSC, '-p', 'tsconfig.json', '--typeRoots', join(ROOT, 'node_modules/@types')], project)
    expect(r.code, r.output).toBe(0)
  }, 60_000)
})
