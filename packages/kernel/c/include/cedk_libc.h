/* The freestanding C library cedk links into every C driver (lib/libc.c): memory and string helpers a driver
 * uses. Every access they make goes through the machine like the driver's own. */
#ifndef CEDK_LIBC_H
#define CEDK_LIBC_H
#include "cedk_import.h"
CEDK_EXTERN_C_BEGIN
typedef unsigned long size_t;
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t wcslen(const cedk_wchar_t *s);

/* Narrow and wide (16-bit WCHAR) strings. Case folding in the *icmp functions is ASCII only. */
char *strcpy(char *dst, const char *src);
char *strncpy(char *dst, const char *src, size_t n);
char *strcat(char *dst, const char *src);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
size_t strnlen(const char *s, size_t n);
int _stricmp(const char *a, const char *b);
cedk_wchar_t *wcscpy(cedk_wchar_t *dst, const cedk_wchar_t *src);
cedk_wchar_t *wcsncpy(cedk_wchar_t *dst, const cedk_wchar_t *src, size_t n);
cedk_wchar_t *wcscat(cedk_wchar_t *dst, const cedk_wchar_t *src);
int wcscmp(const cedk_wchar_t *a, const cedk_wchar_t *b);
int wcsncmp(const cedk_wchar_t *a, const cedk_wchar_t *b, size_t n);
int _wcsicmp(const cedk_wchar_t *a, const cedk_wchar_t *b);
int _wcsnicmp(const cedk_wchar_t *a, const cedk_wchar_t *b, size_t n);
cedk_wchar_t *wcschr(const cedk_wchar_t *s, cedk_wchar_t c);
cedk_wchar_t *wcsrchr(const cedk_wchar_t *s, cedk_wchar_t c);
size_t wcsnlen(const cedk_wchar_t *s, size_t n);
#define wcsicmp _wcsicmp
#define wcsnicmp _wcsnicmp
#define stricmp _stricmp

/* Variable arguments (wasm32: a pointer to the arguments in the caller's stack frame). */
typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define va_end(ap) __builtin_va_end(ap)

/* Formatted output into a WCHAR buffer, formatted by the machine with NKDbgPrintfW's rules (dbgapi.h).
 * wsprintfW writes at most 1024 WCHARs and the NUL; _vsnwprintf writes at most count WCHARs and returns the
 * length, or -1 (no NUL written) when the text did not fit, as the Microsoft C runtime does. */
#ifndef CEDK_LIBC_IMPL
CEDK_IMPORT(coredll, wsprintfW) int wsprintfW(cedk_wchar_t *lpOut, const cedk_wchar_t *lpFmt, ...);
CEDK_IMPORT(coredll, wvsprintfW) int wvsprintfW(cedk_wchar_t *lpOut, const cedk_wchar_t *lpFmt, va_list arglist);
CEDK_IMPORT(coredll, _vsnwprintf)
int _vsnwprintf(cedk_wchar_t *buffer, size_t count, const cedk_wchar_t *format, va_list argptr);
#define wsprintf wsprintfW
#define wvsprintf wvsprintfW
#endif

/* In a driver, memcpy and memset are compiler intrinsics, as MSVC's /Oi makes them in a CE6 build: a copy of a small
 * constant size becomes a few wide loads and stores (a 16-byte copy: two 8-byte ones), anything else calls the
 * functions above. libc.c itself defines CEDK_LIBC_IMPL, so its loops are never turned into calls to themselves. */
#ifndef CEDK_LIBC_IMPL
#define memcpy(dst, src, n) __builtin_memcpy((dst), (src), (n))
#define memset(dst, c, n) __builtin_memset((dst), (c), (n))
#endif
CEDK_EXTERN_C_END
#endif
