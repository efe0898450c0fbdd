/* mailbox.dll: a message queue between processes, written the way a CE6 stream driver is: a fixed ring of
 * 16-byte messages under a critical section, an event readers block on, a housekeeping thread that ages the
 * messages on a timer. Used by the kernel's tests of blocking calls in C drivers (waits, Sleep, critical
 * sections, threads, a guarded copy that blocks in the middle). */
#include <windows.h>
#include <pkfuncs.h>
#include <cedk_seh.h>

#define IOCTL_MBX_POST CTL_CODE(0x8003, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MBX_TAKE CTL_CODE(0x8003, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MBX_STATS CTL_CODE(0x8003, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MBX_TAKE_ANY CTL_CODE(0x8003, 0x903, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MBX_SLOW_COPY CTL_CODE(0x8003, 0x904, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MBX_HOLD CTL_CODE(0x8003, 0x905, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MBX_POST_LATER CTL_CODE(0x8003, 0x906, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define MSG_SIZE 16
#define SLOTS 8
#define AGE_PERIOD_MS 10

typedef struct {
  BYTE data[MSG_SIZE];
  DWORD age;
} MESSAGE;

typedef struct {
  CRITICAL_SECTION lock;
  HANDLE hAvailable; /* auto-reset: one reader per posted message */
  HANDLE hStop;      /* manual-reset: Deinit */
  HANDLE hAger;
  MESSAGE ring[SLOTS];
  DWORD head, count;
  DWORD posted, taken, ticks, contended;
} MAILBOX;

static MAILBOX g_box;

static DWORD AgerThread(LPVOID param) {
  MAILBOX *box = (MAILBOX *)param;
  for (;;) {
    if (WaitForSingleObject(box->hStop, AGE_PERIOD_MS) == WAIT_OBJECT_0) return 0;
    EnterCriticalSection(&box->lock);
    for (DWORD i = 0; i < box->count; i++) box->ring[(box->head + i) % SLOTS].age++;
    box->ticks++;
    LeaveCriticalSection(&box->lock);
  }
}

CEDK_EXPORT(MBX_Init) DWORD MBX_Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  MAILBOX *box = &g_box;
  memset(box, 0, sizeof *box);
  InitializeCriticalSection(&box->lock);
  box->hAvailable = CreateEventW(NULL, FALSE, FALSE, NULL);
  box->hStop = CreateEventW(NULL, TRUE, FALSE, NULL);
  if (box->hAvailable == NULL || box->hStop == NULL) return 0;
  box->hAger = CreateThread(NULL, 0, AgerThread, box, 0, NULL);
  return box->hAger != NULL ? (DWORD)box : 0;
}

CEDK_EXPORT(MBX_Deinit) BOOL MBX_Deinit(DWORD hDeviceContext) {
  MAILBOX *box = (MAILBOX *)hDeviceContext;
  SetEvent(box->hStop);
  WaitForSingleObject(box->hAger, INFINITE);
  CloseHandle(box->hAger);
  CloseHandle(box->hAvailable);
  CloseHandle(box->hStop);
  DeleteCriticalSection(&box->lock);
  return TRUE;
}

CEDK_EXPORT(MBX_Open) DWORD MBX_Open(DWORD hDeviceContext, DWORD dwAccess, DWORD dwShareMode) { return hDeviceContext; }
CEDK_EXPORT(MBX_Close) BOOL MBX_Close(DWORD hOpenContext) { return TRUE; }

static BOOL Post(MAILBOX *box, const BYTE *msg) {
  BOOL ok = FALSE;
  EnterCriticalSection(&box->lock);
  if (box->count < SLOTS) {
    MESSAGE *m = &box->ring[(box->head + box->count) % SLOTS];
    memcpy(m->data, msg, MSG_SIZE);
    m->age = 0;
    box->count++;
    box->posted++;
    ok = TRUE;
  }
  LeaveCriticalSection(&box->lock);
  if (ok) SetEvent(box->hAvailable);
  return ok;
}

typedef struct {
  MAILBOX *box;
  const BYTE *msg;
  DWORD delay;
} LATER;

static LATER g_later;

/* Posts the caller's message after a delay (ported from a CE5 driver that could read any process's memory): by
 * then the call has returned and the caller's buffer is no longer this process's to read. */
static DWORD PostLaterThread(LPVOID param) {
  LATER *later = (LATER *)param;
  Sleep(later->delay);
  Post(later->box, later->msg);
  return 0;
}

/* Take the oldest message, waiting up to `timeout` ms for one. The local copy lives on this thread's stack
 * while it waits, so two readers blocked at once must keep theirs apart. */
