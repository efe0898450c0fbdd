// ReadProcessMemory / WriteProcessMemory (fact sheet §8). A process is named by its id (CE6 kernel code accepts a
// process id cast to HANDLE). From user mode the address must pass IsValidUsrPtr (read, or write), so user-mode code
// can never reach kernel memory this way: ERROR_INVALID_PARAMETER (behaviour 21). From kernel mode any address the
// target's VM and the kernel map is reachable.
import { fail } from '../errors/api-error.js'
import { AccessViolation } from '../errors/exceptions.js'
import { ERROR_ACCESS_DENIED, ERROR_INVALID_PARAMETER, ERROR_NOACCESS } from '../errors/win32.js'
import type { Machine } from '../machine.js'
import { IsValidUsrPtr, hex } from '../memory/layout.js'
import type { Process } from '../process/process.js'

function target(m: Machine, pid: number): Process {
  const p = m.processes.get(pid >>> 0)
  if (!p || p.exited || (p.kind === 'kernel' && pid >>> 0 !== m.kernel.id)) fail(ERROR_INVALID_PARAMETER, `no process ${pid}`)
  return p
}

function transfer(m: Machine, fromUserMode: boolean, pid: number, addr: number, buf: Uint8Array, write: boolean): void {
  if (fromUserMode && !IsValidUsrPtr(addr >>> 0, buf.length, write)) fail(ERROR_INVALID_PARAMETER, `${hex(addr)}+${buf.length} is not a valid user buffer`)
  const p = target(m, pid)
  if (fromUserMode) checkUdeviceTarget(m, p)
  try {
    m.memory.copy(addr, buf, write, !fromUserMode, p.space)
  } catch (e) {
    if (e instanceof AccessViolation) fail(ERROR_NOACCESS, e.message)
    throw e
  }
}

/**
 * Code in a udevice holds no handle to other processes: it reaches its own memory and, while it serves a call, the
 * memory of the process that made it (the handle the reflector duplicates for the call, PRETLS_DRIVER_DIRECT_CALLER;
 * fact sheet §10.1). Anything else is ERROR_ACCESS_DENIED (docs/decisions.md), so a user-mode driver has no way
 * around the marshalling rules, and none to write back to a caller after the call returned.
 */
function checkUdeviceTarget(m: Machine, p: Process): void {
  const f = m.sched.current?.frame
  if (!f || f.process.kind !== 'udevice' || p === f.process || p === f.caller) return
  fail(ERROR_ACCESS_DENIED, `${f.process} may not reach ${p}: it is not serving a call from it`)
}

export function readProcessMemory(m: Machine, fromUserMode: boolean, pid: number, addr: number, n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0) fail(ERROR_INVALID_PARAMETER, `size ${n}`)
  const buf = new Uint8Array(n)
  transfer(m, fromUserMode, pid, addr, buf, false)
  return buf
}

export function writeProcessMemory(m: Machine, fromUserMode: boolean, pid: number, addr: number, data: Uint8Array): void {
  transfer(m, fromUserMode, pid, addr, data, true)
}
