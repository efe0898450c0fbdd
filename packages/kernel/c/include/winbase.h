/* cedk's winbase.h subset for drivers (included by windows.h): threads, synchronisation objects, waits, critical
 * sections, time, and the file APIs a driver uses as the client of another driver. Written from the CE6
 * documentation. Waits, Sleep, EnterCriticalSection and the file calls may block the calling thread: the machine
 * runs another thread meanwhile (cedk builds C drivers with binaryen's asyncify; see docs/c-drivers.md). */
#ifndef CEDK_WINBASE_H
#define CEDK_WINBASE_H

typedef struct _SECURITY_ATTRIBUTES {
  DWORD nLength;
  LPVOID lpSecurityDescriptor;
  BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

#define INFINITE 0xFFFFFFFFUL
#define WAIT_OBJECT_0 0x00000000UL
#define WAIT_ABANDONED 0x00000080UL
#define WAIT_TIMEOUT 0x00000102UL
#define WAIT_FAILED 0xFFFFFFFFUL
#define MAXIMUM_WAIT_OBJECTS 64
#define ERROR_TIMEOUT 1460L
#define ERROR_NOT_OWNER 288L
#define ERROR_ALREADY_EXISTS 183L

/* Events, mutexes, semaphores. Names are wide strings (WCHAR); NULL for an unnamed object. */
CEDK_IMPORT(coredll, CreateEventW) HANDLE CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState, LPCWSTR lpName);
CEDK_IMPORT(coredll, SetEvent) BOOL SetEvent(HANDLE hEvent);
CEDK_IMPORT(coredll, ResetEvent) BOOL ResetEvent(HANDLE hEvent);
CEDK_IMPORT(coredll, PulseEvent) BOOL PulseEvent(HANDLE hEvent);
CEDK_IMPORT(coredll, CreateMutexW) HANDLE CreateMutexW(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner, LPCWSTR lpName);
CEDK_IMPORT(coredll, ReleaseMutex) BOOL ReleaseMutex(HANDLE hMutex);
CEDK_IMPORT(coredll, CreateSemaphoreW) HANDLE CreateSemaphoreW(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount, LONG lMaximumCount, LPCWSTR lpName);
CEDK_IMPORT(coredll, ReleaseSemaphore) BOOL ReleaseSemaphore(HANDLE hSemaphore, LONG lReleaseCount, LPLONG lpPreviousCount);
#define CreateEvent CreateEventW
#define CreateMutex CreateMutexW
#define CreateSemaphore CreateSemaphoreW

/* Waits (block the calling thread until an object is signalled or the time runs out). */
CEDK_IMPORT(coredll, WaitForSingleObject) DWORD WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds);
CEDK_IMPORT(coredll, WaitForMultipleObjects) DWORD WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll, DWORD dwMilliseconds);
CEDK_IMPORT(coredll, Sleep) void Sleep(DWORD dwMilliseconds);
CEDK_IMPORT(coredll, GetTickCount) DWORD GetTickCount(void);

/* Critical sections: CE6's record; recursive, owned by the thread that entered it. */
typedef struct CRITICAL_SECTION {
  unsigned int LockCount;
  HANDLE OwnerThread;
  HANDLE hCrit;
  DWORD needtrap;
  DWORD dwContentions;
} CRITICAL_SECTION, *LPCRITICAL_SECTION;
CEDK_IMPORT(coredll, InitializeCriticalSection) void InitializeCriticalSection(LPCRITICAL_SECTION lpcs);
CEDK_IMPORT(coredll, EnterCriticalSection) void EnterCriticalSection(LPCRITICAL_SECTION lpcs);
CEDK_IMPORT(coredll, TryEnterCriticalSection) BOOL TryEnterCriticalSection(LPCRITICAL_SECTION lpcs);
CEDK_IMPORT(coredll, LeaveCriticalSection) void LeaveCriticalSection(LPCRITICAL_SECTION lpcs);
CEDK_IMPORT(coredll, DeleteCriticalSection) void DeleteCriticalSection(LPCRITICAL_SECTION lpcs);

