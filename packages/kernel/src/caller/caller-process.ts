// A user process that test code drives, and its threads. Memory operations act as the process itself (user mode,
// untraced: they are the test's setup, not driver behaviour). Calls go through the kernel exactly as an application's
// would: validated as user-mode calls, on a thread of this process whose VM is this process.
import type { RegIni } from '../devmgr/activate.js'
import { CreateFile, DeviceIoControl, ReadFile, SetFilePointer, WriteFile } from '../devmgr/file.js'
import { FILE_BEGIN, GENERIC_READ, GENERIC_WRITE, INVALID_HANDLE_VALUE } from '../devmgr/flags.js'
import { UsageError, machineError } from '../errors/exceptions.js'
import type { Machine } from '../machine.js'
import type { CallbackRoutine } from '../reflector/callbacks.js'
import { PageKind } from '../memory/page-table.js'
import type { UserPtr } from '../memory/pointers.js'
import { MEM_COMMIT, MEM_DECOMMIT, MEM_RELEASE, MEM_RESERVE, PAGE_READWRITE } from '../memory/protection.js'
import type { Process } from '../process/process.js'
import { isThenable } from '../process/settle.js'
import { NO_PARAMS, ThreadState, type ExecFrame, type Thread } from '../process/thread.js'
import { Ev } from '../trace/events.js'
import { ApiError } from '../errors/api-error.js'
import { ERROR_ACCESS_DENIED, ERROR_FILE_NOT_FOUND, ERROR_INVALID_PARAMETER } from '../errors/win32.js'
import { isProtectedKeyPath, type RegKey } from '../registry/registry.js'
import { regValueProblem, type RegValue } from '../registry/values.js'
import { readProcessMemory, writeProcessMemory } from '../privileged/process-memory.js'
import { commitOrRelease } from '../privileged/virtual-memory.js'
import { callerResult, type ActivateResult, type CallResult, type HandleResult, type IoctlResult } from './results.js'

export interface ProcessOptions {
  /** Trusted processes may pass REGINI values and deactivate devices loaded by trusted callers. Default true. */
  trusted?: boolean
}

export class CallerThread {
  constructor(
    private readonly m: Machine,
    readonly process: CallerProcess,
    readonly thread: Thread,
  ) {}

  get id(): number {
    return this.thread.id
  }

  /** GetLastError() of this thread. */
  get lastError(): number {
    return this.thread.lastError
  }

  CreateFile(name: string, access = GENERIC_READ | GENERIC_WRITE, share = 0): Promise<HandleResult> {
    return this.call('CreateFile', [access, share], (t) => CreateFile(this.m, t, name, access, share), (h, err) => ({
      ...callerResult(h, h !== INVALID_HANDLE_VALUE, err, 0),
      handle: h,
    }))
  }

  /**
   * DeviceIoControl(h, code, lpInBuf, nIn, lpOutBuf, nOut, lpBytesReturned). Without `lpBytesReturned` the thread's
   * own zeroed DWORD is passed and its value reported as `bytes`; pass 0 for NULL, or any pointer (hostile tests).
   */
  DeviceIoControl(h: number, code: number, pIn: UserPtr | number, nIn: number, pOut: UserPtr | number, nOut: number, lpBytesReturned?: UserPtr | number): Promise<CallResult> {
    // The hottest call of every test: it runs without closures. A thread makes one call at a time (runOp refuses a
    // busy thread), so the call's arguments can wait in fields for the pre-bound body.
    const p = this.process.process
    if (p.exiting) return Promise.reject(machineError(new UsageError(`${p} has exited: it cannot call DeviceIoControl`)))
    if (this.thread.state !== ThreadState.Idle) return this.m.sched.runOp(this.thread, () => callerResult(0, false, 0, 0))
    const a = this.ioctlArgs
    a[0] = h
    a[1] = code
    a[2] = pIn
    a[3] = nIn
    a[4] = pOut
    a[5] = nOut
    this.ioctlOwnCount = lpBytesReturned === undefined
    a[6] = lpBytesReturned === undefined ? this.scratch() : lpBytesReturned
    return this.m.sched.runOp(this.thread, this.ioctlBody)
  }

  private readonly ioctlArgs = [0, 0, 0, 0, 0, 0, 0]
  private ioctlOwnCount = false
  private readonly ioctlBody = (): CallResult | Promise<CallResult> => this.syscall('DeviceIoControl', this.ioctlArgs, this.ioctlFn, this.ioctlDone)
  private readonly ioctlFn = (t: Thread): boolean | Promise<boolean> => {
    const a = this.ioctlArgs
    return DeviceIoControl(this.m, t, a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!)
  }
  private readonly ioctlDone = (ok: boolean, err: number): CallResult => callerResult(ok ? 1 : 0, ok, err, this.ioctlOwnCount ? this.readScratch() : 0)

