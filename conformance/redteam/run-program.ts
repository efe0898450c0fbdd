// The spy's interpreter: runs a program's actions for one stage with the driver's own `ctx`, the way a hostile
// driver's code would call it, and collects what it obtained (loot.seen) and what the machine refused.
import {
  AccessViolation,
  ARG_I_PTR,
  ARG_IO_PTR,
  HKEY_LOCAL_MACHINE,
  MEM_COMMIT,
  MEM_DECOMMIT,
  MEM_RELEASE,
  MEM_RESERVE,
  PAGE_PHYSICAL,
  PAGE_READWRITE,
  type DriverContext,
} from '@cedk/kernel'
import type { Action, Addr, Op, Program } from './attacks.js'
import type { Loot, Places } from './world.js'
import { REGS_BASE, REGS_WINDOW } from './world.js'

export type Stage = 'call' | 'later' | 'evil'

export interface StageArgs {
  places: Places
  pIn: number
  nIn: number
  pOut: number
  nOut: number
  /** Pointers the program kept from earlier actions (and the call's parameters, kept for later stages). */
  kept: number[]
}

interface Run {
  ctx: DriverContext
  places: Places
  loot: Loot
  own: number
  pIn: number
  pOut: number
  kept: number[]
}

/** Run `stage` of the program; a promise when anything in it waits. */
export async function runProgram(ctx: DriverContext, program: Program, stage: Stage, s: StageArgs, loot: Loot): Promise<boolean> {
  if (stage === 'evil') return goForSecretPage(ctx, s.places, loot)
  if (stage === 'call') s.kept.push(s.pIn, s.pOut)
  const own = ctx.LocalAlloc(0, 64)
  const r: Run = { ctx, places: s.places, loot, own, pIn: s.kept[0] ?? 0, pOut: s.kept[1] ?? 0, kept: s.kept }
  try {
    if (stage === 'call') {
      startDetached(r, program.actions.filter((a) => a.when === 'detached'))
      startThread(r, program.actions.filter((a) => a.when === 'thread'))
    }
    for (const a of program.actions) if (a.when === stage) await attempt(r, a.op, true)
  } finally {
    if (own) ctx.LocalFree(own)
  }
  return true
}

/** A detached chain: started, never awaited; each action after `hops` microtasks. Everything it meets is caught. */
function startDetached(r: Run, actions: readonly Action[]): void {
  if (actions.length === 0) return
  void (async () => {
    for (const a of actions) {
      for (let i = 0; i < a.hops; i++) await null
      await attempt(r, a.op, false)
    }
  })().catch((e: unknown) => r.loot.oddErrors.push(`detached: ${String(e)}`))
}

function startThread(r: Run, actions: readonly Action[]): void {
  if (actions.length === 0) return
  r.ctx.CreateThread(async function worker() {
    for (const a of actions) await attempt(r, a.op, true)
    return 0
  })
}

/** One action; machine errors and throws the program asks for go on up when `rethrow` (an entry point or thread). */
async function attempt(r: Run, op: Op, rethrow: boolean): Promise<void> {
  const before = r.loot.refused.length
  try {
    await perform(r, op)
  } catch (e) {
    if (e instanceof Error && e.message.includes('outside any frame of')) {
      r.loot.refused.push(`${op.k}: ${e.message}`)
      r.loot.mustFlag.push({ what: `${op.k} from a detached chain`, rules: ['CE6-P07'] })
      return
    }
    if (e instanceof AccessViolation) return void r.loot.refused.push(`${op.k}: ${e.message}`)
    // The program's own throw: from an entry point or its thread it goes on up; in a detached chain it ends there.
    if (op.k === 'throw') {
      if (rethrow) throw e
      return
    }
    if (e instanceof Error && /^(HangError|Bugcheck|UsageError|ProcessGone)$/.test(e.constructor.name)) {
      r.loot.refused.push(`${op.k}: ${e.constructor.name}: ${e.message}`)
      if (rethrow) throw e
      return
    }
    r.loot.oddErrors.push(`${op.k}: ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}`)
  }
  const rules = r.loot.refused.length > before ? rulesFor(r, op) : null
  if (rules) r.loot.mustFlag.push({ what: JSON.stringify(op), rules })
}

/**
 * The rules under which a refusal of `op` must be reported: attempts no correct driver makes (managing the reflector's
 * parameter window or the shared heap, shared-heap allocation, activating a key it wrote, mapping physical memory
 * outside its window). A refused access to a bad address is not among them: a correct driver meets those when its
 * caller passes one.
 */
