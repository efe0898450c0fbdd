// cfgstore.dll: a small key=value configuration store. WriteFile takes lines of "key=value"; keys are
// case-insensitive, so the text is folded to lower case before it is parsed.
import { ERROR_INVALID_PARAMETER, defineDriver, offset, type ParamPtr } from '@cedk/kernel'

const MAX_TEXT = 256

export default defineDriver('cfgstore.dll', (ctx) => {
  const settings = new Map<string, string>()
  const fail = (error: number): number => (ctx.SetLastError(error), -1)

  function foldCase(text: ParamPtr, n: number): void {
    for (let i = 0; i < n; i++) {
      const c = ctx.mem.readU8(offset(text, i))
      if (c >= 0x41 && c <= 0x5a) ctx.mem.writeU8(offset(text, i), c + 0x20)
    }
  }

  function parse(text: ParamPtr, n: number): number {
    const line = String.fromCharCode(...ctx.mem.read(text, n))
    let stored = 0
    for (const entry of line.split('\n')) {
      const eq = entry.indexOf('=')
      if (eq > 0) {
        settings.set(entry.slice(0, eq).trim(), entry.slice(eq + 1).trim())
        stored++
      }
    }
    return stored
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    Write(_hOpen: number, pBuffer: ParamPtr, nBytes: number) {
      if (nBytes === 0 || nBytes > MAX_TEXT) return fail(ERROR_INVALID_PARAMETER)
      foldCase(pBuffer, nBytes)
      parse(pBuffer, nBytes)
      return nBytes
    },
  }
})
