// ActivateDeviceEx and DeactivateDevice, step by step as devload.c does them (fact sheet §9.7). Each failing step
// throws an ApiError with its Win32 code; activation then undoes what it did (names, Active key, module) and
// returns 0 with that code as the last error.
import { ApiError, fail } from '../errors/api-error.js'
import {
  ERROR_ACCESS_DENIED,
  ERROR_BAD_CONFIGURATION,
  ERROR_FILE_NOT_FOUND,
  ERROR_INVALID_FUNCTION,
  ERROR_INVALID_PARAMETER,
  ERROR_NOT_FOUND,
  ERROR_OPEN_FAILED,
} from '../errors/win32.js'
import type { Machine } from '../machine.js'
import { REG_DWORD, REG_SZ, regValueProblem, type RegValue } from '../registry/values.js'
import { isProtectedKeyPath, type RegKey } from '../registry/registry.js'
import type { Process } from '../process/process.js'
import { tracePrivileged } from '../privileged/privileged-trace.js'
import type { Thread } from '../process/thread.js'
import { requestedGroup } from '../reflector/process-groups.js'
import { Reflector } from '../reflector/reflector.js'
import { RefServices } from '../reflector/services.js'
import { NO_PARAMS } from '../process/thread.js'
import { Ev } from '../trace/events.js'
import { Device } from './device.js'
import { ENTRY_NAMES, type EntryName } from './driver.js'
import { FAULT, callEntry, toDword } from './entry.js'
import { CreateFile, DeviceIoControl, closeFile, DeviceFile } from './file.js'
import {
  DEVFLAGS_BOOTPHASE_1,
  DEVFLAGS_LOAD_AS_USERPROC,
  DEVFLAGS_LOADLIBRARY,
  DEVFLAGS_NAKEDENTRIES,
  DEVFLAGS_NOLOAD,
  DEVFLAGS_NOUNLOAD,
  DEVFLAGS_UNLOAD,
  DMCLASS_PROTECTEDBUSNAMESPACE,
  GENERIC_READ,
  GENERIC_WRITE,
  PREFIX_CHARS,
} from './flags.js'

/** One REGINI entry: a value ActivateDeviceEx writes into the new Active key before loading the driver. */
export interface RegIni {
  name: string
  /** REG_SZ, REG_DWORD, REG_MULTI_SZ, REG_BINARY, … (registry/values.ts). */
  type: number
  data: string | number | string[] | Uint8Array
}

/** The activation values read from the device key (devload.c RegReadActivationValues). */
interface ActivationValues {
  dll: string
  prefix: string
  index: number
  flags: number
  context: number | undefined
  ioctl: number | undefined
  busIoctl: number | undefined
  iclass: string[]
}

export async function activateDeviceEx(m: Machine, t: Thread, keyPath: string, regini: readonly RegIni[], lpvParam: number): Promise<number> {
  // The caller is the process of the driver code asking, if any (not the kernel frame it may be nested in: a
  // detached chain of a udevice driver can run inside one of its own kernel calls), else the harness's.
  const caller = t.driverFrame()?.process ?? (t.frame.prev ?? t.frame).process
  let dev: Device | null = null
  try {
    const key = openDeviceKey(m, keyPath, activationTrust(m, caller, keyPath, regini), regini)
    const v = readActivationValues(key)
    const service = isServicesKeyPath(keyPath)
    // A service is loaded in user mode whatever its Flags say (devload.c RegReadActivationValues, IsServicesRegKey).
    if (service) v.flags |= DEVFLAGS_LOAD_AS_USERPROC
    if (v.flags & (DEVFLAGS_NOLOAD | DEVFLAGS_BOOTPHASE_1)) {
      t.lastError = 0
      return 0
    }
    dev = m.devmgr.newDevice(keyPath, v.dll, v.prefix, v.index, v.flags, caller.trusted)
    const active = m.registry.createKey(dev.activePath, { volatile: true })
    for (const r of regini) active.setValue(r.name, toRegValue(r))
    active.setValue('Key', { type: REG_SZ, data: relativeKeyPath(keyPath) })
    reserveNames(m, dev, v, caller.trusted ? active.getString('BusName') ?? null : null)
    if (v.flags & DEVFLAGS_LOAD_AS_USERPROC) createReflector(m, t, dev, v, key, active, service)
    else loadDriver(m, t, dev, v, m.kernel, missingEntries)
    if (dev.names.legacyName) active.setValue('Name', { type: REG_SZ, data: dev.names.legacyName })
    active.setValue('Hnd', { type: REG_DWORD, data: dev.handle })
    await init(m, t, dev, v.context ?? dev.activePath, lpvParam)
    if (v.flags & DEVFLAGS_UNLOAD) {
      await m.devmgr.deinitNow(t, dev)
      t.lastError = 0
      return 0
    }
    dev.state = 'active'
    dev.iclass = v.iclass
    dev.busNamesEnabled = v.iclass.some((g) => g.toUpperCase() === DMCLASS_PROTECTEDBUSNAMESPACE)
    m.trace.emit(Ev.DeviceActivate, dev.activeId, dev.handle, caller.id, 0, { key: keyPath, dll: v.dll, name: dev.names.deviceName })
    if (v.ioctl !== undefined && dev.names.deviceName) await postInit(m, t, dev, `$device\\${dev.names.deviceName}`, v.ioctl)
    if (v.busIoctl !== undefined && dev.names.busName) await postInit(m, t, dev, `$bus\\${dev.names.busName}`, v.busIoctl)
    return dev.handle
  } catch (e) {
    if (!(e instanceof ApiError)) throw e
    if (dev) m.devmgr.discard(dev)
    t.lastError = e.code
    m.trace.emit(Ev.Note, 0, e.code, 0, 0, { activate: keyPath, error: e.message })
    return 0
  }
}

