// The shrunk program's listing reads in the order the program ran: a call still running when its caller exits shows
// its result after the exit line, with what the exit's Close did to it (and where PreClose comes in).
import { expect, test } from 'vitest'
import type { Program } from '../../src/properties/arbitraries/plan.js'
import type { CallOutcome, Execution } from '../../src/properties/run/execute.js'
import { programText } from '../../src/properties/run/replay-format.js'

const valid = { kind: 'valid' as const, n: 0 }
const call = (ioctl: string) => ({ ioctl, inBuf: valid, outBuf: valid })
const outcome = (step: number, over: Partial<CallOutcome>): CallOutcome => ({
  step, ioctl: 'IOCTL_WAIT', process: 'app0.exe', thread: 0, placed: null, result: { ok: true, value: 1, bytes: 0, lastError: 0, error: 'ERROR_SUCCESS' } as CallOutcome['result'], ...over,
})

test('a call running when its caller exits: its result comes after the exit line, with the note on Close and PreClose', () => {
  const program: Program = {
    procs: 1,
    steps: [
      { call: call('IOCTL_WAIT'), proc: 0, thread: 0, wait: false },
      { call: call('IOCTL_STATUS'), proc: 0, thread: 1, wait: true },
    ],
    schedule: [],
    exit: { proc: 0, afterStep: 0, advanceMs: 10 },
  } as Program
  const run = (mode: 'kernel' | 'udevice'): Execution => ({
    mode,
    outcomes: [outcome(0, { runningAtExit: true, result: null, failure: 'ERROR_OPERATION_ABORTED' }), outcome(1, { ioctl: 'IOCTL_STATUS', failure: 'skipped (app0.exe exited)' })],
  }) as unknown as Execution
  const lines = programText([], program, [run('kernel'), run('udevice')]).split('\n')
  expect(lines).toEqual([
    '  #1 app0.exe thread 0: IOCTL_WAIT (not awaited: overlaps the next call)',
    '      (still running in the driver when the caller exits: its result is below)',
    '  app0.exe exits here, then 10 ms pass',
    '    #1 IOCTL_WAIT returns after the exit began:',
    '      kernel: ERROR_OPERATION_ABORTED',
    '      udevice: ERROR_OPERATION_ABORTED',
    "      the exit closed app0.exe's handle while #1 was running: CE6 calls the driver's PreClose then (to wake and fail the calls in progress) and Close only when the last call has returned; a driver without PreClose gets Close now, during its IOControl",
    '  #2 app0.exe thread 1: IOCTL_STATUS',
    '      kernel: skipped (app0.exe exited)',
    '      udevice: skipped (app0.exe exited)',
  ])
})

test('a call that returned before the exit keeps its result under it', () => {
  const program = { procs: 1, steps: [{ call: call('IOCTL_WAIT'), proc: 0, thread: 0, wait: true }], schedule: [], exit: { proc: 0, afterStep: 0, advanceMs: 5 } } as Program
  const runs = [{ mode: 'kernel', outcomes: [outcome(0, {})] }] as unknown as Execution[]
  expect(programText([], program, runs).split('\n')).toEqual(['  #1 app0.exe thread 0: IOCTL_WAIT', '      kernel: TRUE, 0 bytes', '  app0.exe exits here, then 5 ms pass'])
})
