// CeAllocDuplicateBuffer / CeFreeDuplicateBuffer (fact sheet §5.4; behaviour 16): a secure copy of an API argument
// that is already marshalled (a parameter, in the driver's own view: the caller's VM in kernel mode, the reflector's
// mapping in user mode). Always a heap copy, copy-in for every descriptor; Free writes back O/IO, then frees.
import { E_ACCESSDENIED, E_FAIL, E_INVALIDARG, S_OK } from '../errors/win32.js'
import { hex } from '../memory/layout.js'
import { descriptorType, hasOut, hrFail } from './descriptors.js'
import { freeBlock, heapCopy, loadedVm, openBuffer, pidAt, type MarshalEnv } from './env.js'
import type { MarshalBuffer } from './ledger.js'
import { readOwn, readSource, writeSource } from './source-io.js'
import { sourceSize } from './caller-buffer.js'

const API = 'CeAllocDuplicateBuffer'

export function allocDuplicateBuffer(env: MarshalEnv, src: number, cb: number, desc: number): MarshalBuffer {
  if (src >>> 0 === 0) hrFail(E_INVALIDARG, 'pSrcMarshalled is NULL')
  const type = descriptorType(desc)
  // The source is in the driver's own view: the loaded VM (kernel mode) or the udevice itself (user mode).
  const source = env.userMode ? env.mod.process : loadedVm(env)
  const size = sourceSize(env, source, src, cb, type)
  const data = readSource(env.m, env.userMode, source, src, size) ?? hrFail(E_ACCESSDENIED, `cannot read ${hex(src)}+${size}: possibly a pointer that has not been marshalled`)
  const dest = heapCopy(env, data, API)
  return openBuffer(env, { api: API, kind: 'duplicate', src, dest, size, desc, source, destPid: pidAt(env, dest, env.mod.process), parent: 0, block: dest })
}

export function freeDuplicateBuffer(env: MarshalEnv, dest: number, src: number, cb: number, desc: number): { hr: number; buffer: MarshalBuffer } {
  if (dest >>> 0 === 0 || src >>> 0 === 0) hrFail(E_INVALIDARG, 'NULL pointer')
  descriptorType(desc)
  const b = env.ledger.find(API, dest >>> 0, src >>> 0) ?? hrFail(E_INVALIDARG, `${hex(dest)} is not a live duplicate of ${hex(src)}`)
  if (cb >>> 0 !== 0 && cb >>> 0 !== b.size) hrFail(E_INVALIDARG, `size ${cb >>> 0} differs from the ${b.size} bytes duplicated`)
  const ok = !hasOut(desc) || writeSource(env.m, env.userMode, b.source, b.src, readOwn(env.mod, b.dest, b.size))
  freeBlock(env, b)
  env.ledger.retire(b, 'freed')
  return { hr: ok ? S_OK : E_FAIL, buffer: b }
}
