// The scheduler's turn probe: waiters run at the next turn of the event loop, in the order they asked; a cancelled
// waiter does not run, and when every waiter has cancelled nothing stays queued on the event loop.
import { expect, test } from 'vitest'
import { TurnProbe } from '../../src/process/turn-probe.js'

const immediates = () => process.getActiveResourcesInfo().filter((r) => r === 'Immediate').length

test('waiters run at the next turn, in order; a cancelled one does not', async () => {
  const p = new TurnProbe()
  const ran: string[] = []
  p.wait(() => ran.push('a'))
  const cancel = p.wait(() => ran.push('b'))
  void p.next().then(() => ran.push('next'))
  p.wait(() => ran.push('c'))
  cancel()
  await Promise.resolve()
  expect(ran).toEqual([]) // microtasks are not a turn
  await new Promise((res) => setImmediate(res))
  await Promise.resolve()
  expect(ran).toEqual(['a', 'c', 'next'])
})

test('when the last waiter cancels, the queued immediate is cleared', () => {
  const p = new TurnProbe()
  const before = immediates()
  const c1 = p.wait(() => {})
  const c2 = p.wait(() => {})
  expect(immediates()).toBe(before + 1) // one immediate for every waiter
  c1()
  expect(immediates()).toBe(before + 1)
  c2()
  c2() // twice is harmless
  expect(immediates()).toBe(before)
})
