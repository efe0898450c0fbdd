// The red team's verdict on one program: run it on a fresh machine and list every way isolation broke. An empty list
// is the property: no secret byte reached the spy, no byte of the kernel, the keeper's shared block, another process
// or the caller changed, the kernel never bugchecked, the machine stays usable (the keeper still serves calls and the
// app's calls settle with CE results), and every refused attempt is reported by the verifier under a rule.
import { Ev, type MachineOptions } from '@cedk/kernel'
import type { Program } from './attacks.js'
import { APP_SECRET, IOCTL_LATER, IOCTL_RUN, SECRET, SHARED_PATTERN, buildWorld, type World } from './world.js'

export interface Verdict {
  breaches: string[]
  /** Rules the verifier reported (for the corpus's "flagged" checks). */
  rules: string[]
}

export async function judge(program: Program, opts: MachineOptions = {}): Promise<Verdict> {
  const w = await buildWorld(program, opts)
  const breaches: string[] = []
  const call = async (what: string, fn: () => Promise<unknown>): Promise<unknown> => {
    try {
      return await fn()
    } catch (e) {
      breaches.push(`${what} rejected instead of failing with a CE error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`)
      return undefined
    }
  }
  await call('the app\'s IOCTL to the spy', () => w.app.DeviceIoControl(w.spy, IOCTL_RUN, w.pIn, 64, w.pOut, 64))
  // The caller's buffers may change only through writes CE6 entitles the spy to (loot.callerWrites).
  const callerIntact = (): boolean => !w.m.bugcheck && w.loot.callerWrites === 0
  if (callerIntact() && w.app.read(w.pIn, 64).some((b) => b !== 0x11)) breaches.push("the caller's input buffer changed (R2 maps it read-only)")
  // The caller reuses its buffers for something private once the call is over.
  w.app.write(w.pIn, APP_SECRET)
  w.app.write(w.pOut, APP_SECRET)
  await keeperServes(w, breaches, call)
  await call('the app\'s later IOCTL to the spy', () => w.app.DeviceIoControl(w.spy, IOCTL_LATER, 0, 0, 0, 0))
  await call('running the machine', () => w.m.advance(10))
  await keeperServes(w, breaches, call)
  if (callerIntact()) {
    if (w.app.read(w.pIn, 16).some((b, i) => b !== APP_SECRET[i])) breaches.push("the caller's input buffer changed after the call")
    if (w.app.read(w.pOut, 16).some((b, i) => b !== APP_SECRET[i])) breaches.push("the caller's output buffer changed after the call")
  }
  checkIntact(w, breaches)
  for (const b of w.loot.seen) {
    for (const [name, s] of [['kernel secret', SECRET], ["app's later data", APP_SECRET]] as const) if (contains(b, s)) breaches.push(`the spy obtained the ${name}`)
  }
  // Through the marshalling calls the caller's memory is the spy's to ask for (CE6 cannot tell an embedded pointer);
  // the kernel's and the victim's never are.
  for (const b of w.loot.marshalled) if (contains(b, SECRET)) breaches.push('the spy obtained a secret through a marshalling call')
  if (w.loot.kernelModeRuns > 0) breaches.push(`spy.dll code ran in kernel mode ${w.loot.kernelModeRuns} time(s)`)
  for (const e of w.loot.oddErrors) breaches.push(`odd: ${e}`)
  const threadDied = w.m.trace.events().some((e) => e.kind === Ev.DriverException && (e.detail as { udeviceCrash?: boolean } | undefined)?.udeviceCrash)
  const threadThrew = program.actions.some((a) => a.when === 'thread' && a.op.k === 'throw')
  const violations = await w.finishVerifier()
  if (w.m.bugcheck) breaches.push(`the kernel bugchecked: ${w.m.bugcheck.message.split('\n')[0]}`)
  if (threadThrew && !threadDied && !w.m.bugcheck) breaches.push('a spy thread died by an exception and no crash was recorded')
  const reported = new Set(violations.map((v) => v.rule as string))
  for (const f of w.loot.mustFlag) if (!f.rules.some((r) => reported.has(r))) breaches.push(`a refused attempt the verifier did not report under ${f.rules.join(' or ')}: ${f.what}`)
  return { breaches: [...new Set(breaches)], rules: [...new Set(violations.map((v) => v.rule))].sort() }
}

async function keeperServes(w: World, breaches: string[], call: (what: string, fn: () => Promise<unknown>) => Promise<unknown>): Promise<void> {
  if (w.m.bugcheck) return
  const r = (await call("the app's IOCTL to the keeper", () => w.app.DeviceIoControl(w.keeper, 1, 0, 0, 0, 0)))
  if (r !== undefined && !(r as { ok: boolean }).ok) breaches.push(`the kernel driver no longer serves calls (error ${(r as { error: number }).error})`)
}

function checkIntact(w: World, breaches: string[]): void {
  const read = (addr: number): Uint8Array | string => {
    const b = new Uint8Array(16)
    try {
      w.m.memory.copy(addr, b, false, true, null)
      return b
    } catch (e) {
      return e instanceof Error ? e.message : String(e)
    }
  }
  const k = read(w.places.kernelSecret)
  if (typeof k === 'string' || k.some((b, i) => b !== SECRET[i])) breaches.push('the kernel secret changed')
  if (!w.m.bugcheck && !w.victim.process.exited && w.victim.read(w.places.victimSecret, 16).some((b, i) => b !== SECRET[i])) breaches.push("another process's memory changed")
  const s = read(w.places.shared)
  if (typeof s === 'string' || s.some((b, i) => b !== SHARED_PATTERN[i])) breaches.push(`the keeper's shared block changed or went: ${typeof s === 'string' ? s : 'bytes differ'}`)
}

export function contains(hay: Uint8Array, needle: Uint8Array, minRun = 4): boolean {
  for (let s = 0; s + minRun <= needle.length; s++) {
    outer: for (let i = 0; i + minRun <= hay.length; i++) {
      for (let k = 0; k < minRun; k++) if (hay[i + k] !== needle[s + k]) continue outer
      return true
    }
  }
  return false
}
