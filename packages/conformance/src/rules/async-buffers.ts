import type { Rule } from './rule.js'

export const asyncBufferRules: readonly Rule[] = [
  {
    id: 'CE6-A01',
    name: 'async-access-without-async-buffer',
    title: 'Caller memory touched after return, or on another thread, without an asynchronous buffer',
    family: 'async-buffers',
    quote:
      'They most likely correspond to asynchronous memory access, for which you’ll now need CeAllocAsynchronousBuffer / CeFreeAsynchronousBuffer.',
    source: 'seed',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime', 'static'],
    detect:
      "The driver touches a caller pointer (a parameter, or a CeOpenCallerBuffer result) after the call that gave it returned, or from a thread other than the calling one (an IST, a worker). In kernel mode such a thread sees whichever process's memory was last current; in udevice the parameter's alias is already unmapped.",
    fix: 'Before returning, re-marshal the buffer with CeAllocAsynchronousBuffer, use only that pointer afterwards and from other threads, and release it with CeFreeAsynchronousBuffer; or finish the work before the call returns.',
  },
  {
    id: 'CE6-A02',
    name: 'async-buffer-not-freed',
    title: 'Asynchronous buffer never freed',
    family: 'async-buffers',
    quote: 'resources are allocated in the driver process and must be freed',
    source: 'facts §1',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime', 'static'],
    detect:
      "A CeAllocAsynchronousBuffer buffer is still allocated at Close, Deinit, udevice exit or the caller's exit. In kernel mode it keeps an alias of the caller's pages, or a copy that is never written back; in user mode the free is a no-op, and the missing call makes the driver wrong in kernel mode.",
    fix: 'Call CeFreeAsynchronousBuffer (with the same descriptor, MARSHAL_FORCE_ALIAS included) when the asynchronous operation ends, and in PreClose/Close for operations still pending.',
  },
  {
    id: 'CE6-A03',
    name: 'async-buffer-freed-after-close',
    title: 'Asynchronous buffer freed after its caller buffer was closed',
    family: 'async-buffers',
    quote:
      'asynchronous use requires CeAllocAsynchronousBuffer and CeFreeAsynchronousBuffer *before* CeCloseCallerBuffer',
    source: 'facts §5.1',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime', 'static'],
    detect:
      'CeFlushAsynchronousBuffer or CeFreeAsynchronousBuffer runs after CeCloseCallerBuffer closed the buffer the asynchronous one was made from. In user mode the asynchronous buffer is that very duplicate, already gone.',
    fix: 'Release in order: CeFreeAsynchronousBuffer first, then CeCloseCallerBuffer on the source buffer (MarshalledBuffer_t::Unmarshal does this).',
  },
  {
    id: 'CE6-A04',
    name: 'output-async-buffer-not-flushed',
    title: 'Output asynchronous buffer neither flushed nor freed before completion',
    family: 'async-buffers',
    quote: 'ARG_O_PTR / ARG_IO_PTR: writes back data from asynchronous buffer into source buffer.',
    source: 'facts §5.3',
    modes: ['kernel'],
    severity: 'error',
    detection: ['runtime'],
    detect:
      "The driver writes into an ARG_O_PTR or ARG_IO_PTR asynchronous buffer and then signals completion to the caller (sets its event, completes its request) before CeFlushAsynchronousBuffer or CeFreeAsynchronousBuffer copied the data back. A duplicated buffer (520 bytes or less) leaves the caller with stale data.",
    fix: 'Call CeFlushAsynchronousBuffer after writing the results and before signalling completion, or free the buffer with CeFreeAsynchronousBuffer first (it writes back).',
  },
  {
    id: 'CE6-A05',
    name: 'ce5-permission-api',
    title: 'CE5 permission API',
    family: 'async-buffers',
    quote: 'Second, look for calls to SetKMode and SetProcPermissions.',
    source: 'seed',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime', 'static'],
    detect:
      'The driver calls SetKMode, SetProcPermissions or GetCurrentPermissions. CE6 keeps them as stubs that return 0 and change nothing, so the access they were meant to allow reaches the wrong process or faults.',
    fix: 'Remove the calls; marshal the buffer for asynchronous use with CeAllocAsynchronousBuffer / CeFreeAsynchronousBuffer.',
  },
  {
    id: 'CE6-A06',
    name: 'async-write-back-from-user-mode',
    title: 'Asynchronous write-back to a pointer parameter from a user-mode driver',
    family: 'async-buffers',
    quote:
      'As I explained in the marshalling post, user-mode drivers cannot write back pointer parameters asynchronously.',
    source: 'seed',
    modes: ['udevice'],
    severity: 'error',
    detection: ['runtime', 'static'],
    detect:
      "Running in udevice, the driver makes an asynchronous buffer of a pointer parameter (CeAllocAsynchronousBuffer returns the same pointer in user mode) and touches it after the call returned: the reflector unmapped the parameter's alias at the return, so the access faults. Without any asynchronous buffer the same access is CE6-A01.",
    fix: 'Keep the driver in kernel mode, or make the exchange synchronous; in user mode only memory the driver opened itself with CeOpenCallerBuffer, and keeps open, can be used after the return.',
  },
  {
    id: 'CE6-A07',
    name: 'access-after-caller-exit',
    title: 'Caller memory touched after the caller exited',
    family: 'async-buffers',
    quote:
      'Kernel threads (ISTs) have no VM affinity and see whichever process VM was last active; dereferencing a stale caller pointer there must read the *wrong* process (or fault), not the caller.',
    source: 'facts §14',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime', 'property'],
    detect:
      'The driver reads, writes or flushes an asynchronous buffer (or any pointer) of a caller process after that process exited. The property suite ends the caller while the driver still holds its buffers.',
    fix: "Cancel a caller's pending operations in PreClose/Close (called when its handle closes, at process exit too), free their buffers there with CeFreeAsynchronousBuffer, and have worker threads check that an operation is still live before touching its buffer.",
  },
]
