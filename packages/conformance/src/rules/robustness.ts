import type { Rule } from './rule.js'

// Leaks of caller buffers and asynchronous buffers are CE6-M04 and CE6-A02: each leaked resource has one rule.
export const robustnessRules: readonly Rule[] = [
  {
    id: 'CE6-R01',
    name: 'crash-on-caller-input',
    title: 'Kernel or host crash on caller input',
    family: 'robustness',
    quote:
      'Remember, now that drivers run in the kernel, you must be more careful than ever to preserve the security and stability of the system.',
    source: 'seed',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime', 'property'],
    detect:
      'Input from a caller (a bad pointer, a wrong length, a hostile value) makes the driver bugcheck the machine (an exception on a driver thread in kernel mode), corrupt kernel memory through a mapped kernel address, or end its udevice host and every driver of its group.',
    fix: 'Validate lengths and values before use, reach caller memory only through marshalled pointers, return ERROR_INVALID_PARAMETER instead of faulting, and catch exceptions on the threads the driver creates.',
  },
  {
    id: 'CE6-R02',
    name: 'exception-in-entry-point',
    title: 'Exception escaping an entry point',
    family: 'robustness',
    quote:
      'And, while you are modifying your drivers to use the new marshalling helpers and CeCallUserProc, you might as well check to see if it needs to do any secure-copy or exception handling it never did before…',
    source: 'seed',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime', 'property'],
    detect:
      'An entry point (Init, Open, Read, Write, Seek, IOControl, PreClose, Close, PreDeinit, Deinit, PowerUp, PowerDown) throws. The device manager or udevice catches it and the call fails with ERROR_INVALID_PARAMETER (for Init, activation fails), which hides the cause from the caller.',
    fix: 'Catch faults where they can happen (caller memory, hardware access) and return the error that says what went wrong; no exception leaves an entry point.',
  },
  {
    id: 'CE6-R03',
    name: 'leaked-handle',
    title: 'Handle leaked at Close or Deinit',
    family: 'robustness',
    quote: 'resources are allocated in the driver process and must be freed',
    source: 'facts §1',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime', 'static'],
    detect:
      'At Close the ledger still holds handles the driver opened for that open context; at Deinit or udevice exit, any handle the driver opened (events, mutexes, files, registry keys, interrupt events).',
    fix: 'Close per-open handles in Close and device-wide ones in Deinit (CloseHandle, RegCloseKey), the error paths of Init and Open included.',
  },
  {
    id: 'CE6-R04',
    name: 'leaked-memory',
    title: 'Memory leaked at Close or Deinit',
    family: 'robustness',
    quote: 'resources are allocated in the driver process and must be freed',
    source: 'facts §1',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime', 'static'],
    detect:
      'At Close the ledger still holds memory allocated for that open context; at Deinit or udevice exit, any memory the driver allocated or mapped (LocalAlloc, HeapAlloc, VirtualAlloc, AllocPhysMem, MmMapIoSpace, VirtualCopy mappings).',
    fix: 'Free per-open memory in Close and device-wide memory in Deinit (LocalFree, HeapFree, VirtualFree, FreePhysMem, MmUnmapIoSpace), the error paths of Init and Open included.',
  },
  {
    id: 'CE6-R05',
    name: 'leaked-thread',
    title: 'Thread still running at Deinit',
    family: 'robustness',
    quote: 'resources are allocated in the driver process and must be freed',
    source: 'facts §1',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime'],
    detect: 'A thread the driver created (an IST, a worker) is still alive at Deinit or udevice exit.',
    fix: 'In Deinit, tell the thread to stop (InterruptDisable for an IST, an event for a worker), wait for it with WaitForSingleObject, then CloseHandle its handle.',
  },
  {
    id: 'CE6-R06',
    name: 'hang',
    title: 'Entry point that never returns',
    family: 'robustness',
    quote: 'Deinit deferred until no thread is inside the driver',
    source: 'facts §14',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime', 'property'],
    detect:
      "An entry point does not return within the machine's budget (it waits forever or loops), so the caller's thread is stuck and Deinit can never run; the machine stops it with a HangError.",
    fix: 'Bound every wait with a timeout, never wait in an entry point for something only a later call or Deinit provides, and make blocking calls cancellable from PreClose and PreDeinit.',
  },
  {
    id: 'CE6-R07',
    name: 'divergence-between-modes',
    title: 'Different behaviour in kernel mode and in udevice',
    family: 'robustness',
    quote: 'It is our goal that drivers should be as close to 100% portable between kernel and user mode as possible.',
    source: 'seed',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['property'],
    detect:
      'The same sequence of calls gives different results in kernel mode and in udevice: return values, last errors, bytes returned or output data.',
    fix: 'Find the rule behind the difference (usually a marshalling, asynchronous-buffer or privilege rule) and fix that; otherwise remove the code path that depends on the mode.',
  },
]
