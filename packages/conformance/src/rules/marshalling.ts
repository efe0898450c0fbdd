import type { Rule } from './rule.js'

export const marshallingRules: readonly Rule[] = [
  {
    id: 'CE6-M01',
    name: 'unmarshalled-embedded-pointer',
    title: 'Embedded pointer used without CeOpenCallerBuffer',
    family: 'marshalling',
    quote:
      'The biggest difference in CE6 is how drivers access embedded pointers and other data, as I described in detail in my memory marshalling post.',
    source: 'seed',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime', 'property', 'static'],
    detect:
      "The driver reads or writes caller memory through a pointer it found inside a buffer (an embedded pointer) without marshalling it with CeOpenCallerBuffer. In kernel mode the access works, because the caller's address space is still current, and is flagged all the same; in udevice it faults.",
    fix: 'Open every embedded pointer with CeOpenCallerBuffer (its length field and an ARG_I_PTR, ARG_O_PTR or ARG_IO_PTR descriptor), use only the pointer it returns, and release it with CeCloseCallerBuffer before returning (MarshalledBuffer_t does both).',
  },
  {
    id: 'CE6-M02',
    name: 'access-check-bypass',
    title: 'Access on behalf of a caller to memory it could not reach',
    family: 'marshalling',
    quote: 'We never allow user-mode code to access kernel-mode memory.',
    source: 'seed',
    modes: ['kernel'],
    severity: 'error',
    detection: ['runtime', 'property'],
    detect:
      'On a call from a user-mode process, the driver touches memory that process could not reach itself (a kernel address at 0x80000000 or above, or a write to the shared heap at 0x70000000-0x7FEFFFFF) through a pointer the caller supplied and nothing access-checked. Reported instead of CE6-M01 for such addresses.',
    fix: 'Reach caller-supplied pointers only through CeOpenCallerBuffer, which checks them with IsValidUsrPtr in the direction of the descriptor and fails with E_ACCESSDENIED; return ERROR_INVALID_PARAMETER to the caller on that failure.',
  },
  {
    id: 'CE6-M03',
    name: 'access-mode-mismatch',
    title: 'Write through an input-only buffer',
    family: 'marshalling',
    quote:
      'a user mode driver cannot write to an input buffer and input buffers in IOCTLs now follow standard input buffer properties',
    source: 'facts §10.2',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime', 'static'],
    detect:
      "The driver writes through a buffer its descriptor declares input-only: DeviceIoControl's lpInBuf (ARG_I_PTR), WriteFile's buffer, or a buffer opened with an ARG_I_* descriptor. In kernel mode the write lands in the caller's memory; in udevice (CE 6.0 R2) the input alias is read-only and the write faults.",
    fix: 'Return data only through the output buffer (lpOutBuf, ARG_IO_PTR) or an embedded pointer opened with ARG_O_PTR or ARG_IO_PTR; copy the input into driver-owned memory (CeAllocDuplicateBuffer) if it must be changed.',
  },
  {
    id: 'CE6-M04',
    name: 'caller-buffer-not-closed',
    title: 'Caller buffer not closed',
    family: 'marshalling',
    quote: 'Frees resources; performs write-back for `ARG_O*`/`ARG_IO*`',
    source: 'facts §5.2',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime', 'static'],
    detect:
      "A CeOpenCallerBuffer buffer is still open when the call that opened it returns (unless an asynchronous buffer was made from it: in user mode that needs it open until CeFreeAsynchronousBuffer), or a buffer kept past the return, or a CeAllocDuplicateBuffer copy, is still open at Close, Deinit, udevice exit or the caller's exit. Output data never reaches the caller and the copy leaks.",
    fix: 'Pair every CeOpenCallerBuffer with CeCloseCallerBuffer and every CeAllocDuplicateBuffer with CeFreeDuplicateBuffer on every path, the error paths included (MarshalledBuffer_t and DuplicatedBuffer_t do it in their destructors).',
  },
  {
    id: 'CE6-M05',
    name: 'double-fetch',
    title: 'Caller memory fetched twice in one call',
    family: 'marshalling',
    quote:
      'And, while you are modifying your drivers to use the new marshalling helpers and CeCallUserProc, you might as well check to see if it needs to do any secure-copy or exception handling it never did before…',
    source: 'seed',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime', 'property'],
    detect:
      'Within one call the driver reads the same caller bytes twice from memory the caller can still change (a direct parameter, an aliased buffer, or a CeOpenCallerBuffer pointer returned without a copy), e.g. checks a length and then uses it. The property suite changes those bytes from a second caller thread between the two fetches.',
    fix: 'Fetch each caller value once into driver-owned memory: open the buffer with CeOpenCallerBuffer and ForceDuplicate = TRUE, or copy a parameter with CeAllocDuplicateBuffer, then validate and use only the copy.',
  },
  {
    id: 'CE6-M06',
    name: 'use-after-close',
    title: 'Marshalled buffer used after it was closed or freed',
    family: 'marshalling',
    quote:
      'CeCloseCallerBuffer writes back only for O/IO descriptors, frees even if write-back fails (E_ACCESSDENIED), returns S_OK when dest==src.',
    source: 'facts §14',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime', 'static'],
    detect:
      "The driver touches a pointer from CeOpenCallerBuffer, CeAllocDuplicateBuffer or CeAllocAsynchronousBuffer after closing or freeing it. The verifier poisons the buffer when it is released, so the first later touch is caught at the byte; a pointer that was the caller's own (kernel mode, no copy) still works and is flagged.",
    fix: 'Release the buffer (CeCloseCallerBuffer, CeFreeDuplicateBuffer, CeFreeAsynchronousBuffer) only after its last use, and drop the pointer you kept.',
  },
  {
    id: 'CE6-M07',
    name: 'ce5-mapping-api',
    title: 'CE5 mapping API',
    family: 'marshalling',
    quote:
      'First, look through your existing code for calls to mapping APIs like MapCallerPtr or MapPtrToProcess, and convert them to calls to marshalling APIs like CeOpenCallerBuffer / CeCloseCallerBuffer.',
    source: 'seed',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime', 'static'],
    detect:
      'The driver calls MapCallerPtr or MapPtrToProcess. CE6 keeps them as stubs that return the pointer unchanged, so nothing is marshalled or access-checked.',
    fix: 'Delete the call on a pointer parameter (the kernel has already checked it); for an embedded pointer use CeOpenCallerBuffer / CeCloseCallerBuffer.',
  },
  {
    id: 'CE6-M08',
    name: 'parameter-buffer-overrun',
    title: 'Access past the length of a buffer parameter',
    family: 'marshalling',
    quote: 'each pointer must pass `IsValidUsrPtr(ptr, size, descriptor & ARG_O_BIT)` else `ERROR_INVALID_PARAMETER`',
    source: 'facts §4',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime', 'property'],
    detect:
      "The driver reads or writes a first-level buffer (lpInBuf, lpOutBuf, ReadFile's or WriteFile's buffer) past the length the caller gave for it (nInBufferSize, nOutBufferSize, nNumberOfBytes…), on the pages that hold the buffer: e.g. it checks nOutBufferSize against a DWORD and writes a whole structure. The kernel access-checked only the stated length, and the reflector maps only the pages of it, so the bytes past it are other caller data, or an uncommitted page that faults.",
    fix: 'Check nInBufferSize and nOutBufferSize against the full size of the structure before touching it (fail with ERROR_INSUFFICIENT_BUFFER or ERROR_INVALID_PARAMETER), and read or write no byte past the length the caller gave.',
  },
]
