// CeAllocAsynchronousBuffer / CeFreeAsynchronousBuffer / CeFlushAsynchronousBuffer (fact sheet §5.3; behaviours
// 14, 15). Kernel mode: a source already in kernel memory is used as it is; a small buffer (≤ MARSHAL_CICO_SIZE)
// becomes a heap copy written back through the stored source process; a large one, or MARSHAL_FORCE_ALIAS, an alias
// of the caller's pages in kernel space (SPEC "Decisions"). User mode: the same pointer, and Free does nothing.
import { ApiError } from '../errors/api-error.js'
import { E_ACCESSDENIED, E_FAIL, E_INVALIDARG, ERROR_NOT_SUPPORTED, HRESULT_FROM_WIN32, S_OK } from '../errors/win32.js'
import { releaseAlias, aliasUserRange } from '../memory/alias.js'
import { IsKModeAddr, VM_SHARED_HEAP_BASE, hex } from '../memory/layout.js'
import { PAGE_READONLY, PAGE_READWRITE } from '../memory/protection.js'
import { MARSHAL_CICO_SIZE, bufferSize, descriptorType, forceAlias, hasOut, hrFail } from './descriptors.js'
import { freeBlock, heapCopy, loadedVm, openBuffer, pidAt, type MarshalEnv } from './env.js'
import type { MarshalBuffer } from './ledger.js'
import { readOwn, readSource, writeSource } from './source-io.js'

const API = 'CeAllocAsynchronousBuffer'

/** The machine option of SPEC "Decisions" ("always alias", the CE6 documentation's wording), when it exists. */
function alwaysAlias(env: MarshalEnv): boolean {
  return (env.m.options as { asyncAlwaysAlias?: unknown }).asyncAlwaysAlias === true
}

export function allocAsyncBuffer(env: MarshalEnv, src: number, cb: number, desc: number): MarshalBuffer {
  if (src >>> 0 === 0 || cb >>> 0 === 0) hrFail(E_INVALIDARG, 'NULL source or size 0')
  const type = descriptorType(desc)
  const size = bufferSize(type, cb, () => null)!
  // Decision: outside a call (a driver's own thread) there is no caller whose buffer could be re-marshalled.
  if (env.t.frame.caller === null) hrFail(E_ACCESSDENIED, 'not during an API call: call it before the entry point returns')
  const parent = env.ledger.find('CeOpenCallerBuffer', src >>> 0)
  const base = { api: API, src, size, desc, parent: parent?.id ?? 0 } as const
  if (env.userMode || IsKModeAddr(src)) {
    const vm = env.userMode ? env.mod.process : env.m.kernel
    return openBuffer(env, { ...base, kind: 'same', dest: src, source: parent?.source ?? vm, destPid: pidAt(env, src, vm), block: 0 })
  }
  const source = loadedVm(env)
  const inSharedHeap = src >>> 0 >= VM_SHARED_HEAP_BASE
  // WEC7 also duplicates an input-only buffer in the shared heap, which cannot be aliased from a user VM.
  const cico = (inSharedHeap && !hasOut(desc)) || (size <= MARSHAL_CICO_SIZE && !forceAlias(desc) && !alwaysAlias(env))
  if (cico) {
    const data = readSource(env.m, false, source, src, size) ?? hrFail(E_ACCESSDENIED, `cannot read ${hex(src)}+${size} of ${source}`)
    const dest = heapCopy(env, data, API)
    return openBuffer(env, { ...base, kind: 'cico', dest, source, destPid: env.m.kernel.id, block: dest })
  }
  if (inSharedHeap) hrFail(E_ACCESSDENIED, 'the shared heap cannot be aliased for writing')
  const dest = alias(env, src, size, hasOut(desc))
  return openBuffer(env, { ...base, kind: 'alias', dest, source, destPid: env.m.kernel.id, block: 0 })
}

