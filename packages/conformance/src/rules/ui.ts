import type { Rule } from './rule.js'

export const uiRules: readonly Rule[] = [
  {
    id: 'CE6-U01',
    name: 'ui-in-kernel',
    title: 'UI in a kernel-mode driver',
    family: 'ui',
    quote: 'If your driver has any UI, you won’t be able to run it in the kernel.',
    source: 'seed',
    modes: ['kernel'],
    severity: 'error',
    detection: ['runtime', 'static'],
    detect: 'Running in kernel mode, the driver calls a UI API (MessageBox, a window, a dialog, a shell call) and gets ERROR_NOT_SUPPORTED.',
    fix: 'Move the UI with its resources into a companion user-mode DLL and call it with CeCallUserProc(dll, function, in, inSize, out, outSize, &returned).',
  },
  {
    id: 'CE6-U02',
    name: 'direct-ui-in-user-mode',
    title: 'UI called directly from a user-mode driver',
    family: 'ui',
    quote:
      'Even if your driver will run in user mode, we recommend using the kernel UI handling to maximize portability between user and kernel mode.',
    source: 'seed',
    modes: ['udevice'],
    severity: 'warning',
    detection: ['runtime', 'static'],
    detect: 'Running in udevice, the driver calls a UI API directly. It works there, but the same driver cannot run in the kernel (CE6-U01).',
    fix: 'Call the UI through CeCallUserProc, which loads the helper DLL in-process in user mode and in a udevice.exe from the kernel, so the driver runs unchanged in both.',
  },
  {
    id: 'CE6-U03',
    name: 'embedded-pointer-through-cecalluserproc',
    title: 'Embedded pointer passed through CeCallUserProc',
    family: 'ui',
    quote:
      'The one big difference between CeCallUserProc and an IOCTL is that CeCallUserProc does NOT allow embedded pointers.',
    source: 'seed',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime'],
    detect:
      "The driver stores a pointer inside CeCallUserProc's in buffer and the helper dereferences it. Only the flat in and out blobs are copied, and a helper called from the kernel runs in udevice, which never reaches kernel memory.",
    fix: 'Flatten the data: put everything the helper needs into the single in buffer and read every result from the single out buffer.',
  },
  {
    id: 'CE6-U04',
    name: 'embedded-pointer-kernel-to-user-driver',
    title: 'Embedded pointer from a kernel-mode driver to a user-mode driver',
    family: 'ui',
    quote:
      'Another detail you should know about is that user-mode drivers cannot receive embedded pointers from the kernel.',
    source: 'seed',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime'],
    detect:
      "A kernel-mode driver sends a user-mode driver a buffer holding a kernel address, and the user-mode driver's CeOpenCallerBuffer on it fails with E_ACCESSDENIED. Reported on whichever of the two is the driver under test.",
    fix: 'Flatten the structure so that all data travels in the IN and OUT buffers (as with CeCallUserProc), or run the receiving driver in kernel mode.',
  },
]
