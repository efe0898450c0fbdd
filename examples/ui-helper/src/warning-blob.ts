// The one flat buffer battmon.dll hands to its UI helper through CeCallUserProc: BATTERY_WARNING { DWORD level;
// WCHAR text[TEXT_CHARS]; }, the text inline. CeCallUserProc copies this blob into the helper's udevice and nothing
// else, so it must hold no pointer: a pointer to the driver's memory would be a kernel address there.
export const TEXT_CHARS = 64
export const WARNING_SIZE = 4 + 2 * TEXT_CHARS
/** The helper's answer: DWORD, the MessageBox result. */
export const ANSWER_SIZE = 4

export interface BatteryWarning {
  level: number
  text: string
}

export function encodeWarning(w: BatteryWarning): Uint8Array {
  const blob = new Uint8Array(WARNING_SIZE)
  const v = new DataView(blob.buffer)
  v.setUint32(0, w.level >>> 0, true)
  const text = w.text.slice(0, TEXT_CHARS - 1)
  for (let i = 0; i < text.length; i++) v.setUint16(4 + 2 * i, text.charCodeAt(i), true)
  return blob
}

export function decodeWarning(blob: Uint8Array): BatteryWarning {
  const v = new DataView(blob.buffer, blob.byteOffset, blob.byteLength)
  let text = ''
  for (let i = 0; i < TEXT_CHARS; i++) {
    const c = v.getUint16(4 + 2 * i, true)
    if (c === 0) break
    text += String.fromCharCode(c)
  }
  return { level: v.getUint32(0, true), text }
}
