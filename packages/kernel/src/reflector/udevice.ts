// The udevice.exe hosts of a machine (fact sheet §9.3, §10): one shared host per process group, created on first
// use; a private host for a driver without a group. A host exits when its last driver unloads, and dies with every
// driver in it when an exception escapes one of its own threads (SPEC "Decisions": crash containment).
import { fail } from '../errors/api-error.js'
import { ProcessGone, captureJsStack, machineError } from '../errors/exceptions.js'
import { ERROR_FILE_NOT_FOUND } from '../errors/win32.js'
import type { ModuleInstance } from '../devmgr/module.js'
import type { Machine } from '../machine.js'
import type { Process } from '../process/process.js'
import { ThreadState, type ExecFrame, type Thread } from '../process/thread.js'
import { Ev } from '../trace/events.js'
import { UDP_RANDOM_PROCESSOR_START_OFFSET, hostConfig, volumeName, type HostConfig } from './process-groups.js'
import { ParamWindow } from './param-window.js'
import { Rng } from '../process/rng.js'
import { VM_BLOCK_SIZE } from '../memory/layout.js'
import type { Reflector } from './reflector.js'

const ALIAS_AREA_BASE = 0x00400000
const ALIAS_AREA_BLOCKS = (0x04000000 - ALIAS_AREA_BASE) / VM_BLOCK_SIZE

export class UdeviceHost {
  readonly reflectors = new Set<Reflector>()
  /** CeCallUserProc helper DLLs loaded here: they stay loaded, and keep the host alive, until shutdown. */
  readonly helpers = new Set<ModuleInstance>()
  /** Per calling thread, the DWORD in this process that carries lpBytesReturned (FNIOCTL_PARAM.BytesReturned). */
  readonly bytesReturnedSlots = new Map<Thread, number>()
  /** Per calling thread, the window its calls' parameter buffers are mapped into. */
  private readonly windows = new Map<Thread, ParamWindow>()
  constructor(
    readonly process: Process,
    /** Group id: 1..0xFFF shared, > 0x1000 private. */
    readonly id: number,
    readonly config: HostConfig,
    /** The hidden volume the reflector talks to, e.g. "$udevice_0003". */
    readonly volume: string,
    /** Seeded placement of the host's own allocations (the parameter windows). */
    private readonly layout: Rng,
  ) {}

  windowFor(t: Thread): ParamWindow {
    let w = this.windows.get(t)
    if (!w) this.windows.set(t, (w = new ParamWindow(this.process.space!, this.aliasBase())))
    return w
  }

  /**
   * Where the next parameter window goes (issue 12 item 7): a real udevice.exe's VirtualAllocCopyEx lands above its
   * own image, heap and stacks, not at 0x10000 where a fresh caller's first allocation is — so a driver whose
   * behaviour depends on a pointer's value, or a stale pointer, does not see the caller's numbers. Varied by the
   * machine's seed and the host (deterministic per seed): 64 KiB-aligned in [4 MiB, 64 MiB).
   */
  private aliasBase(): number {
    return ALIAS_AREA_BASE + this.layout.below(ALIAS_AREA_BLOCKS) * VM_BLOCK_SIZE
  }

  get alive(): boolean {
    return !this.process.exiting && !this.process.exited
  }
}

/** What an exception on a udevice thread took down. */
export interface UdeviceCrash {
  host: string
  volume: string
  driver: string
  entry: string
  error: string
  stack: string
  /** Devices that were in the host and are gone. */
  devices: string[]
}

export class UdeviceHosts {
  private readonly shared = new Map<number, UdeviceHost>()
  private readonly byProcess = new Map<Process, UdeviceHost>()
  private nextPrivate = UDP_RANDOM_PROCESSOR_START_OFFSET + 1
  readonly crashes: UdeviceCrash[] = []

  constructor(private readonly m: Machine) {}

