/* echo.dll: a loopback stream device (ECH1:). What a process writes is queued in a ring and handed back by the
 * next reads; IOCTLs report statistics, peek at the queue, purge it, and scramble a caller's buffer in place
 * (an embedded pointer, opened with CeOpenCallerBuffer as CE6 requires). Every touch of caller memory runs under
 * CeTryCall, cedk's form of __try/__except: a bad caller pointer fails the call instead of faulting. */
#include <windows.h>
#include <pkfuncs.h>
#include <cedk_seh.h>
#include "echo_ioctl.h"

#define ECHO_RING_SIZE 256
#define ECHO_SIGNATURE 0x4F484345UL /* 'ECHO' */
#define ECHO_MAX_XFORM 0x10000

struct _ECHO_OPEN;

typedef struct _ECHO_DEVICE {
  DWORD Signature;
  struct _ECHO_OPEN *pOpens; /* open contexts still live: Deinit frees them if the device goes first */
  DWORD Head; /* next byte to read */
  DWORD Count;
  DWORD OpenCount;
  DWORD BytesWritten;
  DWORD BytesRead;
  BYTE Ring[ECHO_RING_SIZE];
} ECHO_DEVICE;

typedef struct _ECHO_OPEN {
  ECHO_DEVICE *pDevice;
  DWORD Access;
  struct _ECHO_OPEN *pNext;
} ECHO_OPEN;

static void UnlinkOpen(ECHO_DEVICE *pDev, ECHO_OPEN *pOpen) {
  ECHO_OPEN **pp;
  for (pp = &pDev->pOpens; *pp != NULL; pp = &(*pp)->pNext) {
    if (*pp == pOpen) {
      *pp = pOpen->pNext;
      return;
    }
  }
}

/* Devices this DLL instance serves (one copy per process that loads the DLL). */
static DWORD g_DeviceCount;

static ECHO_DEVICE *DeviceFromOpen(DWORD hOpenContext) {
  ECHO_OPEN *pOpen = (ECHO_OPEN *)hOpenContext;
  if (pOpen == NULL || pOpen->pDevice == NULL || pOpen->pDevice->Signature != ECHO_SIGNATURE) return NULL;
  return pOpen->pDevice;
}

static DWORD RingPut(ECHO_DEVICE *pDev, const BYTE *pSrc, DWORD cb) {
  DWORD i, room = ECHO_RING_SIZE - pDev->Count;
  if (cb > room) cb = room;
  for (i = 0; i < cb; i++) pDev->Ring[(pDev->Head + pDev->Count + i) % ECHO_RING_SIZE] = pSrc[i];
  pDev->Count += cb;
  return cb;
}

static DWORD RingCopy(const ECHO_DEVICE *pDev, BYTE *pDst, DWORD cb) {
  DWORD i;
  if (cb > pDev->Count) cb = pDev->Count;
  for (i = 0; i < cb; i++) pDst[i] = pDev->Ring[(pDev->Head + i) % ECHO_RING_SIZE];
  return cb;
}

/* A transfer between the ring and a caller buffer, run under CeTryCall. */
typedef struct _ECHO_TRANSFER {
  ECHO_DEVICE *pDev;
  BYTE *pBuffer;
  DWORD Count;
} ECHO_TRANSFER;

static DWORD TransferIn(void *pv) {
  ECHO_TRANSFER *pXfer = (ECHO_TRANSFER *)pv;
  return RingPut(pXfer->pDev, pXfer->pBuffer, pXfer->Count);
}

static DWORD TransferOut(void *pv) {
  ECHO_TRANSFER *pXfer = (ECHO_TRANSFER *)pv;
  return RingCopy(pXfer->pDev, pXfer->pBuffer, pXfer->Count);
}

CEDK_EXPORT(ECH_Init) DWORD ECH_Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  ECHO_DEVICE *pDev = (ECHO_DEVICE *)LocalAlloc(LPTR, sizeof(ECHO_DEVICE));
  (void)pContext;
  (void)lpvBusContext;
  if (pDev == NULL) return 0;
  pDev->Signature = ECHO_SIGNATURE;
  g_DeviceCount++;
  return (DWORD)pDev;
}

