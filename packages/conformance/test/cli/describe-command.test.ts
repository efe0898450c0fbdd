// `cedk describe <spec>` in-process on the ported legacy example (two plain IOCTLs, each { DWORD pBuffer; DWORD
// cbBuffer }): the inferred descriptions as TypeScript with the import line they need (the same for the same seed:
// test/properties/infer);
// bad arguments are usage errors.
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { cedk } from './helpers.js'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const SPEC = 'examples/legacy-ce5-ported/spec/legacy-ported.conformance.test.ts'

test('cedk describe prints the inferred description of every IOCTL of the spec', async () => {
  const r = await cedk(ROOT, 'describe', SPEC, '--seed', '3')
  expect(r).toMatchObject({ code: 0, err: '' })
  expect(r.out).toMatch(/^import \{ buffer, ioctl, ptr, struct, u32 \} from '@cedk\/conformance'\n\n\/\/ legacy\.dll \(seed 3\)\n/)
  expect(r.out).toContain("ioctl('GET_INFO', 0x00220004, {")
  expect(r.out).toContain("p0: ptr(buffer(4096), { dir: 'out', len: 'cb4' }),")
  expect(r.out).toMatch(/\/\/ offset 0 is a pointer: its value 0x[0-9a-f]+ was given to CeOpenCallerBuffer as the address — t\d+ CeOpenCallerBuffer\(/)
  expect(r.out).toMatch(/ioctl\('READ_ASYNC', 0x00220008, \{[\s\S]*async: true,\n\}\)/)
}, 60_000)

test('cedk describe: a missing spec, two specs, a bad seed and an unknown option are usage errors', async () => {
  expect(await cedk(ROOT, 'describe')).toMatchObject({ code: 2, err: expect.stringContaining('which spec?') })
  expect(await cedk(ROOT, 'describe', 'a.test.ts', 'b.test.ts')).toMatchObject({ code: 2, err: expect.stringContaining('one spec file at a time') })
  expect(await cedk(ROOT, 'describe', SPEC, '--seed', 'x')).toMatchObject({ code: 2, err: expect.stringContaining('--seed must be an integer') })
  expect(await cedk(ROOT, 'describe', SPEC, '--bogus')).toMatchObject({ code: 2, err: expect.stringContaining('unknown option --bogus') })
  expect(await cedk(ROOT, 'describe', 'no-such-spec', '--seed', '1')).toMatchObject({ code: 2, err: expect.stringContaining('no test file matches no-such-spec') })
}, 60_000)
