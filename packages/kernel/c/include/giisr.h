/* cedk's giisr.h: the generic installable ISR's request (CE6 giisr.h). A driver loads giisr.dll on its IRQ with
 * LoadIntChainHandler and tells it which register to test with KernelLibIoControl(IOCTL_GIISR_INFO). In a udevice the
 * reflector checks the port: a memory port must lie in a static mapping (CreateStaticMapping) of the key's window. */
#ifndef CEDK_GIISR_H
#define CEDK_GIISR_H
#include "windows.h"

#define IOCTL_KLIB_USER 256
#define USER_IOCTL(X) (IOCTL_KLIB_USER + (X))
#define IOCTL_GIISR_INFO USER_IOCTL(0)
#define IOCTL_GIISR_PORTVALUE USER_IOCTL(1)
#define MAX_GIISR_INSTANCES 32

typedef struct _GIISR_INFO {
  DWORD SysIntr;   /* the SYSINTR the ISR returns when the port says the device interrupted */
  BOOL CheckPort;  /* test the port (else always return SysIntr) */
  BOOL PortIsIO;   /* an I/O-space port (else memory) */
  BOOL UseMaskReg; /* clear the interrupt through MaskAddr */
  DWORD PortAddr;
  DWORD PortSize;  /* 1, 2 or 4 bytes */
  DWORD Mask;      /* the port's bits that mean "interrupting" */
  DWORD MaskAddr;
} GIISR_INFO, *PGIISR_INFO;
#endif
