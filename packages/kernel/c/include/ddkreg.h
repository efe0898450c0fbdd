/* cedk's ddkreg.h: ceddk's readers of a driver key's hardware resources (CE6 ddkreg.h layouts). Both return a
 * Win32 error code: ERROR_INVALID_PARAMETER when cbSize is not the structure's size, ERROR_INVALID_DATA when the
 * key's values have the wrong types or do not pair up (IoBase/IoLen, MemBase/MemLen: one DWORD each, or hex
 * MULTI_SZ lists of equal length; IsrDll/IsrHandler: both or neither). */
#ifndef CEDK_DDKREG_H
#define CEDK_DDKREG_H
#include "windows.h"
#include "winreg.h"
#include "devload.h"

#define MAX_DEVICE_WINDOWS 6
#define IRQ_UNSPECIFIED 0xFFFFFFFFUL

typedef struct {
  DWORD dwBase;
  DWORD dwLen;
} DEVICEWINDOW, *PDEVICEWINDOW;

typedef struct {
  DWORD cbSize;          /* sizeof(DDKWINDOWINFO), set by the caller */
  DWORD dwBusNumber;     /* BusNumber, default 0 */
  DWORD dwInterfaceType; /* InterfaceType, default InterfaceTypeUndefined (-1) */
  DWORD dwNumIoWindows;
  DEVICEWINDOW ioWindows[MAX_DEVICE_WINDOWS];
  DWORD dwNumMemWindows;
  DEVICEWINDOW memWindows[MAX_DEVICE_WINDOWS];
} DDKWINDOWINFO, *PDDKWINDOWINFO;

typedef struct {
  DWORD cbSize;    /* sizeof(DDKISRINFO), set by the caller */
  DWORD dwIrq;     /* Irq, default IRQ_UNSPECIFIED */
  DWORD dwSysintr; /* SysIntr, default SYSINTR_NOP */
  WCHAR szIsrDll[DEVDLL_LEN];
  WCHAR szIsrHandler[DEVENTRY_LEN];
} DDKISRINFO, *PDDKISRINFO;

CEDK_IMPORT(ceddk, DDKReg_GetWindowInfo) DWORD DDKReg_GetWindowInfo(HKEY hk, PDDKWINDOWINFO pwi);
CEDK_IMPORT(ceddk, DDKReg_GetIsrInfo) DWORD DDKReg_GetIsrInfo(HKEY hk, PDDKISRINFO pii);
#endif
