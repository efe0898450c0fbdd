/* cedk's dbgapi.h: debug output for drivers. NKDbgPrintfW formats like wsprintfW (%d %i %u %x %X %o %c %C %s %S
 * %p %%, flags - + space # 0, widths and precisions with *, h/l/ll/I64/w modifiers; in a wide format %s and %c are
 * WCHAR, %S and %C char, %hs/%ls force either) and writes a note to the machine's trace, as OutputDebugStringW
 * does. RETAILMSG prints in every build; DEBUGMSG and ERRORMSG only when DEBUG is defined before this header is
 * included (as a CE6 debug build defines it), else they compile to nothing and do not evaluate their arguments.
 * DEBUGZONE(n) tests bit n of dpCurSettings.ulZoneMask, which the driver defines (DBGPARAM dpCurSettings = {...}). */
#ifndef CEDK_DBGAPI_H
#define CEDK_DBGAPI_H
#include "windows.h"

typedef struct _DBGPARAM {
  WCHAR lpszName[32];
  WCHAR rglpszZones[16][32];
  ULONG ulZoneMask;
} DBGPARAM, *LPDBGPARAM;

CEDK_IMPORT(coredll, NKDbgPrintfW) void NKDbgPrintfW(LPCWSTR lpszFmt, ...);

#define RETAILMSG(cond, printf_exp) ((cond) ? (NKDbgPrintfW printf_exp), 1 : 0)
#define RETAILREGISTERZONES(hMod)

#ifdef DEBUG
extern DBGPARAM dpCurSettings;
#define DEBUGZONE(n) (dpCurSettings.ulZoneMask & (0x00000001UL << (n)))
#define DEBUGMSG(cond, printf_exp) ((void)((cond) ? (NKDbgPrintfW printf_exp), 1 : 0))
#define ERRORMSG(cond, printf_exp) \
  ((cond) ? (NKDbgPrintfW(TEXT("ERROR: %s line %d: "), TEXT(__FILE__), __LINE__), NKDbgPrintfW printf_exp), 1 : 0)
#define DEBUGCHK(exp) ((void)((exp) ? 1 : (NKDbgPrintfW(TEXT("%s: DEBUGCHK failed in file %s at line %d\r\n"), dpCurSettings.lpszName, TEXT(__FILE__), __LINE__), __builtin_trap(), 0)))
#define DEBUGREGISTER(hMod)
#else
#define DEBUGZONE(n) 0
#define DEBUGMSG(cond, printf_exp) ((void)0)
#define ERRORMSG(cond, printf_exp) ((void)0)
#define DEBUGCHK(exp) ((void)0)
#define DEBUGREGISTER(hMod)
#endif
#endif
