/* cedk's giisr.h: the generic installable ISR's configuration record and the IOCTL that passes it (written from the
 * CE6 documentation). A driver loads giisr.dll with LoadIntChainHandler and sends GIISR_INFO with KernelLibIoControl;
 * the ISR reads PortAddr in interrupt context, so it must be a kernel address (a static mapping), not a physical
 * one (CE6-P03). */
#ifndef CEDK_GIISR_H
#define CEDK_GIISR_H
#include "windows.h"

#define IOCTL_KLIB_USER 256
#define USER_IOCTL(X) (IOCTL_KLIB_USER + (X))
#define IOCTL_GIISR_INFO USER_IOCTL(0)

typedef struct _GIISR_INFO {
  DWORD SysIntr;    /* the SYSINTR to return when the register says the device interrupted */
  BOOL CheckPort;   /* read PortAddr to decide */
  BOOL PortIsIO;    /* I/O space rather than memory */
  BOOL UseMaskReg;  /* clear the interrupt through MaskAddr */
  DWORD PortAddr;   /* the status register, as the ISR sees it (a static mapping) */
  DWORD PortSize;   /* 1, 2 or 4 bytes */
  DWORD Mask;       /* the bits that mean "mine" */
  DWORD MaskAddr;
} GIISR_INFO, *PGIISR_INFO;

#endif
