// What each scenario step gave, for CE6-R07: a caller process whose device calls are recorded (return value, last
// error, bytes returned and the output buffer's bytes, as far as CE6 defines them: call-observation.ts) so the
// kernel-mode run and the udevice run can be compared. Handles are left out: their values are the kernel's to
// choose, not the driver's.
import type { CallResult, CallerProcess } from '@cedk/kernel'
import { definedResult, reflectorDifference } from '../verifier/call-observation.js'
import type { ModeObservation } from '../verifier/compare-modes.js'

const hex = (n: number): string => '0x' + (n >>> 0).toString(16)

/** `p`, with every CreateFile, DeviceIoControl and CloseHandle it makes recorded into `into`. */
export function observed(p: CallerProcess, into: ModeObservation[]): CallerProcess {
  const record = (step: string, r: CallResult, value: boolean, out?: number[], notCompared?: string | null): void => {
    const result = definedResult({ ok: r.ok, ...(value ? { value: r.value } : {}), lastError: r.lastError, bytes: r.bytes, ...(out ? { out } : {}) })
    into.push({ step: `${p.process.name} ${step}`, result, ...(notCompared && { notCompared }) })
  }
  return new Proxy(p, {
    get(target, prop, receiver) {
      if (prop === 'CreateFile') return async (name: string, ...rest: number[]) => tap(await target.CreateFile(name, ...rest), (r) => record(`CreateFile(${name})`, r, false))
      if (prop === 'CloseHandle') return async (h: number) => tap(await target.CloseHandle(h), (r) => record('CloseHandle', r, true))
      if (prop === 'DeviceIoControl') {
        return async (h: number, code: number, pIn: number, nIn: number, pOut: number, nOut: number) => {
          const why = reflectorDifference(target.process.space, pIn, nIn, pOut, nOut)
          const r = await target.DeviceIoControl(h, code, pIn, nIn, pOut, nOut)
          record(`DeviceIoControl(${hex(code)}, in ${hex(pIn)}+${nIn}, out ${hex(pOut)}+${nOut})`, r, true, output(target, pOut, nOut), why)
          return r
        }
      }
      const v: unknown = Reflect.get(target, prop, receiver)
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
}

function tap<T>(r: T, f: (r: T) => void): T {
  f(r)
  return r
}

/** The output buffer's bytes, when the caller can read it (a bad pointer has none). */
function output(p: CallerProcess, pOut: number, nOut: number): number[] | undefined {
  if (!pOut || !nOut || p.process.exited) return undefined
  try {
    return Array.from(p.read(pOut, nOut))
  } catch {
    return undefined
  }
}