/** VirtualAllocCopyEx(callerVM → kernel, RW for O/IO, RO for I) (MapAsyncPtr). */
function alias(env: MarshalEnv, src: number, size: number, write: boolean): number {
  const vm = loadedVm(env)
  try {
    const site = `${env.t.frame.label} (${API})`
    return aliasUserRange(env.m.memory, vm.space, src, size, env.m.memory.kernel, write ? PAGE_READWRITE : PAGE_READONLY, env.mod.tag, site)
  } catch (e) {
    if (e instanceof ApiError) hrFail(E_ACCESSDENIED, e.message)
    throw e
  }
}

/** The live async buffer `dest`, made from `src`, with the same size and MARSHAL_FORCE_ALIAS as at Alloc. */
function liveAsync(env: MarshalEnv, dest: number, src: number, cb: number, desc: number): MarshalBuffer {
  const b = env.ledger.find(API, dest >>> 0, src >>> 0) ?? hrFail(E_INVALIDARG, `${hex(dest)} is not a live async buffer of ${hex(src)}`)
  if (cb >>> 0 !== b.size) hrFail(E_INVALIDARG, `size ${cb >>> 0} differs from the ${b.size} bytes allocated`)
  if (forceAlias(desc) !== forceAlias(b.desc)) hrFail(E_INVALIDARG, 'MARSHAL_FORCE_ALIAS must be given to Free/Flush exactly when it was given to Alloc')
  return b
}

export function freeAsyncBuffer(env: MarshalEnv, dest: number, src: number, cb: number, desc: number): { hr: number; buffer?: MarshalBuffer } {
  if (env.userMode) {
    // A no-op in user mode; the ledger still notes that the driver let go of it.
    const b = env.ledger.find(API, dest >>> 0, src >>> 0)
    if (b) env.ledger.retire(b, 'freed')
    return b ? { hr: S_OK, buffer: b } : { hr: S_OK }
  }
  if (dest >>> 0 === 0 || src >>> 0 === 0 || cb >>> 0 === 0) hrFail(E_INVALIDARG, 'NULL pointer or size 0')
  const b = liveAsync(env, dest, src, cb, desc)
  let ok = true
  if (b.kind === 'alias') releaseAlias(env.m.memory.kernel, b.dest)
  if (b.kind === 'cico') {
    ok = !hasOut(desc) || writeBack(env, b)
    freeBlock(env, b)
  }
  env.ledger.retire(b, 'freed')
  return { hr: ok ? S_OK : E_FAIL, buffer: b }
}

/** "Writes back data from asynchronous buffer into source buffer. Does NOT read from source buffer." */
export function flushAsyncBuffer(env: MarshalEnv, dest: number, src: number, srcUnmarshalled: number, cb: number, desc: number): { hr: number; buffer?: MarshalBuffer } {
  if (dest >>> 0 === 0 || cb >>> 0 === 0) hrFail(E_INVALIDARG, 'NULL pointer or size 0')
  descriptorType(desc)
  if (!hasOut(desc)) return { hr: HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED) }
  const b = liveAsync(env, dest, src, cb, desc)
  let ok = true
  if (b.kind === 'cico') ok = writeBack(env, b)
  else if (b.kind === 'same' && b.parent !== 0) ok = flushParent(env, b, srcUnmarshalled)
  if (ok) b.flushes++
  return { hr: ok ? S_OK : E_FAIL, buffer: b }
}

function writeBack(env: MarshalEnv, b: MarshalBuffer): boolean {
  return writeSource(env.m, env.userMode, b.source, b.src, readOwn(env.mod, b.dest, b.size))
}

/** The async buffer is a CeOpenCallerBuffer duplicate: write the duplicate back to the caller's original buffer. */
function flushParent(env: MarshalEnv, b: MarshalBuffer, srcUnmarshalled: number): boolean {
  const dup = env.ledger.live().find((x) => x.id === b.parent)
  if (!dup || dup.kind !== 'duplicate') return true
  if (srcUnmarshalled >>> 0 !== 0 && srcUnmarshalled >>> 0 !== dup.src) hrFail(E_INVALIDARG, `pSrcUnmarshalled ${hex(srcUnmarshalled)} is not the buffer opened (${hex(dup.src)})`)
  return writeSource(env.m, env.userMode, dup.source, dup.src, readOwn(env.mod, dup.dest, dup.size))
}
