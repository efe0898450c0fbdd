// The pointer brands make `tsc` reject the classic CE6 porting bug: dereferencing an embedded pointer (a number read
// out of a caller's buffer) without marshalling it. This compiles small drivers with the TypeScript compiler and
// checks which lines it rejects.
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, test } from 'vitest'

const KERNEL = fileURLToPath(new URL('../../src/index.ts', import.meta.url))
const FILE = fileURLToPath(new URL('./__virtual_driver__.ts', import.meta.url))

let previous: ts.Program | undefined

/** Type-check `body` (inside an IOControl with pIn/pOut and `ctx`) and return the error lines with their messages. */
function check(body: string): { line: number; message: string }[] {
  const source = [
    `import { defineDriver, offset, type ParamPtr, type Ptr } from ${JSON.stringify(KERNEL.replace(/\.ts$/, '.js'))}`,
    `export default defineDriver('x.dll', (ctx) => ({`,
    `  Init: () => 1, Deinit: () => true,`,
    `  IOControl(_h: number, _code: number, pIn: ParamPtr, _nIn: number, pOut: ParamPtr) {`,
    ...body.split('\n').map((l) => `    ${l}`),
    `    return true`,
    `  },`,
    `}))`,
  ].join('\n')
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: [],
  }
  const host = ts.createCompilerHost(options)
  const read = host.readFile.bind(host)
  host.readFile = (f) => (f === FILE ? source : read(f))
  const exists = host.fileExists.bind(host)
  host.fileExists = (f) => f === FILE || exists(f)
  // Each check reuses the previous program, so only the small driver file is checked again.
  const program = ts.createProgram([FILE], options, host, previous)
  previous = program
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === FILE)
    .map((d) => ({
      line: d.file!.getLineAndCharacterOfPosition(d.start!).line + 1 - 4,
      message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    }))
}

describe('pointer brands (like sparse __user)', () => {
  test('a first-level parameter can be read and written through ctx.mem', () => {
    expect(check(`const n = ctx.mem.readU32(pIn)\nctx.mem.writeU32(pOut, n)\nctx.mem.write(offset(pOut, 4), [1])`)).toEqual([])
  }, 20_000)

  test('an embedded pointer read out of the caller\'s buffer is a plain number: ctx.mem rejects it', () => {
    const errors = check(`const embedded = ctx.mem.readU32(offset(pIn, 4))\nconst value = ctx.mem.readU32(embedded)`)
    expect(errors).toHaveLength(1)
    expect(errors[0]!.line).toBe(2)
    expect(errors[0]!.message).toMatch(/Argument of type 'number' is not assignable to parameter of type 'Ptr'/)
  }, 20_000)

  test('pointer arithmetic with + loses the brand; offset() keeps it', () => {
    const errors = check(`ctx.mem.readU8(pIn + 1)\nctx.mem.readU8(offset(pIn, 1))`)
    expect(errors.map((e) => e.line)).toEqual([1])
  }, 20_000)

  test('memory the driver owns is accepted; the explicit unsafe cast is accepted (and traced for the verifier)', () => {
    expect(check(`const own = ctx.LocalAlloc(0, 8)\nctx.mem.writeU32(own, 1)\nconst p: Ptr = ctx.unsafePtr(ctx.mem.readU32(pIn))\nctx.mem.readU8(p)\nctx.LocalFree(own)`)).toEqual([])
  }, 20_000)
})
