// The user-mode readiness verdict: can this driver run in udevice, and what stops it.
import type { DriverRegistry, LoadMode } from './registry-mode.js'
import type { FileModel } from './source/file-model.js'
import type { Finding } from './types.js'

export type Verdict = 'ready' | 'needs-porting' | 'blocked'

export interface Readiness {
  driver: string
  file: string
  registryKey?: string
  mode: LoadMode
  verdict: Verdict
  /** One sentence for people. */
  summary: string
  /** Findings that stop udevice: blocks-user-mode ones, and must-fix ones (they break CE6 in any mode). */
  blockers: (Pick<Finding, 'rule' | 'tier' | 'line' | 'column' | 'message'> & { file?: string })[]
  /** What the registry lacks for the reflector to serve the driver's privileged calls. */
  notes: string[]
}

const MAPS_PHYSICAL = ['MmMapIoSpace', 'VirtualCopy', 'CreateStaticMapping']
const INTERRUPTS = ['InterruptInitialize']

/** `findings`: those of the driver's file and of every scanned module it reaches. */
export function readinessOf(file: FileModel, findings: readonly Finding[]): Readiness[] {
  const blockers = findings.filter((f) => f.tier !== 'recommended').map(({ rule, tier, file: where, line, column, message }) => ({ rule, tier, line, column, message, ...(where !== file.rel ? { file: where } : {}) }))
  return file.drivers.map((d) => {
    const verdict: Verdict = blockers.some((b) => b.tier === 'blocks-user-mode') ? 'blocked' : blockers.length > 0 ? 'needs-porting' : 'ready'
    const { blocking, info } = registryNotes(file, file.registry)
    const notes = [...blocking, ...info]
    return {
      driver: d.dll ?? file.rel,
      file: file.rel,
      ...(file.registry ? { registryKey: file.registry.key } : {}),
      mode: file.mode,
      verdict: blocking.length > 0 && verdict === 'ready' ? 'needs-porting' : verdict,
      summary: summary(verdict, blockers.length, file.mode, blocking.length),
      blockers,
      notes,
    }
  })
}

function registryNotes(file: FileModel, reg: DriverRegistry | undefined): { blocking: string[]; info: string[] } {
  const notes: string[] = []
  const info: string[] = []
  if (!reg) return { blocking: notes, info }
  if (MAPS_PHYSICAL.some((n) => file.byName.has(n)) && reg.windows.length === 0) notes.push(`${reg.key} declares no IoBase/IoLen or MemBase/MemLen window: the reflector will refuse every physical mapping (CE6-P01).`)
  if (INTERRUPTS.some((n) => file.byName.has(n)) && reg.sysIntr === undefined) notes.push(`${reg.key} declares no SysIntr: the reflector will refuse InterruptInitialize (CE6-P02).`)
  if (reg.mode === 'kernel') info.push(`${reg.key} loads the driver in the kernel: add "Flags"=dword:10 (DEVFLAGS_LOAD_AS_USERPROC) and a UserProcGroup to load it in udevice.`)
  return { blocking: notes, info }
}

function summary(verdict: Verdict, n: number, mode: LoadMode, notes: number): string {
  const where = mode === 'user' ? 'registered for user mode' : mode === 'kernel' ? 'registered for the kernel' : 'no registry key given'
  if (verdict === 'blocked') return `Cannot run in udevice (${where}): ${n} finding(s) to resolve, some need kernel mode or a reflector alternative.`
  if (verdict === 'needs-porting') return `Can run in udevice after porting (${where}): ${n} must-fix finding(s)${notes ? ' and registry changes' : ''}.`
  return notes ? `Code is ready for udevice; the registry needs changes (${where}).` : `Ready for udevice (${where}).`
}
