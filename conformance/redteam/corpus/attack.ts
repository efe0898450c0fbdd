// The red-team corpus: one user-mode driver per attack of issue 14 (the eight holes, and the attacks CE6 already
// stopped). Each driver reports through its IOCTL's output DWORD whether it got what it was after (1) or not (0);
// corpus.test.ts runs each in udevice with the verifier and asserts it was stopped and reported under its rule.
import type { CallerProcess, DriverModule } from '@cedk/kernel'
import type { Scenario, ScenarioContext } from '../../harness.js'

export interface Attack {
  /** What the driver tries, e.g. "re-commits a caller's buffer it kept". */
  readonly what: string
  readonly driver: DriverModule
  readonly scenario: Scenario
  /** The rules one of which must report it (empty: no rule can, said in `unflagged`). */
  readonly rules: readonly string[]
  /** Why no rule reports it, when `rules` is empty. */
  readonly unflagged?: string
  /** The output DWORDs of the scenario's IOCTLs, in order (0: stopped). */
  readonly outcomes: number[]
}

/** Call IOCTL `code` with `nIn` bytes of input and a DWORD of output; the DWORD is the outcome. */
export async function ask(app: CallerProcess, h: number, outcomes: number[], code = 1, input: readonly number[] = []): Promise<void> {
  const pIn = input.length ? app.alloc(input.length) : 0
  if (pIn) app.write(pIn, input)
  const pOut = app.alloc(4)
  app.writeU32(pOut, 0)
  await app.DeviceIoControl(h, code, pIn, input.length, pOut, 4)
  outcomes.push(app.readU32(pOut))
}

/** A scenario of IOCTL 1 (and more codes), recording the outcomes. */
export function asking(outcomes: number[], codes: readonly number[] = [1], extra: Partial<Scenario> = {}, input: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8]): Scenario {
  return {
    modes: ['udevice'],
    async run(c: ScenarioContext) {
      for (const code of codes) await ask(c.app, c.h, outcomes, code, input)
    },
    ...extra,
  }
}
