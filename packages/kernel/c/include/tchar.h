/* Text macros for drivers on cedk. CE is Unicode throughout: TCHAR is WCHAR, a 16-bit unit. wchar_t is 32 bits on
 * wasm32, so TEXT("x") and _T("x") are C11 u"x" literals (16-bit units, type unsigned short[] as WCHAR is), not
 * L"x": write TEXT("...") wherever CE code does, and never L"..." for a CE string. TEXT(__FILE__) works. */
#ifndef CEDK_TCHAR_H
#define CEDK_TCHAR_H
#include "cedk_import.h"
#define __TEXT(quote) u##quote
#define TEXT(quote) __TEXT(quote)
#define _T(x) __TEXT(x)
#define _TEXT(x) __TEXT(x)
typedef cedk_wchar_t TCHAR, *PTCHAR, *LPTSTR, *PTSTR;
#define _tcslen wcslen
#define _tcscpy wcscpy
#define _tcsncpy wcsncpy
#define _tcscmp wcscmp
#define _tcsicmp _wcsicmp
#define _tcsnicmp _wcsnicmp
#define _tcschr wcschr
#define _tcscat wcscat
#endif