  /**
   * An IOCTL with buffers the helper makes: `input` is copied into a fresh buffer of this process, an output buffer
   * of `outSize` bytes is allocated, and the result carries the output bytes the driver reported.
   */
  async ioctl(h: number, code: number, input: Uint8Array | readonly number[] = [], outSize = 0): Promise<IoctlResult> {
    const p = this.process
    const inBuf = input.length ? p.alloc(input.length) : 0
    const outBuf = outSize ? p.alloc(outSize) : 0
    if (inBuf) p.write(inBuf as UserPtr, input)
    try {
      const r = await this.DeviceIoControl(h, code, inBuf, input.length, outBuf, outSize)
      const output = outBuf ? p.read(outBuf as UserPtr, Math.min(r.bytes, outSize)) : new Uint8Array(0)
      return { ...r, output }
    } finally {
      if (inBuf) p.VirtualFree(inBuf, 0, MEM_RELEASE)
      if (outBuf) p.VirtualFree(outBuf, 0, MEM_RELEASE)
    }
  }

  ReadFile(h: number, buf: UserPtr | number, n: number, lpBytesRead?: UserPtr | number): Promise<CallResult> {
    return this.readWrite('ReadFile', h, buf, n, lpBytesRead)
  }

  WriteFile(h: number, buf: UserPtr | number, n: number, lpBytesWritten?: UserPtr | number): Promise<CallResult> {
    return this.readWrite('WriteFile', h, buf, n, lpBytesWritten)
  }

  /** SetFilePointer(h, lDistanceToMove, lpDistanceToMoveHigh, dwMoveMethod): `value` is the new position. */
  SetFilePointer(h: number, distance: number, method = FILE_BEGIN, lpDistanceHigh: UserPtr | number = 0): Promise<CallResult> {
    return this.call(
      'SetFilePointer',
      [h, distance, method],
      (t) => SetFilePointer(this.m, t, h, distance, lpDistanceHigh, method),
      (pos, err) => callerResult(pos, pos !== 0xffffffff, err, 0),
    )
  }

  CloseHandle(h: number): Promise<CallResult> {
    return this.call('CloseHandle', [h], (t) => this.m.closeHandle(t, this.process.process, h), (ok, err) => callerResult(ok ? 1 : 0, ok, err, 0))
  }

  KernelIoControl(code: number, pIn: UserPtr | number, nIn: number, pOut: UserPtr | number, nOut: number, lpBytesReturned?: UserPtr | number): Promise<CallResult> {
    const pRet = lpBytesReturned ?? this.scratch()
    return this.call(
      'KernelIoControl',
      [code, nIn, nOut],
      (t) => this.m.oal.KernelIoControl(t, code, pIn, nIn, pOut, nOut, pRet),
      (ok, err) => callerResult(ok ? 1 : 0, ok, err, lpBytesReturned === undefined ? this.readScratch() : 0),
    )
  }

  ActivateDeviceEx(devKey: string, regini: readonly RegIni[] = [], lpvParam = 0): Promise<ActivateResult> {
    return this.call('ActivateDeviceEx', [lpvParam], (t) => this.m.devmgr.ActivateDeviceEx(t, devKey, regini, lpvParam), (h, err) => ({
      ...callerResult(h, h !== 0, err, 0),
      handle: h,
      device: this.m.devmgr.info(h),
    }))
  }

  DeactivateDevice(hDevice: number): Promise<CallResult> {
    return this.call('DeactivateDevice', [hDevice], (t) => this.m.devmgr.DeactivateDevice(t, hDevice), (ok, err) => callerResult(ok ? 1 : 0, ok, err, 0))
  }

  /** ReadProcessMemory from this (user-mode) process: `data` holds the bytes read. */
  ReadProcessMemory(pid: number, addr: UserPtr | number, n: number): Promise<CallResult & { data: Uint8Array }> {
    let data: Uint8Array = new Uint8Array(0)
    return this.call(
      'ReadProcessMemory',
      [pid, addr, n],
      (t) => {
        try {
          data = readProcessMemory(this.m, true, pid, addr, n)
          return true
        } catch (e) {
          if (!(e instanceof ApiError)) throw e
          t.lastError = e.code
          return false
        }
      },
      (ok, err) => ({ ...callerResult(ok ? 1 : 0, ok, err, ok ? n : 0), data }),
    )
  }