const SERVICES_DEFAULT_GROUP = 2

/** HKLM\Services and below (the key path as ActivateDeviceEx takes it, relative to HKLM or not). */
function isServicesKeyPath(keyPath: string): boolean {
  return /^SERVICES(\\|$)/i.test(relativeKeyPath(keyPath))
}

/**
 * Whether the caller of ActivateDeviceEx counts as trusted. A udevice does not, unless the machine says so
 * (MachineOptions.udeviceActivation): driver code in user mode activates only keys in protected locations, which it
 * cannot write, so it cannot load its own DLL into the kernel or grant itself a window (issue 14 hole 4). A refusal on
 * that ground is traced as an isolation attempt (CE6-P07).
 */
function activationTrust(m: Machine, caller: Process, keyPath: string, regini: readonly RegIni[]): boolean {
  if (caller.kind !== 'udevice' || m.options.udeviceActivation === 'trusted') return caller.trusted
  const protectedKey = typeof keyPath === 'string' && keyPath !== '' && safeProtected(keyPath)
  if (caller.trusted && (!protectedKey || regini.length)) {
    const driver = m.sched.current?.driverFrame()?.driver ?? caller.name
    const reason = `${driver} in ${caller.name} may activate only keys under HKLM\\Drivers or HKLM\\Services, without REGINI values: ${keyPath} is not one`
    tracePrivileged(m, 'ActivateDeviceEx', false, 0, ERROR_ACCESS_DENIED, { reason, driver, path: 'kernel', request: 'isolation' })
    fail(ERROR_ACCESS_DENIED, reason)
  }
  return false
}

function safeProtected(keyPath: string): boolean {
  try {
    return isProtectedKeyPath(keyPath)
  } catch {
    return false
  }
}

function openDeviceKey(m: Machine, keyPath: string, trusted: boolean, regini: readonly RegIni[]): RegKey {
  if (typeof keyPath !== 'string' || !keyPath) fail(ERROR_BAD_CONFIGURATION, 'no device key')
  if (!trusted) {
    // Untrusted callers may not pass REGINI values and may only activate keys in protected locations (§9.7 step 1).
    if (regini.length) fail(ERROR_ACCESS_DENIED, 'an untrusted caller passed REGINI values')
    if (!isProtectedKeyPath(keyPath)) fail(ERROR_ACCESS_DENIED, `${keyPath} is not in a protected registry location`)
  }
  for (const r of regini) {
    const problem = typeof r?.name === 'string' && r.name ? regValueProblem(toRegValue(r)) : 'REGINI entry without a name'
    if (problem) fail(ERROR_INVALID_PARAMETER, `REGINI ${JSON.stringify(r?.name)}: ${problem}`)
  }
  let key: RegKey | undefined
  try {
    key = m.registry.openKey(keyPath)
  } catch {
    key = undefined
  }
  if (!key) fail(ERROR_BAD_CONFIGURATION, `device key ${keyPath} not found`)
  return key
}

