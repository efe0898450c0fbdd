/* slog.dll: a sensor log. A sensor service appends readings (IOCTL_SLOG_APPEND, one SLOG_RECORD in); a client
 * asks for the newest reading of a channel (IOCTL_SLOG_LATEST, the channel in, the value out) or whether a
 * channel went above a limit among the recent readings (IOCTL_SLOG_ABOVE). The log is a ring of SLOG_CAPACITY
 * records, allocated on the first append. */
#include <windows.h>

#define IOCTL_SLOG_APPEND CTL_CODE(0x8003UL, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_SLOG_LATEST CTL_CODE(0x8003UL, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_SLOG_ABOVE CTL_CODE(0x8003UL, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define SLOG_CAPACITY 64

typedef struct _SLOG_RECORD {
  DWORD Timestamp;
  DWORD Channel;
  LONG Value;
} SLOG_RECORD;

typedef struct _SLOG_ABOVE_REQUEST {
  DWORD Channel;
  LONG Limit;
  DWORD Recent; /* how many of the newest records to look at */
} SLOG_ABOVE_REQUEST;

typedef struct _SLOG_STATE {
  SLOG_RECORD *pRecords;
  DWORD Count; /* appended so far; the ring keeps the last SLOG_CAPACITY */
} SLOG_STATE;

static SLOG_STATE g_Log;

static BOOL AppendRecord(SLOG_STATE *pLog, const SLOG_RECORD *pRecord) {
  if (pLog->pRecords == NULL) {
    pLog->pRecords = (SLOG_RECORD *)LocalAlloc(LPTR, SLOG_CAPACITY * sizeof(SLOG_RECORD));
    if (pLog->pRecords == NULL) return FALSE;
  }
  pLog->pRecords[pLog->Count % SLOG_CAPACITY] = *pRecord;
  pLog->Count++;
  return TRUE;
}

/* The index-th newest record (0 is the newest). */
static const SLOG_RECORD *Newest(const SLOG_STATE *pLog, DWORD index) {
  DWORD slot = (pLog->Count - 1 - index) % SLOG_CAPACITY;
  return &pLog->pRecords[slot];
}

/* Walks back from the newest record for the channel's latest value. */
static BOOL FindLatest(const SLOG_STATE *pLog, DWORD dwChannel, LONG *pValue) {
  DWORD n = pLog->Count < SLOG_CAPACITY ? pLog->Count : SLOG_CAPACITY;
  DWORD i = 0;
  do {
    const SLOG_RECORD *pRecord = Newest(pLog, i);
    if (pRecord->Channel == dwChannel) {
      *pValue = pRecord->Value;
      return TRUE;
    }
  } while (++i < n);
  return FALSE;
}

static BOOL AnyAbove(const SLOG_STATE *pLog, const SLOG_ABOVE_REQUEST *pReq) {
  DWORD n = pReq->Recent < pLog->Count ? pReq->Recent : pLog->Count;
  DWORD i;
  if (n > SLOG_CAPACITY) n = SLOG_CAPACITY;
  for (i = 0; i < n; i++) {
    const SLOG_RECORD *pRecord = Newest(pLog, i);
    if (pRecord->Channel == pReq->Channel && pRecord->Value > pReq->Limit) return TRUE;
  }
  return FALSE;
}

CEDK_EXPORT(LOG_Init) DWORD LOG_Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  (void)pContext; (void)lpvBusContext;
  g_Log.pRecords = NULL;
  g_Log.Count = 0;
  return (DWORD)&g_Log;
}

CEDK_EXPORT(LOG_Deinit) BOOL LOG_Deinit(DWORD hDeviceContext) {
  SLOG_STATE *pLog = (SLOG_STATE *)hDeviceContext;
  if (pLog->pRecords != NULL) LocalFree(pLog->pRecords);
  pLog->pRecords = NULL;
  return TRUE;
}

CEDK_EXPORT(LOG_Open) DWORD LOG_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) {
  (void)AccessCode; (void)ShareMode;
  return hDeviceContext;
}

CEDK_EXPORT(LOG_Close) BOOL LOG_Close(DWORD hOpenContext) {
  (void)hOpenContext;
  return TRUE;
}

CEDK_EXPORT(LOG_IOControl)
BOOL LOG_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  SLOG_STATE *pLog = (SLOG_STATE *)hOpenContext;
  switch (dwCode) {
  case IOCTL_SLOG_APPEND:
    if (pBufIn == NULL || dwLenIn < sizeof(SLOG_RECORD)) break;
    return AppendRecord(pLog, (const SLOG_RECORD *)pBufIn);
  case IOCTL_SLOG_LATEST:
    if (pBufIn == NULL || dwLenIn < sizeof(DWORD) || pBufOut == NULL || dwLenOut < sizeof(LONG)) break;
    if (!FindLatest(pLog, *(DWORD *)pBufIn, (LONG *)pBufOut)) {
      SetLastError(ERROR_NO_DATA);
      return FALSE;
    }
    if (pdwActualOut != NULL) *pdwActualOut = sizeof(LONG);
    return TRUE;
  case IOCTL_SLOG_ABOVE:
    if (pBufIn == NULL || dwLenIn < sizeof(SLOG_ABOVE_REQUEST) || pBufOut == NULL || dwLenOut < sizeof(DWORD)) break;
    *(DWORD *)pBufOut = AnyAbove(pLog, (const SLOG_ABOVE_REQUEST *)pBufIn);
    if (pdwActualOut != NULL) *pdwActualOut = sizeof(DWORD);
    return TRUE;
  default:
    SetLastError(ERROR_NOT_SUPPORTED);
    return FALSE;
  }
  SetLastError(ERROR_INVALID_PARAMETER);
  return FALSE;
}
