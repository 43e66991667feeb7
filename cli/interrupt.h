/* interrupt.h - removing the temporary files of a batch when it is
 * interrupted (SIGINT, SIGTERM, SIGHUP).
 *
 * Each worker thread owns a slot and creates, commits or aborts its
 * atomic_file through it. A signal thread waits for the signals (blocked
 * in every other thread), removes the temporary file of every slot, then
 * dies of the same signal, so the caller sees the usual status.
 * SIGKILL cannot be caught: its leftovers are hidden ".NAME.png.XXXXXX"
 * files, which never take a final name. */
#ifndef QRCLI_INTERRUPT_H
#define QRCLI_INTERRUPT_H

#include <pthread.h>
#include <stddef.h>

#include "output.h"

typedef struct temp_slot {
    pthread_mutex_t lock;
    const atomic_file *file;   /* being written, or NULL */
} temp_slot;

typedef struct interrupt_guard {
    temp_slot *slots;
    size_t slot_count;
    pthread_t thread;
} interrupt_guard;

/* Blocks the signals in the calling thread (and so in the threads it
 * creates next) and starts the signal thread. 0, or -1 with errno. */
int interrupt_guard_start(interrupt_guard *guard, size_t slot_count);

/* atomic_file_open() through slot. */
int interrupt_guard_open(interrupt_guard *guard, size_t slot,
                         atomic_file *file, int dirfd, const char *path);

/* Through slot: atomic_file_commit() when keep, else
 * atomic_file_abort() (then it returns 0). */
int interrupt_guard_close(interrupt_guard *guard, size_t slot,
                          atomic_file *file, int keep);

#endif