function readActivationValues(key: RegKey): ActivationValues {
  const dll = key.getString('Dll')
  if (!dll) fail(ERROR_BAD_CONFIGURATION, `${key.path} has no Dll value`)
  // A prefix must be exactly three characters; anything else is ignored (devload.c).
  let prefix = key.getString('Prefix') ?? ''
  if (prefix.length !== PREFIX_CHARS) prefix = ''
  const busPrefix = key.getString('BusPrefix')
  if (busPrefix !== undefined && prefix && busPrefix.toUpperCase() !== prefix.toUpperCase()) fail(ERROR_INVALID_PARAMETER, 'BusPrefix does not match Prefix')
  const index = key.getDword('Index')
  return {
    dll,
    prefix,
    index: index === undefined || index === 0xffffffff ? -1 : index,
    flags: key.getDword('Flags') ?? 0,
    context: key.getDword('Context'),
    ioctl: key.getDword('Ioctl'),
    busIoctl: key.getDword('BusIoctl'),
    iclass: key.getMultiSz('IClass') ?? (key.getString('IClass') !== undefined ? [key.getString('IClass')!] : []),
  }
}

function reserveNames(m: Machine, dev: Device, v: ActivationValues, busName: string | null): void {
  const names = m.devmgr.names.reserve(dev, v.prefix, v.index, busName)
  if (typeof names === 'number') fail(names, `name ${v.prefix}${v.index >= 0 ? v.index : ''} is in use`)
  dev.names = names
}

/**
 * Reflector_Create (fact sheet §10.1): find or launch the udevice host of the key's process group, have it load the
 * DLL and resolve the entry points with udevice's own validation (IOCTL_USERDRIVER_LOAD), and store the reflector
 * service handle, duplicated into the host, as ReflectorHandle in the Active key. A failure is ERROR_FILE_NOT_FOUND.
 */
function createReflector(m: Machine, t: Thread, dev: Device, v: ActivationValues, key: RegKey, active: RegKey, service: boolean): void {
  // Services default to process group 2 (SERVICEDS_EXE_DEFAULT_PROCESSOR_ID, reflector.h).
  const host = m.udevices.hostFor(requestedGroup(key) ?? (service ? SERVICES_DEFAULT_GROUP : null))
  const r = new Reflector(m, dev, host)
  dev.reflector = r
  r.services = RefServices.fromKey(m, key, String(dev))
  try {
    loadDriver(m, t, dev, v, host.process, missingUserEntries)
  } catch (e) {
    if (e instanceof ApiError && e.code !== ERROR_INVALID_FUNCTION) fail(ERROR_FILE_NOT_FOUND, e.message)
    throw e
  }
  r.serviceHandle = host.process.handles.add(r, 0, 'device.exe!Reflector_InitEx')
  active.setValue('ReflectorHandle', { type: REG_DWORD, data: r.serviceHandle })
}

/** LoadDriver/LoadLibrary in `process` (the kernel or a udevice), resolve the entry points and validate them (§9.6). */
function loadDriver(m: Machine, t: Thread, dev: Device, v: ActivationValues, process: Process, validate: (dev: Device, named: boolean) => string): void {
  const mod = m.devmgr.loadModule(t, v.dll, process)
  dev.module = mod
  mod.devices++
  const naked = (v.flags & DEVFLAGS_NAKEDENTRIES) !== 0
  for (const name of ENTRY_NAMES) {
    const fn = mod.lookup(name, v.prefix, naked)
    if (!fn) continue
    dev.entries[name] = fn
    const label = `${mod.dll}!${v.prefix && !naked ? `${v.prefix}_` : ''}${name}`
    dev.labels[name] = label
    dev.labelIds[name] = m.trace.intern(label)
  }
  const missing = validate(dev, v.prefix !== '')
  if (missing) fail(ERROR_INVALID_FUNCTION, `${mod.dll}: ${missing}`)
  m.trace.emit(Ev.Note, dev.activeId, 0, 0, 0, { load: mod.dll, via: v.flags & DEVFLAGS_LOADLIBRARY ? 'LoadLibrary' : 'LoadDriver' })
}

