// fc.record for generated plans: plain objects only. By default fast-check draws, for every record, whether to make
// it with a null prototype; V8 keeps such objects in dictionary mode, so every later read of a plan's fields (placing,
// encoding, judging a call) was a hash lookup, and the extra draw cost a generated boolean per record.
import fc from 'fast-check'

export function record<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>
}
