import type { Rule } from './rule.js'

// Every privilege rule is a request the kernel or the reflector refuses to a user-mode driver. The same call works
// in kernel mode, where a driver is trusted with it, so these rules check udevice runs only.
export const privilegeRules: readonly Rule[] = [
  {
    id: 'CE6-P01',
    name: 'physical-mapping-outside-windows',
    title: "Physical memory mapped outside the driver's IoBase/IoLen and MemBase/MemLen windows",
    family: 'privileges',
    quote:
      'When your driver calls VirtualCopy, the reflector will check these values to make sure your driver is allowed to access the physical address.',
    source: 'seed',
    modes: ['udevice'],
    severity: 'error',
    detection: ['runtime', 'static'],
    detect:
      'Running in udevice, the driver maps physical memory (VirtualCopy with PAGE_PHYSICAL, MmMapIoSpace, CreateStaticMapping) outside the windows its registry key declares, or makes a second static mapping of one window, and the reflector refuses with ERROR_INVALID_PARAMETER.',
    fix: "Map only the ranges declared under the driver's registry key (IoBase/IoLen, MemBase/MemLen: DWORDs for one window, hex multi-strings for several), read with DDKReg_GetWindowInfo; declare a new range there, not in code.",
  },
  {
    id: 'CE6-P02',
    name: 'interrupt-not-registry-sysintr',
    title: 'Interrupt API on a SysIntr the registry does not give the driver',
    family: 'privileges',
    quote: 'Interrupt APIs: InterruptInitialize, InterruptDone, LoadIntChainHandler',
    source: 'seed',
    modes: ['udevice'],
    severity: 'error',
    detection: ['runtime', 'static'],
    detect:
      'Running in udevice, the driver calls InterruptInitialize, InterruptDone, InterruptDisable or InterruptMask on a SysIntr other than the one in its registry key, or initialises it twice, and the reflector refuses with ERROR_INVALID_PARAMETER.',
    fix: 'Read SysIntr from the registry with DDKReg_GetIsrInfo and use only that value; a user-mode driver does not request a SysIntr at run time (IOCTL_HAL_REQUEST_SYSINTR).',
  },
  {
    id: 'CE6-P03',
    name: 'iisr-not-giisr',
    title: 'Installable ISR other than GIISR',
    family: 'privileges',
    quote: 'You cannot install IISR directly, though you can install GIISR via the reflector.',
    source: 'seed',
    modes: ['udevice'],
    severity: 'error',
    detection: ['runtime', 'static'],
    detect:
      'Running in udevice, the driver calls LoadIntChainHandler for anything but the IsrDll "giisr.dll" and IsrHandler "ISRHandler" of its registry key on its Irq, or a second time, or sends the GIISR handle anything but IOCTL_GIISR_INFO with ports inside its windows; the reflector refuses with ERROR_INVALID_PARAMETER.',
    fix: 'Declare Irq, IsrDll = "giisr.dll" and IsrHandler = "ISRHandler" in the registry, call LoadIntChainHandler once, and configure it with KernelLibIoControl(IOCTL_GIISR_INFO) using port addresses inside the IoBase/MemBase windows or the static mapping.',
  },
  {
    id: 'CE6-P04',
    name: 'oal-ioctl-not-permitted',
    title: 'OAL IOCTL not permitted to user mode',
    family: 'privileges',
    quote: 'OAL IOCTLs that are not explicitly permitted by the kernel',
    source: 'seed',
    modes: ['udevice'],
    severity: 'error',
    detection: ['runtime', 'static'],
    detect:
      'Running in udevice, the driver calls KernelIoControl (or KernelLibIoControl on KMOD_OAL) with an IOCTL outside the oalioctl allow-list (by default IOCTL_HAL_GET_CACHE_INFO, IOCTL_HAL_GET_DEVICE_INFO, IOCTL_HAL_GET_DEVICEID, IOCTL_HAL_GET_UUID, IOCTL_PROCESSOR_INFORMATION) and gets ERROR_NOT_SUPPORTED.',
    fix: 'Use only the allowed OAL IOCTLs from user mode and take the rest from the registry (SysIntr instead of IOCTL_HAL_REQUEST_SYSINTR), or keep the driver in kernel mode; widening oalioctl reopens the gap CE6 closed.',
  },
  {
    id: 'CE6-P05',
    name: 'vm-api-in-user-mode',
    title: 'Kernel-only VM API called from user mode',
    family: 'privileges',
    quote: 'VM APIs:  VirtualCopy[Ex], LockPages[Ex], CreateStaticMapping',
    source: 'seed',
    modes: ['udevice'],
    severity: 'error',
    detection: ['runtime', 'static'],
    detect:
      'Running in udevice, the driver calls an API the kernel serves to kernel mode only (VirtualCopyEx, VirtualCopy without PAGE_PHYSICAL, LockPages, LockPagesEx, UnlockPages, VirtualAllocCopyEx, CeVirtualSharedAlloc) and gets ERROR_NOT_SUPPORTED.',
    fix: 'Map device memory with VirtualCopy(PAGE_PHYSICAL) or MmMapIoSpace inside the registry windows (the reflector serves those) and reach caller memory with CeOpenCallerBuffer; a driver that must lock pages for DMA stays in kernel mode.',
  },
  {
    id: 'CE6-P06',
    name: 'protected-registry-write',
    title: 'Write to a protected registry key',
    family: 'privileges',
    quote:
      'Since only privileged applications can write to this part of the registry, the registry keys should protect against unprivileged code trying to gain access to these addresses.',
    source: 'seed',
    modes: ['udevice'],
    severity: 'error',
    detection: ['runtime', 'static'],
    detect:
      'Running in udevice, the driver creates, sets or deletes a value under a protected key (HKLM\\Drivers or HKLM\\Services and below, where IoBase, IoLen, SysIntr and the other resource values live) and is refused with ERROR_ACCESS_DENIED.',
    fix: 'Keep what the driver writes at run time outside the protected keys (e.g. under HKLM\\Software\\<vendor>); resource values come from the .reg files of the image, never from the driver.',
  },
  {
    id: 'CE6-P07',
    name: 'isolation-escape',
    title: 'User-mode driver reaching past its process isolation',
    family: 'privileges',
    quote: 'We never allow user-mode code to access kernel-mode memory.',
    source: 'seed',
    modes: ['udevice'],
    severity: 'error',
    detection: ['runtime'],
    detect:
      "Running in udevice, the driver tries what no correct driver does and the machine refuses it: committing, protecting, decommitting or releasing a page of the reflector's parameter window (a caller's buffer, during the call or after it), changing or freeing the shared heap (0x70000000–0x7FEFFFFF, read-only to user mode), calling its ctx from code that runs outside every frame of its module (a detached promise chain), or activating a device key outside HKLM\\Drivers and HKLM\\Services (a key it could have written itself).",
    fix: "Reach caller memory only through the parameters of the call being served and CeOpenCallerBuffer; allocate with VirtualAlloc/LocalAlloc in the driver's own range; await every promise an entry point or thread starts; load drivers only from keys in the image's protected registry. A design that needs kernel memory or the shared heap stays in kernel mode.",
  },
]
