/* A stand-in for Windows' bcryptprimitives.dll, for running dossier-serve.exe under
 * Debian's wine 8 in the end-to-end tests only (tests/e2e/release.test.mjs): Rust's
 * standard library takes its random numbers from ProcessPrng there, which Windows 10
 * and later have and wine 8 does not. Built beside the test's unpacked copy of the
 * release, never shipped. RtlGenRandom (SystemFunction036) gives the same bytes' kind. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
  while (length > 0) {
    ULONG n = length > 0x10000000 ? 0x10000000 : (ULONG)length;
    if (!SystemFunction036(data, n)) return FALSE;
    data += n;
    length -= n;
  }
  return TRUE;
}
