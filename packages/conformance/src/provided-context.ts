// The vitest interfaces cedk extends. Values the CedkReporter hands to the test workers through vitest's provide/inject: the run's seed and the
// expectations file (with the date its expiries are judged against, so workers and reporter agree), and the task meta tests hand back.
import type { CedkMeta, SuitePlan } from './report/case-record.js'
import type { ExpectationsFile } from './report/expectations.js'

export interface ProvidedExpectations {
  /** Path of the file as given (relative to the root), for messages. */
  file: string
  /** YYYY-MM-DD: a waiver whose `expires` is before this date has expired. */
  today: string
  expectations: ExpectationsFile
}

declare module 'vitest' {
  export interface ProvidedContext {
    'cedk:seed': number
    'cedk:expectations': ProvidedExpectations
  }
  /** What conformance tests carry to the reporter (see report/case-record.ts). */
  export interface TaskMeta {
    cedk?: CedkMeta
    cedkPlan?: SuitePlan
  }
}