/* Interlocked operations: threads switch only at blocking calls here, so a plain read-modify-write is atomic. */
static inline LONG InterlockedIncrement(volatile LONG *p) { return ++*p; }
static inline LONG InterlockedDecrement(volatile LONG *p) { return --*p; }
static inline LONG InterlockedExchange(volatile LONG *p, LONG v) { LONG old = *p; *p = v; return old; }
static inline LONG InterlockedExchangeAdd(volatile LONG *p, LONG v) { LONG old = *p; *p = old + v; return old; }
static inline LONG InterlockedCompareExchange(volatile LONG *p, LONG v, LONG cmp) { LONG old = *p; if (old == cmp) *p = v; return old; }

/* Threads. The start routine runs on a thread of the driver's process; CREATE_SUSPENDED is not supported. */
typedef DWORD (*LPTHREAD_START_ROUTINE)(LPVOID lpParameter);
#define CREATE_SUSPENDED 0x00000004UL
#define THREAD_PRIORITY_TIME_CRITICAL 0
#define THREAD_PRIORITY_HIGHEST 1
#define THREAD_PRIORITY_ABOVE_NORMAL 2
#define THREAD_PRIORITY_NORMAL 3
#define THREAD_PRIORITY_BELOW_NORMAL 4
#define THREAD_PRIORITY_LOWEST 5
#define THREAD_PRIORITY_ABOVE_IDLE 6
#define THREAD_PRIORITY_IDLE 7
CEDK_IMPORT(coredll, CreateThread) HANDLE CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes, DWORD dwStackSize, LPTHREAD_START_ROUTINE lpStartAddress, LPVOID lpParameter, DWORD dwCreationFlags, LPDWORD lpThreadId);
CEDK_IMPORT(coredll, SetThreadPriority) BOOL SetThreadPriority(HANDLE hThread, int nPriority);
CEDK_IMPORT(coredll, CeSetThreadPriority) BOOL CeSetThreadPriority(HANDLE hThread, int nPriority);
CEDK_IMPORT(coredll, CeGetThreadPriority) int CeGetThreadPriority(HANDLE hThread);
CEDK_IMPORT(coredll, GetCurrentThreadId) DWORD GetCurrentThreadId(void);
CEDK_IMPORT(coredll, GetCurrentProcessId) DWORD GetCurrentProcessId(void);

/* Handles and files: a driver as the client of another driver (device names like L"COM1:"). */
#define OPEN_EXISTING 3
#define FILE_SHARE_READ 0x00000001UL
#define FILE_SHARE_WRITE 0x00000002UL
#define FILE_ATTRIBUTE_NORMAL 0x00000080UL
#define FILE_BEGIN 0
#define FILE_CURRENT 1
#define FILE_END 2
typedef struct _OVERLAPPED *LPOVERLAPPED;
CEDK_IMPORT(coredll, CloseHandle) BOOL CloseHandle(HANDLE hObject);
CEDK_IMPORT(coredll, CreateFileW) HANDLE CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode, LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes, HANDLE hTemplateFile);
CEDK_IMPORT(coredll, DeviceIoControl) BOOL DeviceIoControl(HANDLE hDevice, DWORD dwIoControlCode, LPVOID lpInBuffer, DWORD nInBufferSize, LPVOID lpOutBuffer, DWORD nOutBufferSize, LPDWORD lpBytesReturned, LPOVERLAPPED lpOverlapped);
CEDK_IMPORT(coredll, ReadFile) BOOL ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead, LPDWORD lpNumberOfBytesRead, LPOVERLAPPED lpOverlapped);
CEDK_IMPORT(coredll, WriteFile) BOOL WriteFile(HANDLE hFile, LPCVOID lpBuffer, DWORD nNumberOfBytesToWrite, LPDWORD lpNumberOfBytesWritten, LPOVERLAPPED lpOverlapped);
CEDK_IMPORT(coredll, SetFilePointer) DWORD SetFilePointer(HANDLE hFile, LONG lDistanceToMove, PLONG lpDistanceToMoveHigh, DWORD dwMoveMethod);
#define CreateFile CreateFileW

#endif
