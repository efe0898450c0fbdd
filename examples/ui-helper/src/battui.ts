// battui.dll: the user-mode helper DLL of battmon.dll. CeCallUserProc from the kernel-mode driver loads it in a
// udevice.exe (process group 3) and calls ShowBatteryWarning with the flat BATTERY_WARNING blob; it shows the message
// box there, where UI is allowed, and answers with the button pressed.
import { ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER, defineDriver, type ParamPtr } from '@cedk/kernel'
import { ANSWER_SIZE, WARNING_SIZE, decodeWarning } from './warning-blob.js'

export default defineDriver('battui.dll', (ctx) => ({
  /** PFN_UIENTRYPOINT: BOOL (LPVOID lpInBuffer, DWORD nInBufferSize, LPVOID lpOutBuffer, DWORD nOutBufferSize, PDWORD pBytesReturned). */
  ShowBatteryWarning(pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pReturned: ParamPtr): boolean {
    if (nIn !== WARNING_SIZE) return (ctx.SetLastError(ERROR_INVALID_PARAMETER), false)
    if (nOut < ANSWER_SIZE) return (ctx.SetLastError(ERROR_INSUFFICIENT_BUFFER), false)
    const w = decodeWarning(ctx.mem.read(pIn, nIn))
    const answer = ctx.MessageBox(0, w.text, `Battery ${w.level}%`)
    ctx.mem.writeU32(pOut, answer)
    ctx.mem.writeU32(pReturned, ANSWER_SIZE)
    return true
  },
}))
