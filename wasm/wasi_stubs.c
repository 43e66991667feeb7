/* wasi_stubs.c - local definitions of the WASI calls wasi-libc would
 * import, so that build/wasm/qrpng.wasm imports nothing and runs in any
 * host with an empty import object.
 *
 * Nothing in the module writes a file: libpng's stdio defaults (fwrite,
 * fflush, fprintf to stderr) are linked in but never called, since
 * lib/png_writer.c gives libpng its own write, flush, error and warning
 * functions. Should one run all the same, these fail as a closed file
 * would (EBADF) instead of reaching the host; proc_exit traps.
 *
 * wasi-libc (Debian's wasi-libc 0.0~git20220510) calls each WASI function
 * through a symbol named __imported_wasi_snapshot_preview1_NAME that is
 * imported when nothing defines it; wasm-ld takes these definitions
 * instead. The types are WASI preview 1's (every pointer and size a
 * 32-bit integer, a file offset 64 bits). tests/wasm/ checks that the
 * module's import list is empty. */
#include <stdint.h>

#define WASI_ERRNO_BADF 8 /* __WASI_ERRNO_BADF */

int32_t __imported_wasi_snapshot_preview1_fd_close(int32_t fd);
int32_t __imported_wasi_snapshot_preview1_fd_seek(int32_t fd, int64_t offset,
                                                  int32_t whence,
                                                  int32_t newoffset);
int32_t __imported_wasi_snapshot_preview1_fd_write(int32_t fd, int32_t iovs,
                                                   int32_t iovs_len,
                                                   int32_t nwritten);
_Noreturn void __imported_wasi_snapshot_preview1_proc_exit(int32_t code);

int32_t __imported_wasi_snapshot_preview1_fd_close(int32_t fd)
{
    (void)fd;
    return WASI_ERRNO_BADF;
}

int32_t __imported_wasi_snapshot_preview1_fd_seek(int32_t fd, int64_t offset,
                                                  int32_t whence,
                                                  int32_t newoffset)
{
    (void)fd;
    (void)offset;
    (void)whence;
    (void)newoffset;
    return WASI_ERRNO_BADF;
}

int32_t __imported_wasi_snapshot_preview1_fd_write(int32_t fd, int32_t iovs,
                                                   int32_t iovs_len,
                                                   int32_t nwritten)
{
    (void)fd;
    (void)iovs;
    (void)iovs_len;
    (void)nwritten;
    return WASI_ERRNO_BADF;
}

void __imported_wasi_snapshot_preview1_proc_exit(int32_t code)
{
    (void)code;
    __builtin_trap();
}
