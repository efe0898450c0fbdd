// The analyzer's rules. Where a rule is the rule table's (its `detection` includes 'static'), the id, name, title
// and fix come from the table; the analyzer adds a tier and says what it looks for in the source. Static-only
// rules (CEDK-S…) are source patterns with no run-time counterpart.
import { findRule } from '../rules/table.js'
import type { Tier } from './types.js'

export interface StaticRuleMeta {
  id: string
  name: string
  title: string
  tier: Tier
  /** What the analyzer looks for in the source. */
  looksFor: string
  fix: string
  /** True when the id is in the rule table (docs/rules.md). */
  shared: boolean
}

type Local = Omit<StaticRuleMeta, 'name' | 'title' | 'fix' | 'shared'> & Partial<Pick<StaticRuleMeta, 'fix'>>

const SHARED: readonly Local[] = [
  { id: 'CE6-M01', tier: 'must-fix', looksFor: 'A value read from caller memory (a pointer field) reaching a ctx.mem access without CeOpenCallerBuffer, through locals, records, arrays, offset(), unsafePtr/MapCallerPtr, helpers in any scanned module, callbacks and driver state.' },
  { id: 'CE6-M03', tier: 'must-fix', looksFor: "A ctx.mem write, fill or copy whose destination is IOControl's pBufIn, Write's buffer or a buffer opened with an ARG_I_* descriptor, wherever the pointer travelled." },
  { id: 'CE6-M04', tier: 'must-fix', looksFor: 'A CeOpenCallerBuffer or CeAllocDuplicateBuffer result still open on some path out of the function (returns, throws, the end), following the control flow and the HRESULT checks.' },
  { id: 'CE6-M06', tier: 'must-fix', looksFor: 'A ctx.mem access through the pointer of a caller, duplicate or asynchronous buffer on a path of the function after CeCloseCallerBuffer, CeFreeDuplicateBuffer or CeFreeAsynchronousBuffer released it.' },
  { id: 'CE6-M07', tier: 'must-fix', looksFor: 'Calls to MapCallerPtr or MapPtrToProcess.' },
  { id: 'CE6-A01', tier: 'must-fix', looksFor: 'A pointer parameter read back out of driver state (a variable, record, queue or map) and dereferenced, or dereferenced on a thread (an inline routine, a routine handed the pointer, a helper it calls).' },
  { id: 'CE6-A02', tier: 'must-fix', looksFor: 'A CeAllocAsynchronousBuffer result dropped, not freed on every path of a function that keeps it local, or kept with no CeFreeAsynchronousBuffer of it anywhere in the file.' },
  { id: 'CE6-A03', tier: 'must-fix', looksFor: 'CeFreeAsynchronousBuffer or CeFlushAsynchronousBuffer on a path where CeCloseCallerBuffer (or a helper closing the record field it is given) already closed the buffer it was made from.' },
  { id: 'CE6-A05', tier: 'must-fix', looksFor: 'Calls to SetKMode, SetProcPermissions or GetCurrentPermissions.' },
  { id: 'CE6-A06', tier: 'blocks-user-mode', looksFor: 'An asynchronous buffer made from a pointer parameter and kept past the call (in driver state or a thread).' },
  { id: 'CE6-C01', tier: 'blocks-user-mode', looksFor: 'Calls to CeDriverPerformCallback or PerformCallBack.' },
  { id: 'CE6-P01', tier: 'blocks-user-mode', looksFor: 'MmMapIoSpace, VirtualCopy with PAGE_PHYSICAL and CreateStaticMapping of a constant physical range (literals, same-file consts) outside every IoBase/MemBase window of the registry key, or of a constant address when the key declares no window or no key is given.' },
  { id: 'CE6-P02', tier: 'blocks-user-mode', looksFor: 'Interrupt APIs on a SysIntr that is a literal or constant expression (imported ones too) other than the registry value, or with no SysIntr in the registry.' },
  { id: 'CE6-P03', tier: 'blocks-user-mode', looksFor: 'LoadIntChainHandler with an ISR DLL or handler other than giisr.dll / ISRHandler, or a GIISR_INFO whose checked port is a constant (physical) address.' },
  { id: 'CE6-P04', tier: 'blocks-user-mode', looksFor: 'KernelIoControl or KernelLibIoControl with an IOCTL outside the oalioctl allow-list.' },
  { id: 'CE6-P05', tier: 'blocks-user-mode', looksFor: 'VirtualCopyEx, VirtualAllocCopyEx, LockPages[Ex], UnlockPages, and VirtualCopy without PAGE_PHYSICAL.' },
  { id: 'CE6-P06', tier: 'blocks-user-mode', looksFor: 'Registry writes through a key opened on HKLM\\Drivers or HKLM\\Services (literal or same-file constant paths; imported constants with the type checker), or through OpenDeviceKey.' },
  { id: 'CE6-U01', tier: 'must-fix', looksFor: 'UI APIs (MessageBox, MessageBeep, CreateWindowEx, DestroyWindow, dialogs, shell calls) in a driver that may load in the kernel or a module it imports; not in a CeCallUserProc helper DLL or other code with no stream entry points.' },
  { id: 'CE6-U02', tier: 'recommended', looksFor: 'UI APIs in a driver the registry loads in user mode.' },
  { id: 'CE6-R03', tier: 'must-fix', looksFor: 'A handle created and dropped (never bound), or bound to a name no function that closes handles mentions.' },
  { id: 'CE6-R04', tier: 'must-fix', looksFor: 'Memory allocated or mapped and dropped, or bound to a name no function that frees memory mentions.' },
]

const STATIC_ONLY: readonly StaticRuleMeta[] = [
  {
    id: 'CEDK-S01',
    name: 'shared-module-state',
    title: 'Mutable state shared between device instances',
    tier: 'recommended',
    looksFor: "A `let`/`var` declared at module level or in the driver's load function and assigned (=) inside an entry point or helper.",
    fix: 'Keep per-device state in an object created by Init and returned as its device context (a Map keyed by the context), and per-open state in the Open context; module-level state outside load() is even shared between the kernel and every udevice.',
    shared: false,
  },
  {
    id: 'CEDK-S02',
    name: 'unsafe-pointer-cast',
    title: 'Explicit unsafe pointer cast',
    tier: 'recommended',
    looksFor: 'Calls to ctx.unsafePtr.',
    fix: 'Reach caller memory through the pointer CeOpenCallerBuffer returns; unsafePtr exists only for code that has not been ported.',
    shared: false,
  },
]

function shared(l: Local): StaticRuleMeta {
  const r = findRule(l.id)
  if (!r || !r.detection.includes('static')) throw new Error(`${l.id}: not a static rule of the rule table`)
  return { ...l, name: r.name, title: r.title, fix: l.fix ?? r.fix, shared: true }
}

/** Every static rule, table ids first in table order, then the static-only ones. */
export const STATIC_RULES: readonly StaticRuleMeta[] = [...SHARED.map(shared), ...STATIC_ONLY]

const byId = new Map(STATIC_RULES.map((r) => [r.id, r]))

export function staticRule(id: string): StaticRuleMeta {
  const r = byId.get(id)
  if (!r) throw new Error(`unknown static rule ${id}`)
  return r
}
