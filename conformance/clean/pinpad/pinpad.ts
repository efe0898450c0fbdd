// clean: a payment PIN pad that asks the user to confirm an amount; exercises: udevice-only design, UI from a user-mode driver, embedded pointer in (a wide-character merchant name), per-open transaction state
// pinpad.dll runs in udevice.exe by design: CONFIRM shows "Pay <amount> to <merchant>?" with MessageBox, which a
// user-mode driver may do and a kernel-mode one may not (CE6-U01), so its spec runs it in udevice only. CONFIRM
// takes { dwAmountCents, pMerchant, cbMerchant }; the merchant name is opened with CeOpenCallerBuffer (ForceDuplicate:
// the text shown is the text checked) and the answer (IDOK/IDCANCEL) is kept as the handle's pending transaction,
// which COMMIT returns and clears.
import { AccessViolation, ARG_I_PTR, ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE_STATE, IDOK, defineDriver, offset, type DriverContext, type ParamPtr } from '@cedk/kernel'

export const IOCTL_PIN_CONFIRM = 0x00232004
export const IOCTL_PIN_COMMIT = 0x00232008
export const MAX_MERCHANT = 64
const MAX_AMOUNT = 100000000

interface Transaction {
  amount: number
  approved: boolean
}

export default defineDriver('pinpad.dll', (ctx: DriverContext) => {
  const pending = new Map<number, Transaction | null>()
  let next = 1
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function merchantName(pName: number, cb: number): string | null {
    if (!pName || cb === 0 || cb > MAX_MERCHANT || cb % 2) return null
    const name = ctx.CeOpenCallerBuffer(pName, cb, ARG_I_PTR, true)
    if (name.hr !== 0) return null
    try {
      let s = ''
      for (let i = 0; i < cb / 2; i++) s += String.fromCharCode(ctx.mem.readU16(offset(name.ptr, 2 * i)))
      return s
    } finally {
      ctx.CeCloseCallerBuffer(name.ptr, pName, cb, ARG_I_PTR)
    }
  }

  function confirm(hOpen: number, pIn: ParamPtr, nIn: number): boolean {
    if (!pIn || nIn < 12) return fail(ERROR_INVALID_PARAMETER)
    const amount = ctx.mem.readU32(pIn)
    if (amount === 0 || amount > MAX_AMOUNT) return fail(ERROR_INVALID_PARAMETER)
    const merchant = merchantName(ctx.mem.readU32(offset(pIn, 4)), ctx.mem.readU32(offset(pIn, 8)))
    if (merchant === null) return fail(ERROR_INVALID_PARAMETER)
    const text = `Pay ${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')} to ${merchant}?`
    const answer = ctx.MessageBox(0, text, 'PIN pad')
    if (answer === 0) return false // MessageBox set the last error
    pending.set(hOpen, { amount, approved: answer === IDOK })
    return true
  }

  function commit(hOpen: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (!pOut || nOut < 8) return fail(ERROR_INSUFFICIENT_BUFFER)
    const t = pending.get(hOpen)
    if (!t) return fail(ERROR_INVALID_HANDLE_STATE)
    ctx.mem.writeU32(pOut, t.approved ? 1 : 0)
    ctx.mem.writeU32(offset(pOut, 4), t.amount)
    if (pActual) ctx.mem.writeU32(pActual, 8)
    pending.set(hOpen, null)
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => (pending.clear(), true),
    Open: () => (pending.set(next, null), next++),
    Close: (hOpen: number) => pending.delete(hOpen),
    IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
      if (!pending.has(hOpen)) return fail(ERROR_INVALID_HANDLE)
      try {
        if (code === IOCTL_PIN_CONFIRM) return confirm(hOpen, pIn, nIn)
        if (code === IOCTL_PIN_COMMIT) return commit(hOpen, pOut, nOut, pActual)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
