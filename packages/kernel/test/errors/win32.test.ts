// Win32 error codes: the ones CE drivers commonly return exist under their winerror.h names and values, print by
// name, and SetLastError takes only integer codes.
import { expect, test } from 'vitest'
import * as kernel from '../../src/index.js'
import { ERROR_BUSY, ERROR_CANCELLED, ERROR_IO_PENDING, ERROR_NOT_READY, ERROR_OPERATION_ABORTED, errorCodeByName, win32ErrorName } from '../../src/index.js'
import { rig } from '../process/rig.js'

test('common driver error codes have their winerror.h values and print by name', () => {
  expect([ERROR_NOT_READY, ERROR_BUSY, ERROR_CANCELLED, ERROR_OPERATION_ABORTED, ERROR_IO_PENDING]).toEqual([21, 170, 1223, 995, 997])
  // Every exported ERROR_ constant prints by its own name and is found by it.
  const codes = Object.entries(kernel).filter(([k, v]) => k.startsWith('ERROR_') && typeof v === 'number') as [string, number][]
  expect(codes.length).toBeGreaterThan(80)
  for (const [name, code] of codes) {
    expect(win32ErrorName(code), name).toBe(name)
    expect(errorCodeByName(name), name).toBe(code)
  }
  expect(new Set(codes.map(([, c]) => c)).size).toBe(codes.length)
})

test('SetLastError(undefined) — a misspelt constant — is refused with the argument named; integer codes are kept', async () => {
  const r = await rig()
  const seen: unknown[] = []
  r.on(1, (c) => {
    for (const bad of [undefined, '87', 1.5, null]) {
      try {
        c.SetLastError(bad as unknown as number)
        seen.push('accepted')
      } catch (e) {
        seen.push((e as Error).message)
      }
    }
    c.SetLastError(ERROR_BUSY)
    seen.push(c.GetLastError())
    return true
  })
  await r.app.DeviceIoControl(r.h, 1, 0, 0, 0, 0)
  expect(seen).toEqual([
    'SetLastError: dwErrCode must be an integer error code, got undefined (a misspelt or missing constant?)',
    'SetLastError: dwErrCode must be an integer error code, got "87"',
    'SetLastError: dwErrCode must be an integer error code, got 1.5',
    'SetLastError: dwErrCode must be an integer error code, got null',
    ERROR_BUSY,
  ])
})
