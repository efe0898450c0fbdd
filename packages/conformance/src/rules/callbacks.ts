import type { Rule } from './rule.js'

export const callbackRules: readonly Rule[] = [
  {
    id: 'CE6-C01',
    name: 'callback-from-user-mode',
    title: 'Callback from a user-mode driver into another process',
    family: 'callbacks',
    quote: 'Call-backs from a user-mode driver to any process are also prohibited.',
    source: 'seed',
    modes: ['udevice'],
    severity: 'error',
    detection: ['runtime', 'static'],
    detect:
      'Running in udevice, the driver calls back into another process with PerformCallBack or CeDriverPerformCallback (a routine registered with CeDriverMapCallbackFunction) and gets ERROR_NOT_SUPPORTED.',
    fix: 'Signal the caller instead (an event it waits on, or a pending IOCTL the driver completes), or keep the driver that calls back in kernel mode.',
  },
  {
    id: 'CE6-C02',
    name: 'user-mode-bus-with-kernel-clients',
    title: 'User-mode bus driver with kernel-mode clients',
    family: 'callbacks',
    quote:
      'The most important repercussion of this is, if you move a bus driver to user mode, you’d have to move the client drivers to user mode too.',
    source: 'seed',
    modes: ['kernel', 'udevice'],
    severity: 'error',
    detection: ['runtime'],
    detect:
      "A bus driver running in udevice and a client driver in the kernel (or in another udevice host) call each other's function tables across the process boundary, and the call fails with ERROR_NOT_SUPPORTED. Reported on whichever of the two is the driver under test; explicit callbacks are CE6-C01.",
    fix: "Load the client drivers in user mode in the bus driver's udevice group (the same UserProcGroup value), so every call between them stays in one process; or keep the bus driver in kernel mode.",
  },
]
