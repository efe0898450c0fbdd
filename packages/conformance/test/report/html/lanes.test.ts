// The timeline's layout without a browser: lanes per thread grouped by process (callers, nk.exe, udevice), and the
// spans of entry points and API calls nested as they ran.
import type { ExportedEvent, TraceExport } from '@cedk/kernel'
import { expect, test } from 'vitest'
import { categoryOf, lanesOf, spansOf } from '../../../src/report/html/viewer/lanes.js'

const ev = (seq: number, tid: number, kind: string, fields: ExportedEvent['fields'] = {}): ExportedEvent => ({ seq, time: 0, tid, kind, fields, text: kind })

test('lanes: caller applications first, then nk.exe, then udevice hosts; a switch target gets a lane too', () => {
  const t: TraceExport = {
    schema: 'cedk-trace/1', from: 0, to: 3, focus: null, omitted: { before: 0, after: 0 },
    processes: [{ pid: 1, name: 'nk.exe', kind: 'kernel' }, { pid: 2, name: 'udevice.exe', kind: 'udevice' }, { pid: 3, name: 'app.exe', kind: 'user' }],
    threads: [{ tid: 1, pid: 1, name: 'devmgr' }, { tid: 2, pid: 2, name: 'worker' }, { tid: 3, pid: 3, name: 'main' }],
    events: [ev(0, 3, 'api-call', { name: 'DeviceIoControl' }), ev(1, 0, 'interrupt', { sysIntr: 17 }), ev(2, 3, 'thread-switch', { from: 3, to: 2, vm: 2 }), ev(3, 1, 'note')],
  }
  const { lanes, groups } = lanesOf(t)
  expect(groups.map((g) => g.label)).toEqual(['app.exe (p3, user)', 'nk.exe (p1, kernel)', 'udevice.exe (p2, udevice)', 'no thread (hardware, the test)'])
  expect(lanes.map((l) => [l.label, l.group])).toEqual([['t3 main', 0], ['t1 devmgr', 1], ['t2 worker', 2], ['—', 3]])
})

test('spans nest per thread; an exit whose call began before the window starts a span at its start; unfinished spans stay open', () => {
  const events = [
    ev(10, 3, 'entry-exit', { name: 'a.dll!A_Open' }),
    ev(11, 3, 'api-call', { name: 'DeviceIoControl' }),
    ev(12, 3, 'entry-enter', { name: 'a.dll!A_IOControl' }),
    ev(13, 3, 'api-call', { name: 'CeOpenCallerBuffer' }),
    ev(14, 4, 'api-call', { name: 'Sleep' }),
    ev(15, 3, 'api-return', { name: 'CeOpenCallerBuffer' }),
    ev(16, 3, 'entry-exit', { name: 'a.dll!A_IOControl' }),
    ev(17, 3, 'api-return', { name: 'DeviceIoControl' }),
  ]
  const spans = spansOf(events).map((s) => [s.tid, s.name, s.start, s.end, s.depth, s.open])
  expect(spans).toEqual([
    [3, 'a.dll!A_Open', 0, 0, 0, true],
    [3, 'DeviceIoControl', 1, 7, 0, false],
    [3, 'a.dll!A_IOControl', 2, 6, 1, false],
    [3, 'CeOpenCallerBuffer', 3, 5, 2, false],
    [4, 'Sleep', 4, 7, 0, true],
  ])
  expect(['mem-read', 'entry-enter', 'thread-switch', 'fault', 'interrupt', 'note'].map(categoryOf)).toEqual(['memory', 'calls', 'switches', 'faults', 'interrupts', 'other'])
})