  WriteProcessMemory(pid: number, addr: UserPtr | number, data: Uint8Array | readonly number[]): Promise<CallResult> {
    const bytes = Uint8Array.from(data)
    return this.call(
      'WriteProcessMemory',
      [pid, addr, bytes.length],
      (t) => {
        try {
          writeProcessMemory(this.m, true, pid, addr, bytes)
          return true
        } catch (e) {
          if (!(e instanceof ApiError)) throw e
          t.lastError = e.code
          return false
        }
      },
      (ok, err) => callerResult(ok ? 1 : 0, ok, err, ok ? bytes.length : 0),
    )
  }

  /**
   * RegSetValueEx from this user process on a key path. `value` is the Win32 error (the Reg* functions return it
   * rather than setting the last error): keys under HKLM\Drivers and HKLM\Services are the kernel's alone
   * (ERROR_ACCESS_DENIED), a missing key is ERROR_FILE_NOT_FOUND.
   */
  RegSetValueEx(keyPath: string, name: string, value: RegValue): Promise<CallResult> {
    return this.call('RegSetValueEx', [], () => this.regWrite(keyPath, (k) => k.setValue(name, value), value), (err, last) => callerResult(err, err === 0, last, 0))
  }

  /** RegQueryValueEx from this user process: `value` is the Win32 error, `data` the value when found. */
  RegQueryValueEx(keyPath: string, name: string): Promise<CallResult & { data: RegValue | undefined }> {
    let data: RegValue | undefined
    return this.call(
      'RegQueryValueEx',
      [],
      () => {
        data = this.m.registry.openKey(keyPath)?.getValue(name)
        return data ? 0 : ERROR_FILE_NOT_FOUND
      },
      (err, last) => ({ ...callerResult(err, err === 0, last, 0), data }),
    )
  }

  private regWrite(keyPath: string, write: (k: RegKey) => void, value: RegValue): number {
    if (isProtectedKeyPath(keyPath)) return ERROR_ACCESS_DENIED
    const key = this.m.registry.openKey(keyPath)
    if (!key) return ERROR_FILE_NOT_FOUND
    if (regValueProblem(value)) return ERROR_INVALID_PARAMETER
    write(key)
    return 0
  }

  private readWrite(api: 'ReadFile' | 'WriteFile', h: number, buf: UserPtr | number, n: number, lp: UserPtr | number | undefined): Promise<CallResult> {
    const pDone = lp ?? this.scratch()
    const fn = api === 'ReadFile' ? ReadFile : WriteFile
    return this.call(api, [h, buf, n], (t) => fn(this.m, t, h, buf, n, pDone), ([ok, bytes], err) => callerResult(ok ? 1 : 0, ok, err, bytes))
  }

  /**
   * Run an API call on this thread: a user-mode call into the kernel, traced as api-call/api-return. `done` builds
   * the test's result from the API's return value and the last error, inside the call (no extra promise).
   */
  private call<T, R>(api: string, args: readonly number[], fn: (t: Thread) => T | Promise<T>, done: (r: T, lastError: number) => R): Promise<R> {
    const p = this.process.process
    if (p.exiting) return Promise.reject(machineError(new UsageError(`${p} has exited: it cannot call ${api}`)))
    return this.m.sched.runOp(this.thread, () => this.syscall(api, args, fn, done))
  }

  private syscall<T, R>(api: string, args: readonly number[], fn: (t: Thread) => T | Promise<T>, done: (r: T, lastError: number) => R): R | Promise<R> {
    const t = this.thread
    const tr = this.m.trace
    const id = this.apiId(api)
    tr.emit(Ev.ApiCall, id, args[0] ?? 0, args[1] ?? 0, args[2] ?? 0)
    const f = this.m.enterKernel(t, api)
    let r: T | Promise<T>
    try {
      r = fn(t)
    } catch (e) {
      this.endCall(f)
      throw e
    }
    if (isThenable(r)) {
      return r.then(
        (v) => this.callDone(api, id, f, v, done),
        (e) => {
          this.endCall(f)
          throw e
        },
      )
    }
    return this.callDone(api, id, f, r, done)
  }

  private callDone<T, R>(_api: string, id: number, f: ExecFrame, r: T, done: (r: T, lastError: number) => R): R {
    this.endCall(f)
    const t = this.thread
    this.m.trace.emit(Ev.ApiReturn, id, typeof r === 'number' ? r >>> 0 : r === true ? 1 : 0, t.lastError, 0)
    return done(r, t.lastError)
  }

  /** Interned API names, cached per thread (the trace's intern table is a Map lookup per call otherwise). */
  private readonly ids = new Map<string, number>()
  private apiId(api: string): number {
    let id = this.ids.get(api)
    if (id === undefined) this.ids.set(api, (id = this.m.trace.intern(api)))
    return id
  }

