// The plan check: the cases a run expected (the family tests conformance() registered) are the cases it ran.
// Cases a name filter (-t) left out are neither expected nor missing; anything else that did not run fails.
import type { RunInput } from './run-input.js'

export interface PlanCheck {
  planned: number
  run: number
  /** Left out by the run's test-name filter. */
  filtered: number
  problems: string[]
}

export function checkPlan(input: RunInput, nameFilter?: RegExp): PlanCheck {
  const check: PlanCheck = { planned: 0, run: 0, filtered: 0, problems: [] }
  for (const s of input.suites) {
    if (s.registered !== s.plan.cases) {
      check.problems.push(`${s.module} > ${s.names.join(' > ')}: planned ${s.plan.cases} cases, registered ${s.registered}`)
    }
  }
  for (const c of input.cases) {
    if (c.meta?.kind !== 'family') continue
    check.planned++
    if (c.meta.result) check.run++
    else if (c.state === 'skipped' && nameFilter && !nameFilter.test(c.names.join(' '))) check.filtered++
    else check.problems.push(`${c.module} > ${c.names.join(' > ')}: planned but ${c.state === 'skipped' ? 'skipped' : `${c.state} without a result`}`)
  }
  return check
}
