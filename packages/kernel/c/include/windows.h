/* cedk's windows.h for drivers compiled to wasm32: the CE6 base types, error codes and the coredll APIs the
 * machine provides so far (memory, last error, debug output). Written from the CE6 documentation, not copied.
 * wasm32 is ILP32 like ARM/x86 CE: int, long and pointers are 32 bits. WCHAR is 16 bits as on CE (wchar_t is
 * 32 bits on wasm32, so L"" literals are not WCHAR strings here). */
#ifndef CEDK_WINDOWS_H
#define CEDK_WINDOWS_H
#include "cedk_import.h"

typedef unsigned char BYTE, *PBYTE, *LPBYTE;
typedef unsigned short WORD, *PWORD;
typedef unsigned long DWORD, *PDWORD, *LPDWORD;
typedef long LONG, *PLONG, *LPLONG;
typedef int BOOL, *PBOOL;
typedef unsigned int UINT;
typedef unsigned long long ULONGLONG;
typedef long long LONGLONG;
typedef unsigned short WCHAR, *PWSTR, *LPWSTR;
typedef const unsigned short *PCWSTR, *LPCWSTR, *LPCTSTR;
typedef char CHAR, *PSTR, *LPSTR;
typedef const char *PCSTR, *LPCSTR;
typedef void VOID, *PVOID, *LPVOID;
typedef const void *LPCVOID;
typedef void *HANDLE, *HLOCAL;
typedef long HRESULT;
typedef unsigned long SIZE_T, ULONG_PTR, DWORD_PTR;

#define TRUE 1
#define FALSE 0
#ifndef NULL
#define NULL ((void *)0)
#endif
#define INVALID_HANDLE_VALUE ((HANDLE)-1)
#define WINAPI
#define IN
#define OUT
#define OPTIONAL

#define ERROR_SUCCESS 0L
#define ERROR_NOT_ENOUGH_MEMORY 8L
#define ERROR_INVALID_HANDLE 6L
#define ERROR_INVALID_PARAMETER 87L
#define ERROR_INSUFFICIENT_BUFFER 122L
#define ERROR_NOT_SUPPORTED 50L
#define ERROR_GEN_FAILURE 31L
#define ERROR_NO_DATA 232L

#define S_OK ((HRESULT)0L)
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)
#define FAILED(hr) (((HRESULT)(hr)) < 0)

#define LMEM_FIXED 0x0000
#define LMEM_ZEROINIT 0x0040
#define LPTR (LMEM_FIXED | LMEM_ZEROINIT)

#define GENERIC_READ 0x80000000UL
#define GENERIC_WRITE 0x40000000UL

CEDK_IMPORT(coredll, SetLastError) void SetLastError(DWORD dwErrCode);
CEDK_IMPORT(coredll, GetLastError) DWORD GetLastError(void);
CEDK_IMPORT(coredll, LocalAlloc) HLOCAL LocalAlloc(UINT uFlags, UINT uBytes);
CEDK_IMPORT(coredll, LocalFree) HLOCAL LocalFree(HLOCAL hMem);
/* Virtual memory (the driver's process's address space; MEM_ and PAGE_ values are CE6's winnt.h ones). */
#define MEM_COMMIT 0x00001000UL
#define MEM_RESERVE 0x00002000UL
#define MEM_DECOMMIT 0x00004000UL
#define MEM_RELEASE 0x00008000UL
#define PAGE_NOACCESS 0x01UL
#define PAGE_READONLY 0x02UL
#define PAGE_READWRITE 0x04UL
CEDK_IMPORT(coredll, VirtualAlloc) LPVOID VirtualAlloc(LPVOID lpAddress, DWORD dwSize, DWORD flAllocationType, DWORD flProtect);
CEDK_IMPORT(coredll, VirtualFree) BOOL VirtualFree(LPVOID lpAddress, DWORD dwSize, DWORD dwFreeType);
/* Debug output goes to the machine's trace as a note (RETAILMSG/DEBUGMSG print through it). */
CEDK_IMPORT(coredll, OutputDebugStringW) void OutputDebugStringW(LPCWSTR lpOutputString);

/* UI (winuser.h): refused in the kernel (ERROR_NOT_SUPPORTED), as CE6 does; flagged as CE6-U01. */
typedef void *HWND;
#define MB_OK 0x00000000L
#define MB_ICONERROR 0x00000010L
CEDK_IMPORT(coredll, MessageBoxW) int MessageBoxW(HWND hWnd, LPCWSTR lpText, LPCWSTR lpCaption, UINT uType);

/* winioctl.h */
#define CTL_CODE(DeviceType, Function, Method, Access) (((DeviceType) << 16) | ((Access) << 14) | ((Function) << 2) | (Method))
#define METHOD_BUFFERED 0
#define FILE_ANY_ACCESS 0
#define FILE_READ_ACCESS 1
#define FILE_WRITE_ACCESS 2
#define FILE_DEVICE_UNKNOWN 0x00000022

#include "cedk_libc.h"
#include "winbase.h"

#endif