  private endCall(f: ExecFrame): void {
    this.m.leave(this.thread, f)
  }

  /** This thread's DWORD for byte counts, zeroed before each call (as an application initialises `DWORD cb = 0`). */
  private scratch(): number {
    if (!this.thread.scratch) this.thread.scratch = this.process.alloc(16)
    this.m.memory.writeU32(this.thread.scratch, 0, false, this.process.process.space)
    return this.thread.scratch
  }


  private readScratch(): number {
    return this.process.process.exited ? 0 : this.m.memory.readU32(this.thread.scratch, false, this.process.process.space)
  }
}

export class CallerProcess {
  readonly main: CallerThread
  private nextThread = 1

  constructor(
    private readonly m: Machine,
    readonly process: Process,
  ) {
    process.caller = this
    this.main = this.newThread('main')
  }

  /** The test-side wrapper of a process (created on demand for processes made elsewhere). */
  static of(m: Machine, p: Process): CallerProcess {
    return p.caller ?? new CallerProcess(m, p)
  }

  get id(): number {
    return this.process.id
  }

  get name(): string {
    return this.process.name
  }

  get exited(): boolean {
    return this.process.exited
  }

  /** Another thread of this process, for concurrent calls (each thread makes one call at a time). */
  createThread(name = `thread${this.nextThread++}`): CallerThread {
    if (this.process.exiting) throw machineError(new UsageError(`${this.process} has exited`))
    return this.newThread(name)
  }

  // ---- calls on the main thread ----

  CreateFile(...a: Parameters<CallerThread['CreateFile']>) {
    return this.main.CreateFile(...a)
  }
  DeviceIoControl(...a: Parameters<CallerThread['DeviceIoControl']>) {
    return this.main.DeviceIoControl(...a)
  }
  ioctl(...a: Parameters<CallerThread['ioctl']>) {
    return this.main.ioctl(...a)
  }
  ReadFile(...a: Parameters<CallerThread['ReadFile']>) {
    return this.main.ReadFile(...a)
  }
  WriteFile(...a: Parameters<CallerThread['WriteFile']>) {
    return this.main.WriteFile(...a)
  }
  SetFilePointer(...a: Parameters<CallerThread['SetFilePointer']>) {
    return this.main.SetFilePointer(...a)
  }
  CloseHandle(...a: Parameters<CallerThread['CloseHandle']>) {
    return this.main.CloseHandle(...a)
  }
  KernelIoControl(...a: Parameters<CallerThread['KernelIoControl']>) {
    return this.main.KernelIoControl(...a)
  }
  ActivateDeviceEx(...a: Parameters<CallerThread['ActivateDeviceEx']>) {
    return this.main.ActivateDeviceEx(...a)
  }
  DeactivateDevice(...a: Parameters<CallerThread['DeactivateDevice']>) {
    return this.main.DeactivateDevice(...a)
  }
  RegSetValueEx(...a: Parameters<CallerThread['RegSetValueEx']>) {
    return this.main.RegSetValueEx(...a)
  }
  RegQueryValueEx(...a: Parameters<CallerThread['RegQueryValueEx']>) {
    return this.main.RegQueryValueEx(...a)
  }
  ReadProcessMemory(...a: Parameters<CallerThread['ReadProcessMemory']>) {
    return this.main.ReadProcessMemory(...a)
  }
  WriteProcessMemory(...a: Parameters<CallerThread['WriteProcessMemory']>) {
    return this.main.WriteProcessMemory(...a)
  }

  // ---- memory, as the process itself ----

  /** Committed read/write memory of `size` bytes in its own 64 KiB reservation (a UsageError if it cannot). */
  /**
   * CeDriverMapCallbackFunction: register `fn` as a routine of this process; hand the returned id to a driver, which
   * may call it back with CeDriverPerformCallback (kernel-mode drivers only). It runs as this process.
   */
  CeDriverMapCallbackFunction(fn: CallbackRoutine): number {
    if (this.process.exiting) throw machineError(new UsageError(`${this.process} has exited`))
    return this.m.callbacks.map(this.process, fn, this.process.ownerTag, `${this.process.name}!callback`)
  }

  alloc(size: number, protect = PAGE_READWRITE): UserPtr {
    const p = this.VirtualAlloc(0, size, MEM_RESERVE | MEM_COMMIT, protect)
    if (!p) throw machineError(new UsageError(`${this.process}.alloc(${size}): ${this.main.lastError ? `error ${this.main.lastError}` : 'failed'}`))
    return p
  }