/** Kernel-mode validation (devload.c): Init and Deinit; a named driver needs Open, Close and one I/O entry;
 *  PreClose needs PreDeinit. Returns what is wrong, or ''. */
export function missingEntries(dev: Device, named: boolean): string {
  const has = (n: EntryName): boolean => dev.entries[n] !== undefined
  if (!has('Init') || !has('Deinit')) return 'Init and Deinit are required'
  if (named && (!has('Open') || !has('Close'))) return 'a named driver needs Open and Close'
  if (named && !(has('Read') || has('Write') || has('Seek') || has('IOControl'))) return 'a named driver needs Read, Write, Seek or IOControl'
  if (has('PreClose') && !has('PreDeinit')) return 'PreClose requires PreDeinit'
  return ''
}

/** udevice's validation (udevimp.cpp LoadDriver): Init and Deinit; Open needs Close; one I/O entry always;
 *  PreClose needs PreDeinit. */
export function missingUserEntries(dev: Device): string {
  const has = (n: EntryName): boolean => dev.entries[n] !== undefined
  if (!has('Init') || !has('Deinit')) return 'Init and Deinit are required'
  if (has('Open') && !has('Close')) return 'Open requires Close'
  if (!(has('Read') || has('Write') || has('Seek') || has('IOControl'))) return 'udevice needs Read, Write, Seek or IOControl'
  if (has('PreClose') && !has('PreDeinit')) return 'PreClose requires PreDeinit'
  return ''
}

async function init(m: Machine, t: Thread, dev: Device, context: string | number, lpvParam: number): Promise<void> {
  const r = await callEntry(m, t, dev, 'Init', [context, lpvParam >>> 0], NO_PARAMS)
  if (r === FAULT) fail(ERROR_INVALID_PARAMETER, `${dev.labels.Init} threw`)
  dev.hDeviceContext = toDword(r)
  if (dev.hDeviceContext === 0) fail(ERROR_OPEN_FAILED, `${dev.labels.Init} returned 0`)
}

/** The post-init IOCTL: open the device, send POST_INIT_BUF { hDevice, hDeviceKey }, close (behaviour 26). */
async function postInit(m: Machine, t: Thread, dev: Device, name: string, code: number): Promise<void> {
  const h = await CreateFile(m, t, name, GENERIC_READ | GENERIC_WRITE, 0)
  if (h === 0xffffffff) return
  const hKey = m.openKeyHandle(m.kernel, dev.keyPath, 0, 'device.exe')
  const buf = m.kernel.heap.alloc(8, 'device.exe!POST_INIT_BUF')
  m.kernelPoke32(t, buf, dev.handle)
  m.kernelPoke32(t, buf + 4, hKey)
  await DeviceIoControl(m, t, h, code, buf, 8, 0, 0, 0)
  m.kernel.heap.freeBlock(buf)
  m.closeKernelHandle(m.kernel, hKey)
  const file = m.kernel.handles.remove(h)
  if (file instanceof DeviceFile) await closeFile(m, t, file)
}

/** DeactivateDevice (devload.c I_DeactivateDevice; behaviour 27). */
export async function deactivateDevice(m: Machine, t: Thread, hDevice: number): Promise<boolean> {
  // The caller is the process of the driver code asking, if any (not the kernel frame it may be nested in: a
  // detached chain of a udevice driver can run inside one of its own kernel calls), else the harness's.
  const caller = t.driverFrame()?.process ?? (t.frame.prev ?? t.frame).process
  const dev = m.devmgr.byHandle(hDevice)
  if (!dev || dev.state !== 'active') {
    t.lastError = ERROR_NOT_FOUND
    return false
  }
  if (dev.flags & DEVFLAGS_NOUNLOAD || (dev.trustedLoader && !caller.trusted)) {
    t.lastError = ERROR_ACCESS_DENIED
    return false
  }
  await m.devmgr.deinitNow(t, dev)
  return true
}

function toRegValue(r: RegIni): RegValue {
  return { type: r.type, data: r.data } as RegValue
}

/** The device key as CE stores it in the Active key's `Key` value: relative to HKEY_LOCAL_MACHINE. */
function relativeKeyPath(path: string): string {
  return path.replace(/^\\+/, '').replace(/^(HKEY_LOCAL_MACHINE|HKLM)\\/i, '')
}

