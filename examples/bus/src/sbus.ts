// sbus.dll: the bus driver. Init maps the controller, exports the bus's function table and activates every client
// listed in its key's "Clients" value, passing the table as the client's lpvBusContext; each client attaches by
// handing back a table of its own. IOCTL_SBUS_SAMPLE_ALL samples every attached client through its table, and the
// clients read their devices through the bus's table: direct calls both ways, which work only while the bus and
// every client run in one process.
import {
  AccessViolation,
  ERROR_INSUFFICIENT_BUFFER,
  ERROR_INVALID_HANDLE,
  ERROR_INVALID_PARAMETER,
  REG_MULTI_SZ,
  defineDriver,
  offset,
  type DriverContext,
  type OwnPtr,
  type ParamPtr,
} from '@cedk/kernel'
import type { BusTable } from './bus-interface.js'
import { IOCTL_SBUS_SAMPLE_ALL } from './ioctls.js'
import { REG_ADDR, REG_DATA, REG_REG, REG_STATUS, STATUS_OK } from './sensor-bus-controller.js'

interface Attached {
  table: number
  addr: number
}

interface Bus {
  regs: OwnPtr
  windowLen: number
  table: number
  clients: Map<number, Attached>
  children: number[]
}

export default defineDriver('sbus.dll', (ctx: DriverContext) => {
  let bus: Bus | null = null
  let nextSlot = 1

  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function transfer(b: Bus, addr: number, reg: number): number {
    ctx.mem.writeU32(offset(b.regs, REG_ADDR), addr)
    ctx.mem.writeU32(offset(b.regs, REG_REG), reg)
    const value = ctx.mem.readU32(offset(b.regs, REG_DATA))
    return ctx.mem.readU32(offset(b.regs, REG_STATUS)) === STATUS_OK ? value : -1
  }

  function busTable(b: Bus): BusTable {
    return {
      transfer: (addr, reg) => transfer(b, addr, reg),
      attach: (table, addr) => (b.clients.set(nextSlot, { table, addr }), nextSlot++),
      detach: (slot) => void b.clients.delete(slot),
    }
  }

  function clientKeys(pContext: string | number): { keys: string[]; window: { base: number; length: number } | null } {
    const hKey = ctx.OpenDeviceKey(pContext)
    if (!hKey) return { keys: [], window: null }
    const windows = ctx.DDKReg_GetWindowInfo(hKey)
    const clients = ctx.RegQueryValueEx(hKey, 'Clients').value
    ctx.RegCloseKey(hKey)
    const keys = clients?.type === REG_MULTI_SZ ? [...(clients.data as readonly string[])] : []
    return { keys, window: (windows.ok && (windows.io[0] ?? windows.mem[0])) || null }
  }

  async function Init(pContext: string | number): Promise<number> {
    const { keys, window } = clientKeys(pContext)
    if (!window || window.length < 16) return (ctx.SetLastError(ERROR_INVALID_PARAMETER), 0)
    const regs = ctx.MmMapIoSpace(window.base, window.length, false)
    if (!regs) return 0
    const b: Bus = { regs, windowLen: window.length, table: 0, clients: new Map(), children: [] }
    b.table = ctx.exportFunctionTable(busTable(b))
    bus = b
    // A client that fails to load (its Init returned 0) is left out; the bus and the other clients go on.
    for (const key of keys) {
      const h = await ctx.ActivateDeviceEx(key, [], b.table)
      if (h) b.children.push(h)
    }
    return 1
  }

  async function Deinit(): Promise<boolean> {
    if (!bus) return false
    for (const h of bus.children.reverse()) await ctx.DeactivateDevice(h)
    ctx.MmUnmapIoSpace(bus.regs, bus.windowLen)
    bus = null
    return true
  }

  function sampleAll(b: Bus, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    const clients = [...b.clients.values()]
    const size = 4 + 8 * clients.length
    if (!pOut || nOut < size) return fail(ERROR_INSUFFICIENT_BUFFER)
    const words = [clients.length]
    for (const c of clients) words.push(c.addr, Number(ctx.callFunctionTable(c.table, 'sample')) >>> 0)
    ctx.mem.write(pOut, new Uint8Array(new Uint32Array(words).buffer))
    if (pActual) ctx.mem.writeU32(pActual, size)
    return true
  }

  function IOControl(_hOpen: number, code: number, _pIn: ParamPtr, _nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (!bus) return fail(ERROR_INVALID_HANDLE)
    if (code !== IOCTL_SBUS_SAMPLE_ALL) return fail(ERROR_INVALID_PARAMETER)
    try {
      return sampleAll(bus, pOut, nOut, pActual)
    } catch (e) {
      if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
      throw e
    }
  }

  return { Init, Deinit, Open: () => (bus ? 1 : 0), Close: () => true, IOControl }
})
