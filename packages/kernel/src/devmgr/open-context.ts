// The leak check at Close (docs/conformance.md, "Leaks at Close and at caller exit"). The kernel tags what a driver
// makes — heap blocks, handles, reservations, marshalled buffers — with the open context whose call it was serving
// (ExecFrame.openContext). When that context's Close returns, whatever still carries its tag is traced as one note
// `{ openContextHeld }`. Nothing is freed here: the driver may still free it later; the module's unload then marks
// what it finds that was already reported (`Leak.atClose`), so it is not counted twice.
// Memory and handles count at Close only when the handle's Open made them: what an IOControl, Read or Write made may
// be the device's (a message a POST queues for another reader, an event made on first use), and CE6 gives no way to
// tell; if it is still held when the module unloads, the check at Deinit reports it with its allocation site.
// Caller, duplicate and asynchronous buffers belong to the call that opened them and always count at Close.
import type { Machine } from '../machine.js'
import { hex } from '../memory/layout.js'
import { marshalLedger, type MarshalApiName } from '../marshal/ledger.js'
import type { MarshalLeakKind } from '../marshal/leaks.js'
import { Ev } from '../trace/events.js'
import type { Device } from './device.js'
import type { DeviceFile } from './file.js'
import { regionText, type Leak, type ModuleInstance } from './module.js'

/** One resource still held when an open context's Close returned. */
export interface HeldResource extends Leak {
  /** The marshalled buffer's ledger id (Ev.Marshal `a`), for the marshalled kinds. */
  buffer?: number
}

/** The detail of the note traced when a Close returns with resources of its open context still held. */
export interface OpenContextHeld {
  /** The open context (DeviceFile id; not the driver's hOpenContext value). */
  openContext: number
  driver: string
  /** The Close that returned, e.g. "serial.dll!COM_Close". */
  close: string
  /** The process that opened the handle. */
  owner: number
  held: HeldResource[]
}

const MARSHAL_KIND: Record<MarshalApiName, MarshalLeakKind> = {
  CeOpenCallerBuffer: 'caller-buffer',
  CeAllocAsynchronousBuffer: 'async-buffer',
  CeAllocDuplicateBuffer: 'duplicate-buffer',
}

/**
 * The tag an Open's frame gets: the new file's id, or 0 when the device has no other open context (opened or being
 * opened). What the first Open allocates may be the device's shared state, made lazily: it is checked at Deinit.
 */
export function openTag(dev: Device, id: number): number {
  return dev.openContexts === 0 ? 0 : id
}

/** After `file`'s Close returned: trace what the driver still holds for it, if anything. */
export function checkOpenContext(m: Machine, file: DeviceFile): void {
  const mod = file.device.module
  if (mod === null) return
  const held = heldFor(mod, file.id, file.device.labels.Open)
  if (held.length === 0) return
  const detail: OpenContextHeld = { openContext: file.id, driver: mod.dll, close: file.device.labels.Close ?? `${mod.dll}!Close`, owner: file.owner.id, held }
  m.trace.emit(Ev.Note, file.id, held.length, file.owner.id, 0, { openContextHeld: detail })
}

/** What `mod` holds that is tagged with open context `oc`; each record is remembered as reported. */
function heldFor(mod: ModuleInstance, oc: number, openLabel: string | undefined): HeldResource[] {
  const out: HeldResource[] = []
  const add = (rec: object, r: HeldResource): void => {
    mod.reportedAtClose.add(rec)
    out.push(r)
  }
  const driver = mod.dll
  for (const b of marshalLedger(mod).live()) {
    if (b.openContext !== oc) continue
    const detail = `${b.api} ${b.kind} buffer of ${b.size} bytes at ${hex(b.dest)} (source ${hex(b.src)} in ${b.source.name}) still open`
    add(b, { driver, kind: MARSHAL_KIND[b.api], detail, site: b.site, buffer: b.id })
  }
  const mine = (r: { openContext: number; site: string }): boolean => r.openContext === oc && r.site === openLabel
  for (const b of mod.heap.live.values()) if (mine(b)) add(b, { driver, kind: 'heap', detail: `${b.size} bytes at ${hex(b.addr)}`, site: b.site })
  for (const [, r] of mod.ownRegions()) {
    if (mine(r)) add(r, { driver, kind: 'virtual-memory', detail: regionText(r), site: r.site })
  }
  for (const [h, e] of mod.process.handles.entries()) {
    if (e.owner === mod.tag && mine(e)) add(e, { driver, kind: 'handle', detail: `${e.obj.kindName} handle ${hex(h)}`, site: e.site })
  }
  return out
}
