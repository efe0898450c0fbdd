// @cedk/kernel: a deterministic simulation of the Windows CE 6.0 machine for driver tests.
export { createMachine, Machine, KERNEL_PID, type ShutdownReport } from './machine.js'
export type { MachineOptions, RegistrySource } from './machine-options.js'
export { FALLIBLE_APIS, FaultInjector, describeFault, type FaultPlan, type FaultSite, type InjectedFault } from './api/fault-injection.js'

// Writing drivers
export { defineDriver, type DriverModule, type DriverExports, type StreamEntries, type EntryName, type Awaitable, type BOOL } from './devmgr/driver.js'
export { DriverContext } from './api/context.js'
export type { ThreadRoutine, CreateThreadOptions } from './api/sync-api.js'
export type { RegKeyResult, RegValueResult } from './api/registry-api.js'
export * from './memory/pointers.js'
export { Mem } from './memory/mem.js'
export { getLE, putLE } from './memory/le.js'

// Test side
export { CallerProcess, CallerThread, type ProcessOptions } from './caller/caller-process.js'
export type { CallResult, HandleResult, ActivateResult, IoctlResult } from './caller/results.js'
export type { DeviceInfo, RegIni } from './devmgr/device-manager.js'
export type { Leak, LeakKind } from './devmgr/module.js'
export type { HeldResource, OpenContextHeld } from './devmgr/open-context.js'

// CE6 constants and codes
export * from './errors/win32.js'
export { AccessViolation, HangError, Bugcheck, UsageError, type DriverStack } from './errors/exceptions.js'
export * from './devmgr/flags.js'
export * from './devmgr/ioctl.js'
export * from './devmgr/args.js'
export * from './memory/protection.js'
export * from './memory/layout.js'
export { WAIT_OBJECT_0, WAIT_ABANDONED, WAIT_TIMEOUT, WAIT_FAILED, INFINITE, MAXIMUM_WAIT_OBJECTS } from './process/sync.js'
export { SYSINTR_NOP, SYSINTR_DEVICES, SYSINTR_FIRMWARE, SYSINTR_MAXIMUM } from './privileged/interrupts.js'
export {
  IOCTL_HAL_GET_DEVICE_INFO,
  IOCTL_HAL_GET_UUID,
  IOCTL_HAL_GET_DEVICEID,
  IOCTL_PROCESSOR_INFORMATION,
  IOCTL_HAL_REQUEST_SYSINTR,
  IOCTL_HAL_RELEASE_SYSINTR,
  IOCTL_HAL_GET_CACHE_INFO,
  SPI_GETPLATFORMTYPE,
  SPI_GETOEMINFO,
  DEFAULT_USER_ALLOW_LIST,
  type OalHandler,
  type OalRequest,
  type OalResult,
} from './privileged/oal.js'
export {
  HKEY_CLASSES_ROOT_HANDLE as HKEY_CLASSES_ROOT,
  HKEY_CURRENT_USER_HANDLE as HKEY_CURRENT_USER,
  HKEY_LOCAL_MACHINE_HANDLE as HKEY_LOCAL_MACHINE,
  HKEY_USERS_HANDLE as HKEY_USERS,
} from './registry/key-handle.js'

// Registry
export {
  Registry,
  RegKey,
  RegParseError,
  parseReg,
  toRegText,
  createDefaultRegistry,
  procGroupKeyPath,
  readWindowInfo,
  readIsrInfo,
  isProtectedKeyPath,
  REG_NONE,
  REG_SZ,
  REG_EXPAND_SZ,
  REG_BINARY,
  REG_DWORD,
  REG_MULTI_SZ,
  type RegValue,
  type WindowInfo,
  type IsrInfo,
  type DeviceWindow,
} from './registry/index.js'

// Hardware
export type { MmioDevice, IrqLine, DeviceClock, DeviceBus, HardwareSlot, AccessWidth } from './hardware/device.js'
export { Uart16550 } from './hardware/uart16550.js'
export { RegisterFile } from './hardware/register-file.js'
export * as uart from './hardware/uart-registers.js'

// Trace
export { Trace, originName, type RawTraceListener, type TraceEvent, type TraceListener } from './trace/trace.js'
export { Ev, Origin, EV_NAMES, ORIGIN_NAMES, type OriginName } from './trace/events.js'
export {
  exportTrace,
  TRACE_EXPORT_SCHEMA,
  type TraceExport,
  type TraceWindow,
  type ExportedEvent,
  type ExportedFields,
  type ExportedThread,
  type ExportedProcess,
  type ExportedProcessKind,
  type ProcessDirectory,
} from './trace/export.js'

// Marshalling helpers (issue 3): marshal.hpp's classes, the ledger the verifier reads, module-unload leak reports
export type { MarshalResult } from './api/marshal-api.js'
export { MarshalledBuffer, type BufferOptions } from './marshal/marshalled-buffer.js'
export { DuplicatedBuffer, AsynchronousBuffer } from './marshal/buffer.js'
export { MARSHAL_CICO_SIZE } from './marshal/descriptors.js'
export {
  MarshalLedger,
  marshalLedger,
  liveMarshalBuffers,
  type MarshalBuffer,
  type MarshalKind,
  type MarshalState,
  type MarshalApiName,
} from './marshal/ledger.js'
export { marshalLeaks, type MarshalLeak, type MarshalLeakKind } from './marshal/leaks.js'

// User mode: udevice hosts, reflector, CeCallUserProc, callbacks, UI
export { UdeviceHost, UdeviceHosts, type UdeviceCrash } from './reflector/udevice.js'
export { Reflector } from './reflector/reflector.js'
export { requestedGroup, hostConfig, volumeName, DEFAULT_PROC_TIMEOUT, UDP_RANDOM_PROCESSOR_START_OFFSET, type HostConfig } from './reflector/process-groups.js'
export type { UserProc } from './reflector/user-proc.js'
export type { CallbackRoutine } from './reflector/callbacks.js'
export { IDOK, MB_OK, type UiEvent } from './ui/gwes.js'

// Privileged APIs in both modes: installable ISRs, page locking, the reflector's privilege gate
export {
  IOCTL_KLIB_USER,
  IOCTL_GIISR_INFO,
  IOCTL_GIISR_PORTVALUE,
  MAX_GIISR_INSTANCES,
  GIISR_INFO_SIZE,
  encodeGiisrInfo,
  decodeGiisrInfo,
  type GIISR_INFO,
  type InstalledIsr,
} from './privileged/isr-chain.js'
export { LOCKFLAG_WRITE, LOCKFLAG_QUERY_ONLY, LOCKFLAG_READ, PFN_SHIFT } from './privileged/lock-pages.js'
export { KMOD_CORE, KMOD_OAL, KMOD_MAX } from './api/privileged-api.js'
export { RefServices, type RefRequest } from './reflector/services.js'
export type { PrivilegedDetail } from './privileged/privileged-trace.js'
export { defineCDriver } from './cdriver/c-driver.js'
export { mapCFrames } from './cdriver/c-lines.js'