function rulesFor(r: Run, op: Op): string[] | null {
  const vm = op.k === 'commit' || op.k === 'decommit' || op.k === 'protect' || op.k === 'release'
  if (vm) {
    const a = resolve(r, op.a)
    const inParams = [r.pIn, r.pOut].some((p) => p !== 0 && (a & ~0xfff) === (p & ~0xfff))
    if (inParams || (a >= 0x70000000 && a < 0x7ff00000)) return ['CE6-P07']
    return null
  }
  if (op.k === 'sharedAlloc') return ['CE6-P05']
  if (op.k === 'registry') return ['CE6-P07']
  if (op.k === 'mapPhys' && op.phys !== 'window') return ['CE6-P01', 'CE6-P05']
  return null
}

function resolve(r: Run, a: Addr): number {
  const p = r.places
  const base: Record<Addr['place'], number> = {
    own: r.own,
    param: r.pIn,
    paramOut: r.pOut,
    kept: r.kept[r.kept.length - 1] ?? 0,
    shared: p.shared,
    kernelSecret: p.kernelSecret,
    victim: p.victimSecret,
    window: 0,
    sharedBase: 0x70000000,
    kernelBase: 0x80000000,
    guard: 0x7ff00000,
    top: 0xfffff000,
    userLow: 0x10000,
    null: 0,
  }
  return (base[a.place] + a.delta) >>> 0
}

const page = (a: number): number => (a & ~0xfff) >>> 0

function refusedUnless(r: Run, ok: unknown, what: string): boolean {
  if (!ok) r.loot.refused.push(`${what}: error ${r.ctx.GetLastError()}`)
  return Boolean(ok)
}

async function perform(r: Run, op: Op): Promise<void> {
  const { ctx, loot } = r
  switch (op.k) {
    case 'read':
      loot.seen.push(ctx.mem.read(r.ctx.unsafePtr(resolve(r, op.a)), op.len))
      return
    case 'write':
      ctx.mem.write(r.ctx.unsafePtr(resolve(r, op.a)), new Uint8Array(op.len).fill(0xee))
      return
    case 'keep':
      r.kept.push(resolve(r, op.a))
      return
    case 'commit': {
      const a = resolve(r, op.a)
      if (refusedUnless(r, ctx.VirtualAlloc(page(a), op.size, MEM_COMMIT, PAGE_READWRITE), 'VirtualAlloc(MEM_COMMIT)')) {
        loot.seen.push(ctx.mem.read(r.ctx.unsafePtr(a), 16))
        ctx.mem.write(r.ctx.unsafePtr(a), new Uint8Array(4).fill(0xee))
      }
      return
    }
    case 'decommit':
      refusedUnless(r, ctx.VirtualFree(resolve(r, op.a), op.size, MEM_DECOMMIT), 'VirtualFree(MEM_DECOMMIT)')
      return
    case 'release':
      refusedUnless(r, ctx.VirtualFree(resolve(r, op.a), 0, MEM_RELEASE), 'VirtualFree(MEM_RELEASE)')
      return
    case 'protect':
      refusedUnless(r, ctx.VirtualProtect(resolve(r, op.a), op.size, op.prot), 'VirtualProtect')
      return
    case 'sharedAlloc': {
      const p = ctx.CeVirtualSharedAlloc(0, op.size, MEM_RESERVE | MEM_COMMIT)
      if (refusedUnless(r, p, 'CeVirtualSharedAlloc') && !ctx.kernelMode) loot.oddErrors.push(`CeVirtualSharedAlloc granted ${op.size} bytes to user mode`)
      return
    }
    case 'mapPhys':
      return mapPhys(r, op)
    case 'rpm':
    case 'wpm': {
      const pid = { victim: r.places.victimPid, kernel: r.places.kernelPid, app: r.places.appPid }[op.pid]
      if (!r.own) return
      if (op.k === 'rpm') {
        if (refusedUnless(r, ctx.ReadProcessMemory(pid, resolve(r, op.a), r.ctx.unsafePtr(r.own), op.len), 'ReadProcessMemory')) loot.marshalled.push(ctx.mem.read(r.ctx.unsafePtr(r.own), 64))
      } else if (refusedUnless(r, ctx.WriteProcessMemory(pid, resolve(r, op.a), r.ctx.unsafePtr(r.own), op.len), 'WriteProcessMemory') && op.pid === 'app') loot.callerWrites++
      return
    }
    case 'openCaller': {
      const a = resolve(r, op.a)
      const desc = op.write ? ARG_IO_PTR : ARG_I_PTR
      const o = ctx.CeOpenCallerBuffer(a, op.len, desc, false)
      if (!refusedUnless(r, o.ptr, 'CeOpenCallerBuffer')) return
      // Marshalled: any address of the caller is the caller's to pass (an embedded pointer), now as in CE6.
      loot.marshalled.push(ctx.mem.read(o.ptr, op.len))
      if (op.write) loot.callerWrites++
      ctx.CeCloseCallerBuffer(o.ptr, a, op.len, desc)
      return
    }
    case 'throw':
      throw Object.assign(new Error(`forged ${op.name}`), { name: op.name })
    case 'reach':
      return reachMachine(r)
    case 'registry':
      return activateOwnKey(r, op.what)
    case 'exhaust':
      return exhaust(r, op.mib)
  }
}

