/* serial.dll's private state: one SER_PORT per activated device (COM_Init's context), one SER_OPEN per handle
 * (COM_Open's context). The receive and transmit rings live in LocalAlloc'd memory and are shared by the callers'
 * threads and the interrupt service thread, under csPort. */
#ifndef SERIAL_PRIV_H
#define SERIAL_PRIV_H
#include <windows.h>
#include <ceddk.h>
#include "serial_ioctl.h"

#ifndef ERROR_ACCESS_DENIED
#define ERROR_ACCESS_DENIED 5L /* winerror.h */
#endif

#define SER_PORT_SIGNATURE 0x31524553UL /* 'SER1' */
#define SER_RX_SIZE 4096
#define SER_TX_SIZE 4096
#define SER_IST_PRIORITY 103
#define SER_DEFAULT_BAUD 115200

typedef struct _SER_RING {
  PBYTE pBuffer;
  DWORD Size;
  DWORD Head; /* oldest byte */
  DWORD Count;
} SER_RING;

struct _SER_OPEN;

typedef struct _SER_PORT {
  DWORD Signature;
  volatile UCHAR *pRegs;
  DWORD WindowLen;
  DWORD SysIntr;
  BOOL fInterruptOn; /* InterruptInitialize succeeded: InterruptDisable at teardown */
  HANDLE hIntrEvent; /* bound to SysIntr */
  HANDLE hRxReady; /* manual reset: set while received bytes wait */
  HANDLE hTxDone; /* auto reset: the transmit ring drained */
  HANDLE hIst;
  volatile BOOL fStopping;
  CRITICAL_SECTION csPort; /* the rings, Ier, Errors, the line settings */
  SER_RING Rx;
  SER_RING Tx;
  UCHAR Ier;
  DWORD BaudRate;
  SERIAL_LINE_CONTROL Line;
  COMMTIMEOUTS Timeouts;
  DWORD Errors; /* CE_* bits */
  struct _SER_OPEN *pReader; /* the one open handle that may read */
  struct _SER_OPEN *pOpens; /* every open handle, so Deinit can free what is left */
} SER_PORT;

typedef struct _SER_OPEN {
  SER_PORT *pPort;
  DWORD Access;
  volatile BOOL fClosing; /* PreClose ran: a blocked Read gives up */
  struct _SER_OPEN *pNext;
} SER_OPEN;

/* ring.c */
BOOL RingAlloc(SER_RING *pRing, DWORD Size);
void RingFree(SER_RING *pRing);
void RingPutByte(SER_RING *pRing, BYTE b);
BYTE RingGetByte(SER_RING *pRing);
void RingClear(SER_RING *pRing);

/* hw.c */
UCHAR UartRead(SER_PORT *pPort, DWORD Reg);
void UartWrite(SER_PORT *pPort, DWORD Reg, UCHAR Value);
BOOL UartProgramLine(SER_PORT *pPort);

/* ist.c */
DWORD WINAPI SerialIST(LPVOID pContext);

/* ioctl.c: one IOCTL's parameters, dispatched under CeTryCall with csPort held (DispatchIoctl returns the BOOL). */
typedef struct _SER_IOCTL {
  SER_PORT *pPort;
  DWORD dwCode;
  PBYTE pBufIn;
  DWORD dwLenIn;
  PBYTE pBufOut;
  DWORD dwLenOut;
  PDWORD pdwActualOut;
} SER_IOCTL;
DWORD DispatchIoctl(void *pRequest);
#endif