static DWORD Take(MAILBOX *box, BYTE *out, DWORD timeout) {
  BYTE local[MSG_SIZE];
  DWORD age;
  for (;;) {
    EnterCriticalSection(&box->lock);
    if (box->count > 0) {
      MESSAGE *m = &box->ring[box->head];
      memcpy(local, m->data, MSG_SIZE);
      age = m->age;
      box->head = (box->head + 1) % SLOTS;
      box->count--;
      box->taken++;
      LeaveCriticalSection(&box->lock);
      break;
    }
    LeaveCriticalSection(&box->lock);
    if (WaitForSingleObject(box->hAvailable, timeout) != WAIT_OBJECT_0) {
      SetLastError(ERROR_TIMEOUT);
      return (DWORD)-1;
    }
  }
  memcpy(out, local, MSG_SIZE);
  return age;
}

typedef struct {
  const BYTE *src;
  BYTE *dst;
  DWORD len;
} SLOW_COPY;

/* Copies in two halves with a pause between them (a device that paces its transfers): the guarded body blocks. */
static DWORD SlowCopyBody(void *p) {
  SLOW_COPY *c = (SLOW_COPY *)p;
  DWORD half = c->len / 2;
  for (DWORD i = 0; i < half; i++) c->dst[i] = c->src[i];
  Sleep(5);
  for (DWORD i = half; i < c->len; i++) c->dst[i] = c->src[i];
  return c->len;
}

CEDK_EXPORT(MBX_IOControl)
BOOL MBX_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  MAILBOX *box = (MAILBOX *)hOpenContext;
  switch (dwCode) {
  case IOCTL_MBX_POST:
    if (pBufIn == NULL || dwLenIn < MSG_SIZE) break;
    if (!Post(box, pBufIn)) {
      SetLastError(ERROR_NOT_ENOUGH_MEMORY);
      return FALSE;
    }
    return TRUE;
  case IOCTL_MBX_TAKE: {
    DWORD age;
    if (pBufOut == NULL || dwLenOut < MSG_SIZE + 4 || pBufIn == NULL || dwLenIn < 4) break;
    age = Take(box, pBufOut, *(DWORD *)pBufIn);
    if (age == (DWORD)-1) return FALSE;
    *(DWORD *)(pBufOut + MSG_SIZE) = age;
    if (pdwActualOut) *pdwActualOut = MSG_SIZE + 4;
    return TRUE;
  }
  case IOCTL_MBX_TAKE_ANY: {
    /* Wait until a message is there or the mailbox is stopping, up to the caller's timeout. */
    HANDLE events[2];
    DWORD r;
    if (pBufIn == NULL || dwLenIn < 4 || pBufOut == NULL || dwLenOut < 4) break;
    events[0] = box->hAvailable;
    events[1] = box->hStop;
    r = WaitForMultipleObjects(2, events, FALSE, *(DWORD *)pBufIn);
    if (r == WAIT_OBJECT_0) SetEvent(box->hAvailable); /* leave the message to TAKE */
    *(DWORD *)pBufOut = r;
    if (pdwActualOut) *pdwActualOut = 4;
    return TRUE;
  }
  case IOCTL_MBX_STATS: {
    DWORD *out = (DWORD *)pBufOut;
    if (out == NULL || dwLenOut < 20) break;
    EnterCriticalSection(&box->lock);
    out[0] = box->posted;
    out[1] = box->taken;
    out[2] = box->count;
    out[3] = box->ticks;
    out[4] = box->contended;
    LeaveCriticalSection(&box->lock);
    if (pdwActualOut) *pdwActualOut = 20;
    return TRUE;
  }
  case IOCTL_MBX_SLOW_COPY: {
    SLOW_COPY c;
    DWORD copied = 0, code;
    c.src = pBufIn;
    c.dst = pBufOut;
    c.len = dwLenIn < dwLenOut ? dwLenIn : dwLenOut;
    code = CeTryCall(SlowCopyBody, &c, &copied);
    if (code != 0) {
      SetLastError(ERROR_INVALID_PARAMETER);
      return FALSE;
    }
    if (pdwActualOut) *pdwActualOut = copied;
    return TRUE;
  }
  case IOCTL_MBX_POST_LATER: {
    HANDLE hThread;
    if (pBufIn == NULL || dwLenIn < MSG_SIZE) break;
    g_later.box = box;
    g_later.msg = pBufIn;
    g_later.delay = 5;
    hThread = CreateThread(NULL, 0, PostLaterThread, &g_later, 0, NULL);
    if (hThread == NULL) return FALSE;
    CloseHandle(hThread);
    return TRUE;
  }
  case IOCTL_MBX_HOLD: {
    /* Hold the lock for a while (a slow flush); whoever else needs it waits. */
    if (pBufIn == NULL || dwLenIn < 4) break;
    if (!TryEnterCriticalSection(&box->lock)) {
      EnterCriticalSection(&box->lock);
      box->contended++;
    }
    Sleep(*(DWORD *)pBufIn);
    LeaveCriticalSection(&box->lock);
    return TRUE;
  }
  }
  SetLastError(ERROR_INVALID_PARAMETER);
  return FALSE;
}
