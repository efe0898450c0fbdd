// The red team's machine: a hostile user-mode driver (spy.dll) next to a kernel-mode driver that keeps a block of
// the shared heap (keeper.dll), with planted secrets — a kernel-heap block, another process's memory, a physical page
// outside every window — and an application that calls both. Everything the spy's code obtains is collected in
// `seen`; what it must not change is read back at the end by the test, never through the spy.
import { attachVerifier, type Violation } from '@cedk/conformance'
import {
  HKEY_LOCAL_MACHINE,
  MEM_COMMIT,
  MEM_RESERVE,
  PAGE_READWRITE,
  RegisterFile,
  createMachine,
  defineDriver,
  type CallerProcess,
  type DriverContext,
  type Machine,
  type MachineOptions,
  type ParamPtr,
} from '@cedk/kernel'
import type { Program } from './attacks.js'
import { runProgram, type Stage } from './run-program.js'

export const SECRET = new TextEncoder().encode('SECRET!kernel-16')
export const SHARED_PATTERN = new TextEncoder().encode('keeper:shared-16')
export const APP_SECRET = new TextEncoder().encode('app:after-call16')
export const REGS_BASE = 0x90000000
export const REGS_WINDOW = 0x100
export const IOCTL_RUN = 1
export const IOCTL_LATER = 2

/** Addresses the program draws from, filled in once the machine is up. */
export interface Places {
  kernelSecret: number
  victimSecret: number
  victimPid: number
  kernelPid: number
  appPid: number
  /** Physical address of the page holding the kernel secret. */
  secretPhys: number
  /** The keeper's shared-heap block. */
  shared: number
}

/** What the spy did and got: the test's evidence. */
export interface Loot {
  seen: Uint8Array[]
  /** Bytes obtained through CeOpenCallerBuffer or ReadProcessMemory: the caller's, the kernel's or a victim's. */
  marshalled: Uint8Array[]
  /** Writes to the caller the spy was entitled to (WriteProcessMemory to the caller it serves, a written-back
   *  CeOpenCallerBuffer): CE6 lets a udevice write any of its caller's memory that way. */
  callerWrites: number
  /** Refused attempts the verifier must report, and the rules that may report them. */
  mustFlag: { what: string; rules: string[] }[]
  /** spy.dll code that ran in kernel mode (a load through a key the spy wrote). */
  kernelModeRuns: number
  /** Attempts the machine refused (a failure return or an access violation). */
  refused: string[]
  /** Exceptions other than AccessViolation that reached spy code from the machine (thrown at the spy). */
  oddErrors: string[]
}

export interface World {
  m: Machine
  app: CallerProcess
  /** Another process, with the secret at places.victimSecret. */
  victim: CallerProcess
  places: Places
  loot: Loot
  pIn: number
  pOut: number
  spy: number
  keeper: number
  finishVerifier: () => Promise<Violation[]>
}

export const SPY_KEY = 'Drivers\\BuiltIn\\Spy'
export const SERVICE_KEY = 'Services\\Spy'

const keeper = defineDriver('keeper.dll', (ctx) => {
  let block = 0
  return {
    Init: () => {
      block = ctx.CeVirtualSharedAlloc(0, 0x1000, MEM_RESERVE | MEM_COMMIT)
      if (block) ctx.mem.write(block as ParamPtr, SHARED_PATTERN)
      return 1
    },
    Deinit: () => true,
    Open: () => 2,
    Close: () => true,
    // A kernel driver still at work: it allocates, touches its shared block and yields on a kernel object.
    IOControl: async (_h: number, _code: number, _pIn: ParamPtr, _nIn: number, pOut: ParamPtr, nOut: number) => {
      const scratch = ctx.LocalAlloc(0, 0x2000)
      if (!scratch) return false
      const ev = ctx.CreateEvent(true, true)
      await ctx.WaitForSingleObject(ev, 0)
      ctx.CloseHandle(ev)
      const pattern = ctx.mem.read(block as ParamPtr, SHARED_PATTERN.length)
      ctx.LocalFree(scratch)
      if (pOut && nOut >= 4) ctx.mem.writeU32(pOut, block)
      return pattern.every((b, i) => b === SHARED_PATTERN[i])
    },
  }
})

