/* interrupt.h - no temporary file outlives qr-cli when a signal ends it:
 * SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM,
 * SIGPROF or SIGXCPU (one that was ignored when qr-cli started, as SIGHUP
 * under nohup or SIGINT in a script's background job, stays ignored, as
 * POSIX has it). A batch then prints its summary (interrupt_guard_on_signal).
 * The process then dies of the same signal, so the caller sees the usual
 * status. SIGPIPE is ignored (main.c) and
 * SIGXFSZ too (a write past `ulimit -f` fails with EFBIG). SIGKILL cannot
 * be caught: where atomic_file.h needs a temporary name it may leave a
 * hidden ".NAME.XXXXXX" file, which never takes a final name and which
 * the next batch into that folder removes.
 *
 * Two ways, because signal dispositions belong to the whole process:
 *   - one file at a time, from one thread (-o FILE): a signal handler
 *     removes it; interrupt_file_open/close.
 *   - files from many threads at once (--batch): a signal thread waits for
 *     the signals (blocked in every other thread) and removes every file
 *     open through its slots; interrupt_guard_start, then a slot per thread.
 * Use one of them per process. */
#ifndef QRCLI_INTERRUPT_H
#define QRCLI_INTERRUPT_H

#include <stddef.h>

#include "atomic_file.h"

/* atomic_file_open() with the file removed should a signal come before
 * interrupt_file_close(). For one file at a time. */
int interrupt_file_open(atomic_file *file, int dirfd, const char *path);

/* atomic_file_commit() when keep, else atomic_file_abort() (then it
 * returns 0); the file is no longer watched. */
int interrupt_file_close(atomic_file *file, int keep);

/* Blocks the signals in the calling thread (and so in the threads it
 * creates next) and starts the signal thread, with slot_count slots: one
 * for each thread that will write files. Call it once, before those
 * threads start. 0, or -1 with errno. */
int interrupt_guard_start(size_t slot_count);

/* What the signal thread calls once the temporary files are removed,
 * before the process dies of sig: kept is how many files the slots have
 * kept (committed) in all, exact since no slot can keep another one by
 * then. It runs in that thread, not in a handler, so it may lock and
 * write; the other threads go on meanwhile, except for creating or
 * renaming files. It should not wait long: the process ends after it. */
typedef void interrupt_report_fn(int sig, unsigned long kept, void *arg);

/* Sets what the signal thread calls (NULL: nothing), as a batch starts
 * and before what arg points to goes away. Waits while a call is under
 * way: the process then ends instead of returning. */
void interrupt_guard_on_signal(interrupt_report_fn *fn, void *arg);

/* "SIGINT" for SIGINT, and so on for the signals above; "a signal" for
 * any other. */
const char *interrupt_signal_name(int sig);

/* One file open at a time, watched by the signal thread. */
typedef struct interrupt_slot interrupt_slot;

/* The next slot not handed out yet, for one writing thread to keep; NULL
 * once all slot_count are taken. */
interrupt_slot *interrupt_guard_slot(void);

/* atomic_file_open() with the file removed should a signal come before
 * interrupt_slot_close(). */
int interrupt_slot_open(interrupt_slot *slot, atomic_file *file, int dirfd,
                        const char *path);

/* As interrupt_file_close(), for the slot's file. Once the clean-up has
 * begun no file is created or renamed: the thread waits for the end. */
int interrupt_slot_close(interrupt_slot *slot, atomic_file *file, int keep);

#endif