  /** VirtualAlloc in this process: the address, or 0 with the main thread's last error set. */
  VirtualAlloc(addr: number, size: number, type: number, protect: number): UserPtr {
    return this.vm(0 as UserPtr, (space) => {
      if (type & MEM_RESERVE || addr === 0) {
        const r = space.reserve(addr, size, PageKind.Private, this.process.ownerTag, this.process.name)
        if (type & MEM_COMMIT) commitOrRelease(space, r.base, addr ? addr >>> 0 : r.base, size, protect)
        return r.base as UserPtr
      }
      space.commit(addr >>> 0, size, protect)
      return addr as UserPtr
    })
  }

  VirtualFree(addr: UserPtr | number, size: number, type: number): boolean {
    return this.vm(false, (space) => {
      if (type === MEM_RELEASE) {
        if (size !== 0) throw new ApiError(ERROR_INVALID_PARAMETER, 'MEM_RELEASE needs size 0')
        space.release(addr >>> 0)
      }
      else if (type === MEM_DECOMMIT) space.decommit(addr >>> 0, size)
      else throw machineError(new UsageError(`VirtualFree type ${type}: use MEM_RELEASE or MEM_DECOMMIT`))
      return true
    })
  }

  /** VirtualProtect: the old protection, or false. */
  VirtualProtect(addr: UserPtr | number, size: number, protect: number): number | false {
    return this.vm(false as number | false, (space) => space.protect(addr >>> 0, size, protect))
  }

  read(p: UserPtr | number, n: number): Uint8Array {
    const b = new Uint8Array(n)
    this.copy(p, b, false)
    return b
  }

  write(p: UserPtr | number, data: Uint8Array | readonly number[] | string): void {
    // A Uint8Array goes as it is (copy only reads it); Uint8Array.from would walk it through the iterator protocol.
    const bytes = typeof data === 'string' ? Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff) : data instanceof Uint8Array ? data : Uint8Array.from(data)
    this.copy(p, bytes, true)
  }

  readU32(p: UserPtr | number): number {
    const b = this.read(p, 4)
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0
  }

  writeU32(p: UserPtr | number, v: number): void {
    this.write(p, [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff])
  }

  /**
   * ExitProcess: its handles are closed (drivers see PreClose/Close), idle threads end, threads inside a call end when
   * they return, and when the last thread is gone its memory is freed. Resolves once the handles are closed.
   */
  async exit(code = 0): Promise<void> {
    const p = this.process
    if (p.exiting) return
    p.exiting = true
    p.exitCode = code
    // The exit routine runs in the process's context (its VM) but is not one of its threads: the process can finish
    // while it runs. Everything happens inside one op, so exit() resolves once the threads it woke have run.
    const closer = this.m.newThread(p, 'exit', 'caller', baseFrame(p))
    p.threads.delete(closer)
    await this.m.sched.runOp(closer, async () => {
      const f = this.m.enterKernel(closer, 'ExitProcess')
      for (const [h] of p.handles.entries()) await this.m.closeHandle(closer, p, h)
      this.m.leave(closer, f)
      for (const t of p.threads) {
        if (t.state === ThreadState.Idle) {
          this.m.sched.kill(t)
          this.m.waits.threadEnded(t)
        } else t.terminating = true
      }
      this.finishExit()
    })
  }

  /** The last thread left: free the memory, signal the process handle. */
  finishExit(): void {
    const p = this.process
    if (p.exited || [...p.threads].some((t) => t.alive)) return
    for (const t of p.threads) p.threads.delete(t)
    this.m.processExited(p)
  }

  private newThread(name: string): CallerThread {
    return new CallerThread(this.m, this, this.m.newThread(this.process, name, 'caller', baseFrame(this.process)))
  }

  private copy(p: UserPtr | number, buf: Uint8Array, write: boolean): void {
    if (this.process.exited) throw machineError(new UsageError(`${this.process} has exited: its memory is gone`))
    this.m.memory.copy(p >>> 0, buf, write, false, this.process.space)
  }

  /** A memory-management call as the process: kernel failures become the main thread's last error. */
  private vm<T>(failure: T, fn: (space: NonNullable<Process['space']>) => T): T {
    if (this.process.exited) throw machineError(new UsageError(`${this.process} has exited`))
    try {
      return fn(this.process.space!)
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      this.main.thread.lastError = e.code
      return failure
    }
  }
}

function baseFrame(p: Process) {
  return { label: p.name, vm: p, kernelMode: false, caller: null, owner: p.ownerTag, driver: '', entry: '', params: NO_PARAMS, openContext: 0 }
}
