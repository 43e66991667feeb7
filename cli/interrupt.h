/* interrupt.h - removing the temporary files of a batch when it is
 * interrupted (SIGINT, SIGTERM, SIGHUP; one that was ignored when qr-cli
 * started, as under nohup, stays ignored).
 *
 * Each worker thread owns a slot and creates, commits or aborts its
 * atomic_file through it. A signal thread waits for the signals (blocked
 * in every other thread), removes the temporary file of every slot, then
 * dies of the same signal, so the caller sees the usual status.
 * SIGKILL cannot be caught: its leftovers are hidden ".NAME.png.XXXXXX"
 * files, which never take a final name. */
#ifndef QRCLI_INTERRUPT_H
#define QRCLI_INTERRUPT_H

#include <stddef.h>

#include "output.h"

/* Signal dispositions belong to the whole process, so there is one guard
 * per process. It stays until the process ends. */

/* Blocks the signals in the calling thread (and so in the threads it
 * creates next) and starts the signal thread with slot_count slots.
 * 0, or -1 with errno. Call it once. */
int interrupt_guard_start(size_t slot_count);

/* atomic_file_open() through slot. */
int interrupt_guard_open(size_t slot, atomic_file *file, int dirfd,
                         const char *path);

/* Through slot: atomic_file_commit() when keep, else
 * atomic_file_abort() (then it returns 0). */
int interrupt_guard_close(size_t slot, atomic_file *file, int keep);

/* The same for the one file the main thread writes (single -o), without
 * a thread: a handler removes the temporary file, then the process dies
 * of the signal. Signals ignored at start stay ignored. */
int interrupt_file_open(atomic_file *file, int dirfd, const char *path);
int interrupt_file_close(atomic_file *file, int keep);

#endif