CEDK_EXPORT(ECH_Deinit) BOOL ECH_Deinit(DWORD hDeviceContext) {
  ECHO_DEVICE *pDev = (ECHO_DEVICE *)hDeviceContext;
  if (pDev == NULL || pDev->Signature != ECHO_SIGNATURE) return FALSE;
  while (pDev->pOpens != NULL) {
    ECHO_OPEN *pOpen = pDev->pOpens;
    pDev->pOpens = pOpen->pNext;
    pOpen->pDevice = NULL;
    LocalFree(pOpen);
  }
  pDev->Signature = 0;
  LocalFree(pDev);
  g_DeviceCount--;
  return TRUE;
}

CEDK_EXPORT(ECH_Open) DWORD ECH_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) {
  ECHO_DEVICE *pDev = (ECHO_DEVICE *)hDeviceContext;
  ECHO_OPEN *pOpen;
  (void)ShareMode;
  if (pDev == NULL || pDev->Signature != ECHO_SIGNATURE) {
    SetLastError(ERROR_INVALID_HANDLE);
    return 0;
  }
  pOpen = (ECHO_OPEN *)LocalAlloc(LPTR, sizeof(ECHO_OPEN));
  if (pOpen == NULL) return 0;
  pOpen->pDevice = pDev;
  pOpen->Access = AccessCode;
  pOpen->pNext = pDev->pOpens;
  pDev->pOpens = pOpen;
  pDev->OpenCount++;
  return (DWORD)pOpen;
}

CEDK_EXPORT(ECH_Close) BOOL ECH_Close(DWORD hOpenContext) {
  ECHO_DEVICE *pDev = DeviceFromOpen(hOpenContext);
  if (pDev == NULL) return FALSE;
  UnlinkOpen(pDev, (ECHO_OPEN *)hOpenContext);
  pDev->OpenCount--;
  LocalFree((HLOCAL)hOpenContext);
  return TRUE;
}

/* Read and Write: `pfnBody` moves up to Count bytes between the ring of hOpenContext's device and the caller's
 * buffer, under CeTryCall (the buffer may fault). The bytes moved, the device in *ppDev; (DWORD)-1 with
 * ERROR_INVALID_PARAMETER for a bad open context, a NULL buffer with a count, or a buffer that faults. */
static DWORD Transfer(DWORD hOpenContext, void *pBuffer, DWORD Count, PCEDK_TRY_BODY pfnBody, ECHO_DEVICE **ppDev) {
  ECHO_DEVICE *pDev = DeviceFromOpen(hOpenContext);
  ECHO_TRANSFER xfer;
  DWORD moved;
  if (pDev == NULL || (pBuffer == NULL && Count != 0)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return (DWORD)-1;
  }
  xfer.pDev = pDev;
  xfer.pBuffer = (BYTE *)pBuffer;
  xfer.Count = Count;
  if (CeTryCall(pfnBody, &xfer, &moved) != 0) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return (DWORD)-1;
  }
  *ppDev = pDev;
  return moved;
}

CEDK_EXPORT(ECH_Write) DWORD ECH_Write(DWORD hOpenContext, LPCVOID pBuffer, DWORD Count) {
  ECHO_DEVICE *pDev;
  DWORD written = Transfer(hOpenContext, (void *)pBuffer, Count, TransferIn, &pDev);
  if (written == (DWORD)-1) return written;
  pDev->BytesWritten += written;
  return written;
}

CEDK_EXPORT(ECH_Read) DWORD ECH_Read(DWORD hOpenContext, LPVOID pBuffer, DWORD Count) {
  ECHO_DEVICE *pDev;
  DWORD got = Transfer(hOpenContext, pBuffer, Count, TransferOut, &pDev);
  if (got == (DWORD)-1) return got;
  pDev->Head = (pDev->Head + got) % ECHO_RING_SIZE;
  pDev->Count -= got;
  pDev->BytesRead += got;
  return got;
}

