// cedk init [dir]: scaffolds conformance testing in a user's project — a spec file, the driver's registry file, a
// vitest.config.ts with the cedk reporter and, unless --driver names the team's own module, a small echo driver to
// start from. Nothing is overwritten: if any of the files exists, nothing is written at all.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { flag, parseCommandArgs, str } from '../args.js'
import type { CliContext } from '../context.js'
import { EXIT, UsageError } from '../exit-codes.js'
import { help } from '../help.js'

interface Names {
  name: string
  dll: string
  prefix: string
  /** The driver module as the spec imports it. */
  importPath: string
}

export async function initCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const p = parseCommandArgs('init', argv, { name: { type: 'string' }, driver: { type: 'string' } })
  if (flag(p, 'help')) return help(ctx, 'init')
  if (p.positionals.length > 1) throw new UsageError(`cedk init: one directory at a time, got ${p.positionals.join(' ')}`)
  const dir = resolve(ctx.cwd, p.positionals[0] ?? '.')
  const name = str(p, 'name') ?? 'mydriver'
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) throw new UsageError(`cedk init: --name must be a file name of letters, digits, - and _, starting with a letter; got ${JSON.stringify(name)}`)
  const driver = str(p, 'driver')
  if (driver && !existsSync(resolve(dir, driver))) throw new UsageError(`cedk init: --driver ${driver}: no such file in ${dir}`)
  const names: Names = { name, dll: `${name.toLowerCase()}.dll`, prefix: prefixOf(name), importPath: importPath(driver ?? `src/${name}.ts`) }
  const files = scaffold(names, !driver)
  const taken = files.filter((f) => existsSync(join(dir, f.path))).map((f) => f.path)
  if (taken.length) throw new UsageError(`cedk init: ${taken.join(', ')} already exist${taken.length === 1 ? 's' : ''} in ${dir}; nothing was written (cedk init never overwrites)`)
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true })
    writeFileSync(join(dir, f.path), f.text)
    ctx.out(`created ${f.path}`)
  }
  ctx.out(nextSteps(relative(ctx.cwd, dir) || '.'))
  return EXIT.ok
}

/** Three letters of the name, upper case: the device name CE opens (XXX1:). */
function prefixOf(name: string): string {
  return (name.replace(/[^A-Za-z]/g, '').toUpperCase() + 'DRV').slice(0, 3)
}

/** The spec (in spec/) imports the module with a .js suffix, as ESM TypeScript does. */
function importPath(driver: string): string {
  const rel = relative('spec', driver).split('\\').join('/').replace(/\.(m?)ts$/, '.$1js')
  return rel.startsWith('.') ? rel : `./${rel}`
}

function scaffold(n: Names, withDriver: boolean): { path: string; text: string }[] {
  return [
    { path: `spec/${n.name}.conformance.test.ts`, text: specFile(n) },
    { path: `${n.name}.reg`, text: regFile(n) },
    { path: 'vitest.config.ts', text: VITEST_CONFIG },
    ...(withDriver ? [{ path: `src/${n.name}.ts`, text: driverFile(n) }] : []),
  ]
}

function nextSteps(dir: string): string {
  return `
Next:
  npm i -D vitest @cedk/kernel @cedk/conformance     (if they are not installed yet)
  ${dir === '.' ? '' : `cd ${dir} && `}npx cedk test
Describe your IOCTLs in the spec's \`ioctls\`, keep the registry key as your platform writes it, and see
node_modules/@cedk/conformance/docs/getting-started.md for the rest (the files here are named as it names them).`
}

const VITEST_CONFIG = `import { defineConfig } from 'vitest/config'
import { cedkPlugin } from '@cedk/conformance/reporter'

// \`npx vitest run\` and \`npx cedk test\` both print the driver × mode × rule-family matrix and write
// cedk-report.json. cedkPlugin adds the cedk reporter beside any reporters, also those of a --reporter option.
export default defineConfig({
  plugins: [cedkPlugin()],
  test: {
    include: ['spec/**/*.test.ts'],
  },
})
`

function specFile(n: Names): string {
  return `// ${n.dll} against the CE6 driver rules, in kernel mode and in udevice (scaffolded by \`cedk init\`).
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import { conformance, describeDriver, type IoctlSpec } from '@cedk/conformance'
import driver from '${n.importPath}'

// The registry text holding the driver key; the framework only sets or clears Flags 0x10 (load in udevice).
const registry = { file: '${n.name}.reg', text: readFileSync(new URL('../${n.name}.reg', import.meta.url), 'utf8') }

// Every IOCTL the generated suite exercises: its code, buffer sizes and a valid input.
const ioctls: IoctlSpec[] = [{ name: 'ECHO', code: 0x220004, inSize: 8, outSize: 8, input: [1, 2, 3, 4, 5, 6, 7, 8] }]

conformance(driver, { registry, ioctls })

describeDriver(driver, { registry }, ({ test }) => {
  test('the device opens and closes without a violation', async ({ caller, device, violations }) => {
    const h = await caller.CreateFile(device.name)
    expect(h).toSucceed()
    expect(await caller.CloseHandle(h.handle)).toSucceed()
    expect(violations).toHaveNoViolations()
  })
})
`
}

function regFile(n: Names): string {
  return `; ${n.dll}'s driver key. cedk loads the driver from it in kernel mode, and with DEVFLAGS_LOAD_AS_USERPROC
; (Flags 0x10) set in udevice mode; windows (IoBase/IoLen), SysIntr and the process group stay as written here.
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\${n.name}]
"Dll"="${n.dll}"
"Prefix"="${n.prefix}"
"Index"=dword:1
`
}

function driverFile(n: Names): string {
  return `// ${n.dll}: an echo device to start from (scaffolded by \`cedk init\`) — IOCTL 0x220004 copies the input buffer
// to the output buffer. Replace it with your driver; keep the default export.
import { AccessViolation, ERROR_INVALID_PARAMETER, defineDriver, type ParamPtr } from '@cedk/kernel'

const IOCTL_ECHO = 0x220004

export default defineDriver('${n.dll}', (ctx) => ({
  Init: () => 1,
  Deinit: () => true,
  Open: () => 1,
  Close: () => true,
  IOControl(_h: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr) {
    if (code !== IOCTL_ECHO || !pIn || !pOut || nOut < nIn) {
      ctx.SetLastError(ERROR_INVALID_PARAMETER)
      return false
    }
    try {
      ctx.mem.write(pOut, ctx.mem.read(pIn, nIn))
      if (pActual) ctx.mem.writeU32(pActual, nIn)
      return true
    } catch (e) {
      if (!(e instanceof AccessViolation)) throw e
      ctx.SetLastError(ERROR_INVALID_PARAMETER)
      return false
    }
  },
}))
`
}