/** The spy: it runs the program's stages from its entry points; `stage` is set by the test per call. */
function spyDriver(program: () => Program, places: () => Places, loot: Loot) {
  const loads = { count: 0 }
  return defineDriver('spy.dll', (ctx: DriverContext) => {
    const kept: number[] = []
    const run = (stage: Stage, pIn: number, nIn: number, pOut: number, nOut: number) =>
      runProgram(ctx, program(), stage, { places: places(), pIn, nIn, pOut, nOut, kept }, loot)
    // A second load of spy.dll is one the spy arranged itself (through a key it wrote): it goes for the secret page.
    const second = loads.count++ > 0
    return {
      Init: () => {
        if (ctx.kernelMode) loot.kernelModeRuns++
        if (second) run('evil', 0, 0, 0, 0)
        return 1
      },
      Deinit: () => true,
      Open: () => 2,
      Close: () => true,
      IOControl: (_h: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number) =>
        run(code === IOCTL_RUN ? 'call' : 'later', pIn, nIn, pOut, nOut),
    }
  })
}

const spyKey = (home: 'Drivers' | 'Services'): string =>
  home === 'Drivers'
    ? `[HKEY_LOCAL_MACHINE\\${SPY_KEY}]\n"Dll"="spy.dll"\n"Prefix"="SPY"\n"Index"=dword:1\n"Flags"=dword:10\n` +
      `"MemBase"=dword:${REGS_BASE.toString(16)}\n"MemLen"=dword:${REGS_WINDOW.toString(16)}\n`
    : // A service key: CE6 loads it in a udevice whatever its Flags say (fact sheet §9.2).
      `[HKEY_LOCAL_MACHINE\\${SERVICE_KEY}]\n"Dll"="spy.dll"\n"Prefix"="SPY"\n"Index"=dword:1\n`

const KEEPER_REG = '[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Keeper]\n"Dll"="keeper.dll"\n"Prefix"="KPR"\n"Index"=dword:1\n'

/** Boot the world for `program`; options restore old behaviour in the tests of the holes. */
export async function buildWorld(program: Program, opts: MachineOptions = {}): Promise<World> {
  const loot: Loot = { seen: [], marshalled: [], mustFlag: [], callerWrites: 0, kernelModeRuns: 0, refused: [], oddErrors: [] }
  let places: Places | null = null
  const m = createMachine({
    drivers: [keeper, spyDriver(() => program, () => places!, loot)],
    registry: [KEEPER_REG, spyKey(program.home)],
    hardware: [{ base: REGS_BASE, device: new RegisterFile(), irq: 3 }],
    seed: program.seed,
    ...opts,
  })
  const verifier = attachVerifier(m, { mode: 'udevice', driver: 'spy.dll' })
  const k = await m.ActivateDeviceEx('Drivers\\BuiltIn\\Keeper')
  if (!k.ok) throw new Error(`keeper.dll did not load (error ${k.error})`)
  const kernelSecret = m.kernel.heap.alloc(16, 'test!secret')
  m.memory.copy(kernelSecret, SECRET.slice(), true, true, null)
  const victim = m.createProcess('victim.exe')
  const victimSecret = victim.alloc(16)
  victim.write(victimSecret, SECRET)
  const app = m.createProcess('app.exe')
  const kh = (await app.CreateFile('KPR1:')).handle
  const out = app.alloc(4)
  await app.DeviceIoControl(kh, 1, 0, 0, out, 4)
  const shared = app.read(out, 4).reduce((a, b, i) => a + b * 2 ** (8 * i), 0)
  const entry = m.memory.lookup(kernelSecret, true, null)
  if (typeof entry === 'string') throw new Error(`kernel secret not mapped: ${entry}`)
  places = {
    kernelSecret,
    victimSecret,
    victimPid: victim.id,
    kernelPid: m.kernel.id,
    appPid: app.id,
    secretPhys: entry.frame.ppn * 0x1000 + (kernelSecret & 0xfff),
    shared,
  }
  const pIn = app.alloc(64)
  app.write(pIn, new Uint8Array(64).fill(0x11))
  const pOut = app.alloc(64)
  const s = await m.ActivateDeviceEx(program.home === 'Drivers' ? SPY_KEY : SERVICE_KEY)
  if (!s.ok) throw new Error(`spy.dll did not load (error ${s.error})`)
  const spy = (await app.CreateFile('SPY1:')).handle
  return {
    m,
    app,
    victim,
    places,
    loot,
    pIn,
    pOut,
    spy,
    keeper: kh,
    finishVerifier: async () => {
      try {
        return verifier.finish(await m.shutdown())
      } finally {
        verifier.dispose()
      }
    },
  }
}

export { HKEY_LOCAL_MACHINE, PAGE_READWRITE }
