// CeOpenCallerBuffer / CeCloseCallerBuffer (fact sheet §5.1, §5.2; behaviours 9-13). Kernel mode hands back the
// caller's pointer itself unless a duplicate is forced; user mode always duplicates, reading the caller with
// ReadProcessMemory (CE6: GetCallerVMProcessId, i.e. PRETLS_DRIVER_DIRECT_CALLER, the caller the reflector serves).
import { ARG_I_WSTR } from '../devmgr/args.js'
import { E_ACCESSDENIED, E_INVALIDARG, S_OK } from '../errors/win32.js'
import { IsValidUsrPtr, hex } from '../memory/layout.js'
import type { Process } from '../process/process.js'
import { bufferSize, descriptorType, hasOut, hrFail, isString } from './descriptors.js'
import { directCaller, freeBlock, heapCopy, loadedVm, openBuffer, pidAt, type MarshalEnv } from './env.js'
import type { MarshalBuffer } from './ledger.js'
import { measureString, readOwn, readSource, writeSource } from './source-io.js'

/** The process the caller's pointers belong to: the loaded VM in kernel mode, the direct caller in user mode. */
export function callerSource(env: MarshalEnv): Process {
  return env.userMode ? directCaller(env) : loadedVm(env)
}

/** Size per descriptor; a string of size 0 is measured in the source (E_ACCESSDENIED if unreadable). */
export function sourceSize(env: MarshalEnv, source: Process, src: number, cb: number, type: number): number {
  // Only a string of size 0 is measured: the closures that read it are made on that path alone.
  if (cb >>> 0 === 0 && isString(type)) return measuredSize(env, source, src, type)
  return bufferSize(type, cb, NOT_MEASURED)!
}

const NOT_MEASURED = (): null => null

function measuredSize(env: MarshalEnv, source: Process, src: number, type: number): number {
  const read = (a: number, n: number): Uint8Array | null => readSource(env.m, env.userMode, source, a, n)
  const size = measureString(read, src, type === ARG_I_WSTR)
  if (size === null) hrFail(E_ACCESSDENIED, `the string at ${hex(src)} cannot be read`)
  return size
}

/** Open: returns the buffer (its `dest` is *ppDestMarshalled). Throws HrError. */
export function openCallerBuffer(env: MarshalEnv, src: number, cb: number, desc: number, forceDuplicate: boolean): MarshalBuffer {
  if (src >>> 0 === 0) hrFail(E_INVALIDARG, 'pSrcUnmarshalled is NULL')
  const type = descriptorType(desc)
  const source = callerSource(env)
  const size = sourceSize(env, source, src, cb, type)
  // "It's legal to pass a kernel address from one part of the kernel to another": no check for kernel→kernel.
  if (directCaller(env) !== env.t.frame.process && !IsValidUsrPtr(src, size, hasOut(desc))) {
    hrFail(E_ACCESSDENIED, `${hex(src)}+${size} is not a valid ${hasOut(desc) ? 'writable ' : ''}user buffer of the caller`)
  }
  if (!env.userMode && !forceDuplicate) {
    return openBuffer(env, { api: 'CeOpenCallerBuffer', kind: 'direct', src, dest: src, size, desc, source, destPid: pidAt(env, src, source), parent: 0, block: 0 })
  }
  // Copy-in for O descriptors too: "we shouldn't overwrite existing memory if the server call returns without writing".
  const data = readSource(env.m, env.userMode, source, src, size) ?? hrFail(E_ACCESSDENIED, `cannot read ${hex(src)}+${size} of ${source}`)
  const dest = heapCopy(env, data, 'CeOpenCallerBuffer')
  return openBuffer(env, {
    api: 'CeOpenCallerBuffer',
    kind: 'duplicate',
    src,
    dest,
    size,
    desc,
    source,
    destPid: pidAt(env, dest, env.mod.process),
    parent: 0,
    block: dest,
  })
}

/**
 * Close: write back for O/IO descriptors, free the copy even when the write-back fails (E_ACCESSDENIED then).
 * dest == src is S_OK (a direct buffer, or one this module never opened). Returns the buffer closed, if any.
 */
export function closeCallerBuffer(env: MarshalEnv, dest: number, src: number, cb: number, desc: number): { hr: number; buffer?: MarshalBuffer } {
  if (dest >>> 0 === 0 || src >>> 0 === 0) hrFail(E_INVALIDARG, 'NULL pointer')
  descriptorType(desc)
  if (hasOut(desc) && cb >>> 0 === 0) hrFail(E_INVALIDARG, 'an output buffer of size 0')
  const b = env.ledger.find('CeOpenCallerBuffer', dest >>> 0, src >>> 0)
  if (!b) {
    if (dest >>> 0 === src >>> 0) return { hr: S_OK }
    hrFail(E_INVALIDARG, `${hex(dest)} is not a buffer CeOpenCallerBuffer returned for ${hex(src)}`)
  }
  if (cb >>> 0 !== 0 && cb >>> 0 !== b.size) hrFail(E_INVALIDARG, `size ${cb >>> 0} differs from the ${b.size} bytes opened`)
  if (b.kind === 'direct') {
    env.ledger.retire(b, 'closed')
    return { hr: S_OK, buffer: b }
  }
  const ok = !hasOut(desc) || writeSource(env.m, env.userMode, b.source, b.src, readOwn(env.mod, b.dest, b.size))
  freeBlock(env, b)
  env.ledger.retire(b, 'closed')
  return { hr: ok ? S_OK : E_ACCESSDENIED, buffer: b }
}
