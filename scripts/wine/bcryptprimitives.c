/* Test-only stand-in for Windows' bcryptprimitives.dll, which Debian's wine 8.0 lacks.
 * Rust's std (1.78+) imports ProcessPrng from it, so without it every Rust exe exits
 * at once under wine. Used by scripts/wine-test.sh only; never shipped with the app. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buf, ULONG len); /* RtlGenRandom, advapi32 */

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
