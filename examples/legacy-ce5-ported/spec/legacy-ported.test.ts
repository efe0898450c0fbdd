// The port of legacy.dll: the same requests in udevice (legacy.reg) and in the kernel (the key without the
// user-mode flag), with no rule broken in either.
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { runLegacy } from '../../legacy-ce5/spec/run-legacy.js'
import ported from '../src/legacy.js'

const USER = readFileSync(new URL('../legacy.reg', import.meta.url), 'utf8')
const KERNEL = USER.replace(/^"(Flags|UserProcGroup)".*$/gm, '')

describe.each([
  { mode: 'udevice' as const, reg: USER },
  { mode: 'kernel' as const, reg: KERNEL },
])('the ported legacy.dll in $mode', ({ mode, reg }) => {
  test('answers GET_INFO and READ_ASYNC through marshalled buffers and keeps every rule', async () => {
    const r = await runLegacy(ported, reg, mode, true)
    expect(r.activated).toBe(true)
    expect(r.info).toEqual({ ok: true, text: 'legacy.dll sysintr=19 interrupts=0' })
    expect(r.async).toEqual({ ok: true, bytes: new Array(16).fill(0x5a) })
    expect(r.unknown).toMatchObject({ ok: false, error: 'ERROR_INVALID_PARAMETER' })
    expect(r.violations.map((v) => `${v.rule}: ${v.message}`)).toEqual([])
  })
})