static BOOL GetStats(ECHO_DEVICE *pDev, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  ECHO_STATS stats;
  if (pBufOut == NULL || dwLenOut < sizeof(stats)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  stats.BytesWritten = pDev->BytesWritten;
  stats.BytesRead = pDev->BytesRead;
  stats.Queued = pDev->Count;
  stats.OpenCount = pDev->OpenCount;
  memcpy(pBufOut, &stats, sizeof(stats));
  if (pdwActualOut != NULL) *pdwActualOut = sizeof(stats);
  return TRUE;
}

typedef struct _ECHO_XOR_JOB {
  PBYTE pData;
  DWORD cbData;
  BYTE Key;
} ECHO_XOR_JOB;

static DWORD XorBytes(void *pv) {
  ECHO_XOR_JOB *pJob = (ECHO_XOR_JOB *)pv;
  DWORD i;
  for (i = 0; i < pJob->cbData; i++) pJob->pData[i] ^= pJob->Key;
  return TRUE;
}

/* The request is copied out of the caller's buffer once, so the pointer and length checked are the ones used.
 * The marshalled buffer is closed whether or not the scrambling faulted. */
static BOOL XorBuffer(PBYTE pBufIn, DWORD dwLenIn) {
  ECHO_XFORM req;
  ECHO_XOR_JOB job;
  PBYTE pData = NULL;
  DWORD code;
  HRESULT hr;
  if (pBufIn == NULL || dwLenIn < sizeof(req)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  memcpy(&req, pBufIn, sizeof(req));
  if (req.cbData == 0 || req.cbData > ECHO_MAX_XFORM) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  /* A private duplicate: the caller may change (or alias) its buffer while the driver works on it. */
  hr = CeOpenCallerBuffer((PVOID *)&pData, req.pData, req.cbData, ARG_IO_PTR, TRUE);
  if (FAILED(hr)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  job.pData = pData;
  job.cbData = req.cbData;
  job.Key = req.Key;
  code = CeTryCall(XorBytes, &job, NULL);
  CeCloseCallerBuffer(pData, req.pData, req.cbData, ARG_IO_PTR);
  if (code != 0) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  return TRUE;
}

static BOOL Peek(ECHO_DEVICE *pDev, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  DWORD copied;
  if (pBufOut == NULL && dwLenOut != 0) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  copied = RingCopy(pDev, pBufOut, dwLenOut);
  if (pdwActualOut != NULL) *pdwActualOut = copied;
  return TRUE;
}

/* One IOCTL's parameters, so the dispatch can run under CeTryCall. */
typedef struct _ECHO_IOCTL {
  ECHO_DEVICE *pDev;
  DWORD dwCode;
  PBYTE pBufIn;
  DWORD dwLenIn;
  PBYTE pBufOut;
  DWORD dwLenOut;
  PDWORD pdwActualOut;
} ECHO_IOCTL;

static DWORD DispatchIoctl(void *pv) {
  ECHO_IOCTL *p = (ECHO_IOCTL *)pv;
  switch (p->dwCode) {
  case IOCTL_ECHO_GET_STATS:
    return GetStats(p->pDev, p->pBufOut, p->dwLenOut, p->pdwActualOut);
  case IOCTL_ECHO_XOR_BUFFER:
    return XorBuffer(p->pBufIn, p->dwLenIn);
  case IOCTL_ECHO_PEEK:
    return Peek(p->pDev, p->pBufOut, p->dwLenOut, p->pdwActualOut);
  case IOCTL_ECHO_PURGE:
    p->pDev->Head = 0;
    p->pDev->Count = 0;
    return TRUE;
  default:
    SetLastError(ERROR_NOT_SUPPORTED);
    return FALSE;
  }
}

CEDK_EXPORT(ECH_IOControl)
BOOL ECH_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut,
                   PDWORD pdwActualOut) {
  ECHO_IOCTL req;
  DWORD result;
  req.pDev = DeviceFromOpen(hOpenContext);
  if (req.pDev == NULL) {
    SetLastError(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  req.dwCode = dwCode;
  req.pBufIn = pBufIn;
  req.dwLenIn = dwLenIn;
  req.pBufOut = pBufOut;
  req.dwLenOut = dwLenOut;
  req.pdwActualOut = pdwActualOut;
  if (CeTryCall(DispatchIoctl, &req, &result) != 0) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  return (BOOL)result;
}
