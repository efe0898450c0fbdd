// Event kinds and memory origins of the machine's trace. Events are stored as numbers (see trace.ts); these
// tables give them names for printing and for the decoded form subscribers receive.
// Plain enums, not `const enum`: the packed .d.ts must be usable by code compiled with isolatedModules.

export enum Ev {
  /** A kernel API called by a driver or a caller. a = api name id, b..d = first arguments. */
  ApiCall = 1,
  /** The API's result. a = api name id, b = return value, c = last error. */
  ApiReturn,
  /** A driver's memory access. a = address, b = size, c = origin, d = process id of the VM the address fell in. */
  MemRead,
  MemWrite,
  /** An access violation. a = address, b = 1 for write, c = 1 in kernel mode, d = VM process id; detail = reason. */
  Fault,
  /** The scheduler switched threads. a = from thread id, b = to thread id, c = VM process id after the switch. */
  ThreadSwitch,
  ThreadCreate,
  ThreadExit,
  ProcessCreate,
  ProcessExit,
  /**
   * A device manager entry-point call. a = device id, b = entry id, c = caller process id; on EntryEnter, d = 1 when
   * the frame's first param range is an input-only buffer.
   */
  EntryEnter,
  EntryExit,
  /** An exception thrown by driver code and caught by the device manager or udevice. */
  DriverException,
  DeviceActivate,
  DeviceDeactivate,
  /** A device asserted an interrupt that was delivered to an IST event. a = SysIntr. */
  Interrupt,
  Hang,
  Bugcheck,
  /** Marshalling helpers (issue 3): a = buffer id, b = address, c = size, d = descriptor. */
  Marshal,
  /** A privileged request (VirtualCopy, interrupts, OAL IOCTL, …). a = api id, b = granted (1) or refused (0). */
  Privileged,
  /** A mapping made or removed on a driver's behalf. Reflector parameter maps: a = caller address, b = size,
   *  c = address in the udevice, d = 0 input / 1 output; their release at the end of the call: a = udevice pid,
   *  b = number of buffers, c = 0, d = 2. */
  Mapping,
  /** Free-form note from a subsystem (detail carries the object). */
  Note,
}

export const EV_NAMES: Record<number, string> = {
  [Ev.ApiCall]: 'api-call',
  [Ev.ApiReturn]: 'api-return',
  [Ev.MemRead]: 'mem-read',
  [Ev.MemWrite]: 'mem-write',
  [Ev.Fault]: 'fault',
  [Ev.ThreadSwitch]: 'thread-switch',
  [Ev.ThreadCreate]: 'thread-create',
  [Ev.ThreadExit]: 'thread-exit',
  [Ev.ProcessCreate]: 'process-create',
  [Ev.ProcessExit]: 'process-exit',
  [Ev.EntryEnter]: 'entry-enter',
  [Ev.EntryExit]: 'entry-exit',
  [Ev.DriverException]: 'driver-exception',
  [Ev.DeviceActivate]: 'device-activate',
  [Ev.DeviceDeactivate]: 'device-deactivate',
  [Ev.Interrupt]: 'interrupt',
  [Ev.Hang]: 'hang',
  [Ev.Bugcheck]: 'bugcheck',
  [Ev.Marshal]: 'marshal',
  [Ev.Privileged]: 'privileged',
  [Ev.Mapping]: 'mapping',
  [Ev.Note]: 'note',
}
export const EV_COUNT = Ev.Note + 1

/** What an accessed address was to the driver that touched it. */
export enum Origin {
  None = 0,
  /** A first-level pointer parameter of the current call (access-checked by the kernel). */
  Param,
  /** A buffer the driver opened with CeOpenCallerBuffer and has not closed (direct or duplicated). */
  Marshalled,
  /** A copy made by CeAllocDuplicateBuffer. */
  Duplicate,
  /** A CeAllocAsynchronousBuffer alias or copy. */
  Async,
  /** The driver's own memory: heap, VirtualAlloc, its stack. */
  Own,
  /** A mapped device window or physical memory. */
  Device,
  /** A caller's (or some other process's) user memory reached without marshalling. */
  Caller,
  /** Kernel memory the driver does not own. */
  Kernel,
}

export const ORIGIN_NAMES = [
  'none',
  'param',
  'marshalled',
  'duplicate',
  'async',
  'own',
  'device',
  'caller',
  'kernel',
] as const
export type OriginName = (typeof ORIGIN_NAMES)[number]
