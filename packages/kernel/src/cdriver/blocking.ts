// The C imports that may block the calling thread (their kernel implementation can return a promise), as
// "module.name". The build gives this list to binaryen's asyncify pass, which instruments exactly the functions
// that can reach one of them so the loader can suspend the C stack there (c-async.ts); the loader treats the same
// list as blocking. A blocking import missing here would return before the kernel's answer: keep it complete.
export const BLOCKING_IMPORTS: readonly string[] = [
  'coredll.WaitForSingleObject',
  'coredll.WaitForMultipleObjects',
  'coredll.Sleep',
  'coredll.EnterCriticalSection',
  'coredll.TryEnterCriticalSection',
  'coredll.CloseHandle',
  'coredll.CreateFileW',
  'coredll.DeviceIoControl',
  'coredll.ReadFile',
  'coredll.WriteFile',
  'coredll.SetFilePointer',
  'coredll.CeCallUserProc',
  'coredll.CeDriverPerformCallback',
  'coredll.ActivateDeviceEx',
  'coredll.DeactivateDevice',
  // Not blocking itself: it calls the guarded body, which may block (c-seh.ts re-enters it while rewinding).
  'cedk.CeTryCall',
  'cedk.CeTryCallEx',
  // A table function of another driver may block.
  'cedk.CedkCallFunctionTable',
]