async function mapPhys(r: Run, op: Extract<Op, { k: 'mapPhys' }>): Promise<void> {
  const { ctx, loot } = r
  const phys = { secret: r.places.secretPhys, window: REGS_BASE, afterWindow: REGS_BASE + REGS_WINDOW }[op.phys]
  if (op.via === 'MmMapIoSpace') {
    const va = ctx.MmMapIoSpace(phys, op.size, false)
    if (refusedUnless(r, va, 'MmMapIoSpace')) loot.seen.push(ctx.mem.read(va, Math.min(op.size, 16)))
  } else if (op.via === 'VirtualCopy') {
    const dest = ctx.VirtualAlloc(0, 0x1000, MEM_RESERVE, PAGE_READWRITE)
    if (!refusedUnless(r, dest, 'VirtualAlloc(MEM_RESERVE)')) return
    if (refusedUnless(r, ctx.VirtualCopy(dest, page(phys) >>> 8, 0x1000, PAGE_READWRITE | PAGE_PHYSICAL), 'VirtualCopy')) {
      loot.seen.push(ctx.mem.read(r.ctx.unsafePtr(dest + (phys & 0xfff)), 16))
    }
  } else {
    const k = ctx.CreateStaticMapping(phys >>> 8, op.size)
    if (refusedUnless(r, k, 'CreateStaticMapping')) loot.seen.push(ctx.mem.read(r.ctx.unsafePtr(k), 16))
  }
}

/** Go through the JavaScript objects `ctx` exposes for the machine's memory system, and read the kernel's secret. */
function reachMachine(r: Run): void {
  const seen = new Set<object>()
  const queue: [unknown, number][] = [[r.ctx, 0]]
  while (queue.length) {
    const [o, depth] = queue.shift()!
    if (typeof o !== 'object' || o === null || seen.has(o) || depth > 3) continue
    seen.add(o)
    const rec = o as Record<string, unknown>
    if (typeof rec.copy === 'function' && 'kernel' in rec && 'shared' in rec) {
      const buf = new Uint8Array(16)
      ;(rec.copy as (a: number, b: Uint8Array, w: boolean, k: boolean, vm: null) => void)(r.places.kernelSecret, buf, false, true, null)
      r.loot.seen.push(buf)
      return
    }
    for (const k of Object.getOwnPropertyNames(o)) {
      let v: unknown
      try {
        v = rec[k]
      } catch {
        continue
      }
      queue.push([v, depth + 1])
    }
  }
  r.loot.refused.push('reach: nothing of the machine is reachable from ctx')
}

let evilKeys = 0

/** Write a device key of its own outside the protected keys and activate it. */
async function activateOwnKey(r: Run, what: 'kernelLoad' | 'windowGrant'): Promise<void> {
  const { ctx } = r
  const path = `Software\\Acme\\Spy${evilKeys++}`
  const k = ctx.RegCreateKeyEx(HKEY_LOCAL_MACHINE, path)
  if (!refusedUnless(r, k.error === 0, 'RegCreateKeyEx')) return
  ctx.RegSetValueEx(k.hKey, 'Dll', { type: 1, data: 'spy.dll' })
  ctx.RegSetValueEx(k.hKey, 'Prefix', { type: 1, data: 'EVL' })
  ctx.RegSetValueEx(k.hKey, 'Index', { type: 4, data: evilKeys })
  if (what === 'windowGrant') {
    ctx.RegSetValueEx(k.hKey, 'Flags', { type: 4, data: 0x10 })
    ctx.RegSetValueEx(k.hKey, 'MemBase', { type: 4, data: page(r.places.secretPhys) })
    ctx.RegSetValueEx(k.hKey, 'MemLen', { type: 4, data: 0x1000 })
  }
  ctx.RegCloseKey(k.hKey)
  refusedUnless(r, await ctx.ActivateDeviceEx(path), 'ActivateDeviceEx')
}

/** The second load's Init: map the secret's physical page (a window its own key may have granted) and read it. */
function goForSecretPage(ctx: DriverContext, places: Places, loot: Loot): boolean {
  const va = ctx.MmMapIoSpace(page(places.secretPhys), 0x1000, false)
  if (va) loot.seen.push(ctx.mem.read(va, 0x1000))
  else loot.refused.push(`evil MmMapIoSpace: error ${ctx.GetLastError()}`)
  return true
}

/** Commit `mib` MiB and touch every page. */
function exhaust(r: Run, mib: number): void {
  const { ctx } = r
  const p = ctx.VirtualAlloc(0, mib << 20, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)
  if (!refusedUnless(r, p, `VirtualAlloc(${mib} MiB)`)) return
  for (let off = 0; off < mib << 20; off += 0x1000) ctx.mem.writeU8(r.ctx.unsafePtr(p + off), 1)
}