  /** The host for `group` (null: a new private one), launched if it does not run yet. */
  hostFor(group: number | null): UdeviceHost {
    const existing = group === null ? undefined : this.shared.get(group)
    if (existing?.alive) return existing
    const cfg = hostConfig(this.m.registry, group)
    if (!cfg.procName || !cfg.volPrefix) {
      fail(ERROR_FILE_NOT_FOUND, `no ProcName/ProcVolPrefix for ${group === null ? 'a private host' : `process group ${group}`} (HKLM\\Drivers defaults missing)`)
    }
    const id = group ?? this.nextPrivate++
    const p = this.m.newProcess(cfg.procName, 'udevice', true)
    const host = new UdeviceHost(p, id, cfg, volumeName(cfg.volPrefix, id), new Rng((this.m.options.seed ^ Math.imul(id, 0x9e3779b1)) >>> 0))
    this.byProcess.set(p, host)
    if (group !== null) this.shared.set(group, host)
    this.m.trace.emit(Ev.Note, p.id, id, 0, 0, { udevice: host.volume, process: p.name })
    return host
  }

  of(p: Process): UdeviceHost | undefined {
    return this.byProcess.get(p)
  }

  list(): UdeviceHost[] {
    return [...this.byProcess.values()]
  }

  /** A reflector went away: the host exits with its last driver (behaviour 32). */
  detach(r: Reflector): void {
    const host = r.host
    host.reflectors.delete(r)
    r.services?.dispose()
    if (host.reflectors.size === 0 && host.helpers.size === 0 && host.alive) this.exit(host, 0)
  }

  /** Machine shutdown: unload the helper DLLs (reporting what they leaked) and end every host. */
  shutdown(): void {
    for (const host of this.list()) {
      for (const mod of host.helpers) this.m.leaks.push(...this.m.devmgr.unloadModule(mod))
      host.helpers.clear()
      if (host.alive) this.exit(host, 0)
    }
  }

  /**
   * An exception escaped a thread of the host: the process dies. Every device it hosted is removed (open handles then
   * fail with ERROR_DEVICE_REMOVED), its threads end, its memory goes; the kernel and other hosts go on, and the
   * drivers can be activated again.
   */
  crash(host: UdeviceHost, t: Thread, e: unknown): void {
    const f = t.driverFrame()
    const devices = [...host.reflectors].map((r) => String(r.dev))
    const crash: UdeviceCrash = {
      host: host.process.name,
      volume: host.volume,
      driver: f?.driver ?? '',
      entry: f?.entry ?? t.name,
      error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      stack: captureJsStack(e),
      devices,
    }
    this.crashes.push(crash)
    this.m.trace.emit(Ev.DriverException, 0, 0, host.process.id, 1, { ...crash, udeviceCrash: true })
    for (const mod of host.helpers) this.m.devmgr.unloadModule(mod)
    host.helpers.clear()
    for (const r of [...host.reflectors]) this.m.devmgr.remove(r.dev)
    const inside = this.threadsInside(host)
    if (host.alive) this.exit(host, 0xc0000005)
    // Callers' threads blocked in the host's driver code come back out: their calls fail with ERROR_DEVICE_REMOVED.
    for (const t of inside) {
      this.m.waits.detach(t)
      this.m.sched.abortWait(t, machineError(new ProcessGone(host.process.name)))
    }
  }

  /** Threads of other processes (callers that migrated in) blocked somewhere inside the host's code. */
  private threadsInside(host: UdeviceHost): Thread[] {
    const out: Thread[] = []
    for (const p of this.m.processes.values()) {
      if (p === host.process) continue
      for (const t of p.threads) {
        if (t.state !== ThreadState.Blocked) continue
        for (let f: ExecFrame | null = t.frame; f; f = f.prev) if (f.process === host.process) {
          out.push(t)
          break
        }
      }
    }
    return out
  }

  private exit(host: UdeviceHost, code: number): void {
    const p = host.process
    p.exiting = true
    p.exitCode = code
    for (const t of [...p.threads]) {
      if (t.state !== ThreadState.Done && t.state !== ThreadState.Hung) {
        this.m.sched.kill(t)
        this.m.waits.threadEnded(t)
      }
      p.threads.delete(t)
    }
    for (const [h] of p.handles.entries()) this.m.closeKernelHandle(p, h)
    host.bytesReturnedSlots.clear()
    this.byProcess.delete(p)
    if (this.shared.get(host.id) === host) this.shared.delete(host.id)
    this.m.processExited(p)
  }
}
