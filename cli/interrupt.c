/* interrupt.c - removing the temporary files of a batch when it is
 * interrupted. The signal thread takes every slot lock and never gives
 * it back, so no worker can create or rename a file after the clean-up. */
#include "interrupt.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct temp_slot {
    pthread_mutex_t lock;
    const atomic_file *file;   /* being written, or NULL */
} temp_slot;

/* Reached from the signal thread until the process ends. */
static temp_slot *slots;
static size_t slot_count;

static void stop_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
}

static void *wait_for_signal(void *unused)
{
    (void)unused;
    sigset_t set;
    int sig;
    stop_signals(&set);
    int err;
    do
        err = sigwait(&set, &sig);
    while (err != 0);
    for (size_t i = 0; i < slot_count; i++) {
        temp_slot *slot = &slots[i];
        pthread_mutex_lock(&slot->lock);
        if (slot->file != NULL && slot->file->temp != NULL)
            unlinkat(slot->file->dirfd, slot->file->temp, 0);
    }
    /* Die of the signal itself, as if it had not been caught. */
    signal(sig, SIG_DFL);
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    /* raise() returns if the signal stays blocked or ignored after all;
     * cppcheck takes it for noreturn. */
    // cppcheck-suppress unreachableCode
    _exit(128 + sig);
}

int interrupt_guard_start(size_t count)
{
    slots = calloc(count, sizeof *slots);
    if (slots == NULL)
        return -1;
    slot_count = count;
    for (size_t i = 0; i < count; i++)
        pthread_mutex_init(&slots[i].lock, NULL);

    sigset_t set;
    stop_signals(&set);
    int err = pthread_sigmask(SIG_BLOCK, &set, NULL);
    pthread_t thread;
    if (err == 0)
        err = pthread_create(&thread, NULL, wait_for_signal, NULL);
    if (err != 0) {
        errno = err;
        return -1;
    }
    /* Never joined: the process ends while it waits. */
    pthread_detach(thread);
    return 0;
}

int interrupt_guard_open(size_t slot, atomic_file *file, int dirfd,
                         const char *path)
{
    temp_slot *s = &slots[slot];
    pthread_mutex_lock(&s->lock);
    int result = atomic_file_open(file, dirfd, path);
    if (result == 0)
        s->file = file;
    pthread_mutex_unlock(&s->lock);
    return result;
}

int interrupt_guard_close(size_t slot, atomic_file *file, int keep)
{
    temp_slot *s = &slots[slot];
    int result = 0;
    pthread_mutex_lock(&s->lock);
    if (keep)
        result = atomic_file_commit(file);
    else
        atomic_file_abort(file);
    s->file = NULL;
    pthread_mutex_unlock(&s->lock);
    return result;
}
