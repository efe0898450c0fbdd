// Buffers a module still holds when it is unloaded: reported, then released (aliases unmapped, copies freed), so
// the module's heap and virtual-memory leak reports that follow do not count them a second time.
import type { Leak, ModuleInstance } from '../devmgr/module.js'
import { releaseAlias } from '../memory/alias.js'
import { hex } from '../memory/layout.js'
import { Ev } from '../trace/events.js'
import { dropLedger, marshalLedger, type MarshalApiName } from './ledger.js'

export type MarshalLeakKind = 'caller-buffer' | 'async-buffer' | 'duplicate-buffer'

export interface MarshalLeak extends Omit<Leak, 'kind'> {
  kind: MarshalLeakKind
  /** The ledger id of the buffer (Ev.Marshal `a`). */
  id: number
}

const KIND: Record<MarshalApiName, MarshalLeakKind> = {
  CeOpenCallerBuffer: 'caller-buffer',
  CeAllocAsynchronousBuffer: 'async-buffer',
  CeAllocDuplicateBuffer: 'duplicate-buffer',
}

const NEVER: Record<MarshalApiName, string> = {
  CeOpenCallerBuffer: 'never closed',
  CeAllocAsynchronousBuffer: 'never freed',
  CeAllocDuplicateBuffer: 'never freed',
}

/**
 * Report and release what the module's marshalling helpers still hold. Call it from ModuleInstance.unload()
 * *before* the heap and virtual-memory scans.
 */
export function marshalLeaks(mod: ModuleInstance): MarshalLeak[] {
  const ledger = marshalLedger(mod)
  const leaks: MarshalLeak[] = []
  // Async buffers first: a CeOpenCallerBuffer duplicate may be the source of one.
  const live = ledger.live().sort((a, b) => Number(b.api === 'CeAllocAsynchronousBuffer') - Number(a.api === 'CeAllocAsynchronousBuffer'))
  for (const b of live) {
    const detail = `${b.api} ${b.kind} buffer of ${b.size} bytes at ${hex(b.dest)} (source ${hex(b.src)} in ${b.source.name}) ${NEVER[b.api]}`
    leaks.push({ driver: mod.dll, kind: KIND[b.api], id: b.id, detail, site: b.site, ...(mod.reportedAtClose.has(b) ? { atClose: true as const } : {}) })
    if (b.kind === 'alias') releaseAlias(mod.m.memory.kernel, b.dest)
    if (b.block !== 0) mod.heap.freeBlock(b.block)
    ledger.retire(b, 'leaked')
  }
  dropLedger(mod)
  for (const l of leaks) mod.m.trace.emit(Ev.Note, 0, 0, 0, 0, { leak: l })
  return leaks
}
