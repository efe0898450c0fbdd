/* cedk's winreg.h: the registry API for drivers, as CE6 coredll exports it (Unicode only; the unsuffixed names are
 * macros for the W functions, as CE6's winreg.h makes them). Reg* functions return a Win32 error code (LONG),
 * they do not set the last error. Written from the CE6/Win32 documentation. */
#ifndef CEDK_WINREG_H
#define CEDK_WINREG_H
#include "windows.h"

typedef struct HKEY__ *HKEY, **PHKEY;
typedef DWORD REGSAM;
typedef struct _SECURITY_ATTRIBUTES *LPSECURITY_ATTRIBUTES;

#define HKEY_CLASSES_ROOT ((HKEY)(ULONG_PTR)0x80000000UL)
#define HKEY_CURRENT_USER ((HKEY)(ULONG_PTR)0x80000001UL)
#define HKEY_LOCAL_MACHINE ((HKEY)(ULONG_PTR)0x80000002UL)
#define HKEY_USERS ((HKEY)(ULONG_PTR)0x80000003UL)

/* Value types (winnt.h). cedk's registry holds NONE, SZ, EXPAND_SZ, BINARY, DWORD and MULTI_SZ. */
#define REG_NONE 0
#define REG_SZ 1
#define REG_EXPAND_SZ 2
#define REG_BINARY 3
#define REG_DWORD 4
#define REG_DWORD_LITTLE_ENDIAN 4
#define REG_DWORD_BIG_ENDIAN 5
#define REG_LINK 6
#define REG_MULTI_SZ 7
#define REG_QWORD 11

/* Access masks: CE6 does not check them (the registry has no per-key security), and neither does cedk. */
#define KEY_QUERY_VALUE 0x0001
#define KEY_SET_VALUE 0x0002
#define KEY_CREATE_SUB_KEY 0x0004
#define KEY_ENUMERATE_SUB_KEYS 0x0008
#define KEY_NOTIFY 0x0010
#define KEY_READ 0x20019UL
#define KEY_WRITE 0x20006UL
#define KEY_ALL_ACCESS 0xF003FUL

#define REG_OPTION_NON_VOLATILE 0x00000000UL
#define REG_OPTION_VOLATILE 0x00000001UL
#define REG_CREATED_NEW_KEY 0x00000001UL
#define REG_OPENED_EXISTING_KEY 0x00000002UL

CEDK_IMPORT(coredll, RegOpenKeyExW)
LONG RegOpenKeyExW(HKEY hKey, LPCWSTR lpSubKey, DWORD ulOptions, REGSAM samDesired, PHKEY phkResult);
CEDK_IMPORT(coredll, RegCreateKeyExW)
LONG RegCreateKeyExW(HKEY hKey, LPCWSTR lpSubKey, DWORD Reserved, LPWSTR lpClass, DWORD dwOptions, REGSAM samDesired,
                     LPSECURITY_ATTRIBUTES lpSecurityAttributes, PHKEY phkResult, LPDWORD lpdwDisposition);
/* lpData NULL: *lpcbData gets the size. *lpcbData smaller than the value: ERROR_MORE_DATA, *lpcbData gets the size
 * and nothing is written. Strings come back UTF-16 with their NUL (MULTI_SZ with the final one). */
CEDK_IMPORT(coredll, RegQueryValueExW)
LONG RegQueryValueExW(HKEY hKey, LPCWSTR lpValueName, LPDWORD lpReserved, LPDWORD lpType, LPBYTE lpData, LPDWORD lpcbData);
CEDK_IMPORT(coredll, RegSetValueExW)
LONG RegSetValueExW(HKEY hKey, LPCWSTR lpValueName, DWORD Reserved, DWORD dwType, const BYTE *lpData, DWORD cbData);
CEDK_IMPORT(coredll, RegDeleteValueW) LONG RegDeleteValueW(HKEY hKey, LPCWSTR lpValueName);
CEDK_IMPORT(coredll, RegCloseKey) LONG RegCloseKey(HKEY hKey);

#define RegOpenKeyEx RegOpenKeyExW
#define RegCreateKeyEx RegCreateKeyExW
#define RegQueryValueEx RegQueryValueExW
#define RegSetValueEx RegSetValueExW
#define RegDeleteValue RegDeleteValueW
#endif
