// A client driver of sbus.dll, made for one kind of sensor. Init receives the bus's table as lpvBusContext, reads
// its device address from its key ("BusAddress") and attaches by handing the bus a table of its own. If the bus's
// table cannot be called — the client runs in another process than the bus — Init fails with that error.
import {
  AccessViolation,
  ERROR_GEN_FAILURE,
  ERROR_INSUFFICIENT_BUFFER,
  ERROR_INVALID_HANDLE,
  ERROR_INVALID_PARAMETER,
  REG_DWORD,
  defineDriver,
  type DriverContext,
  type DriverModule,
  type ParamPtr,
} from '@cedk/kernel'
import type { ClientTable } from './bus-interface.js'
import { IOCTL_SENSOR_READ } from './ioctls.js'

export interface SensorKind {
  dll: string
  /** The device register holding the reading. */
  reg: number
  /** Raw register value to the client's unit. */
  convert(raw: number): number
}

interface Client {
  busTable: number
  addr: number
  slot: number
}

export function sensorClient(kind: SensorKind): DriverModule {
  return defineDriver(kind.dll, (ctx: DriverContext) => {
    let client: Client | null = null

    const fail = (error: number): false => (ctx.SetLastError(error), false)

    /** One reading through the bus, or undefined with the last error set. */
    function read(c: Client): number | undefined {
      const raw = ctx.callFunctionTable(c.busTable, 'transfer', c.addr, kind.reg)
      if (typeof raw !== 'number') return undefined // callFunctionTable set the error
      if (raw < 0) return void ctx.SetLastError(ERROR_GEN_FAILURE) // the device did not answer
      return kind.convert(raw)
    }

    function busAddress(pContext: string | number): number {
      const hKey = ctx.OpenDeviceKey(pContext)
      const v = hKey ? ctx.RegQueryValueEx(hKey, 'BusAddress').value : undefined
      if (hKey) ctx.RegCloseKey(hKey)
      return v?.type === REG_DWORD ? (v.data as number) : 0
    }

    function Init(pContext: string | number, lpvBusContext: number): number {
      const addr = busAddress(pContext)
      if (!lpvBusContext || !addr) return (ctx.SetLastError(ERROR_INVALID_PARAMETER), 0)
      const c: Client = { busTable: lpvBusContext, addr, slot: 0 }
      const mine: ClientTable = { sample: () => read(c) ?? 0xffffffff }
      const slot = ctx.callFunctionTable(c.busTable, 'attach', ctx.exportFunctionTable(mine), addr)
      if (typeof slot !== 'number') return 0 // callFunctionTable set the last error (ERROR_NOT_SUPPORTED across processes)
      client = { ...c, slot }
      return 1
    }

    function Deinit(): boolean {
      if (client) ctx.callFunctionTable(client.busTable, 'detach', client.slot)
      client = null
      return true
    }

    function IOControl(_hOpen: number, code: number, _pIn: ParamPtr, _nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
      if (!client) return fail(ERROR_INVALID_HANDLE)
      if (code !== IOCTL_SENSOR_READ) return fail(ERROR_INVALID_PARAMETER)
      if (!pOut || nOut < 4) return fail(ERROR_INSUFFICIENT_BUFFER)
      const value = read(client)
      if (value === undefined) return false
      try {
        ctx.mem.writeU32(pOut, value >>> 0)
        if (pActual) ctx.mem.writeU32(pActual, 4)
        return true
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    }

    return { Init, Deinit, Open: () => (client ? 1 : 0), Close: () => true, IOControl }
  })
}
