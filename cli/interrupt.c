/* interrupt.c - no temporary file outlives qr-cli on a fatal signal. The
 * signal thread takes every slot's lock and never gives it back, so no
 * thread creates or renames a file after the clean-up; then it lets the
 * batch say what was done (interrupt_guard_on_signal) and dies of the
 * signal. */
#include "interrupt.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct interrupt_slot {
    pthread_mutex_t lock;
    const atomic_file *file;   /* being written, or NULL */
    unsigned long kept;        /* files committed through the slot */
};

/* Signal dispositions are the process's: so is the guard. Reached from
 * the signal thread until the process ends. */
static interrupt_slot *slots;
static size_t slot_count;
static atomic_size_t slots_handed_out;

/* Every signal whose default action ends the process, that a program
 * may be sent and can catch (SIGPIPE is ignored: a write gets EPIPE). */
static const int interrupting[] = {
    SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM,
    SIGVTALRM, SIGPROF, SIGXCPU,
};
#define INTERRUPTING_COUNT (sizeof interrupting / sizeof *interrupting)
static const char *const interrupting_names[INTERRUPTING_COUNT] = {
    "SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2",
    "SIGALRM", "SIGVTALRM", "SIGPROF", "SIGXCPU",
};

const char *interrupt_signal_name(int sig)
{
    for (size_t i = 0; i < INTERRUPTING_COUNT; i++)
        if (interrupting[i] == sig)
            return interrupting_names[i];
    return "a signal";
}

/* What the signal thread calls after the clean-up; the signal thread
 * takes the lock and never gives it back. */
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
static interrupt_report_fn *report_fn;
static void *report_arg;

void interrupt_guard_on_signal(interrupt_report_fn *fn, void *arg)
{
    pthread_mutex_lock(&report_lock);
    report_fn = fn;
    report_arg = arg;
    pthread_mutex_unlock(&report_lock);
}

/* The signals that interrupt a write, less those the process was started
 * with ignored (nohup, a background job of sh): as in coreutils, an
 * ignored one stays ignored. */
static void stop_signals(sigset_t *set)
{
    sigemptyset(set);
    for (size_t i = 0; i < INTERRUPTING_COUNT; i++) {
        struct sigaction old;
        if (sigaction(interrupting[i], NULL, &old) == 0 &&
            old.sa_handler != SIG_IGN)
            sigaddset(set, interrupting[i]);
    }
}

/* What the signal thread waits for, fixed before any is blocked (a
 * blocked signal is never "ignored" to the kernel: it would be queued). */
static sigset_t guarded;

static void *wait_for_signal(void *unused)
{
    (void)unused;
    sigset_t set = guarded;
    int sig;
    int err;
    do
        err = sigwait(&set, &sig);
    while (err != 0);
    unsigned long kept = 0;
    for (size_t i = 0; i < slot_count; i++) {
        pthread_mutex_lock(&slots[i].lock);
        if (slots[i].file != NULL)
            atomic_file_unlink_temp(slots[i].file);
        kept += slots[i].kept;
    }
    pthread_mutex_lock(&report_lock);
    if (report_fn != NULL)
        report_fn(sig, kept, report_arg);
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

static int none_guarded(const sigset_t *set)
{
    for (size_t i = 0; i < INTERRUPTING_COUNT; i++)
        if (sigismember(set, interrupting[i]))
            return 0;
    return 1;
}

int interrupt_guard_start(size_t count)
{
    slots = calloc(count, sizeof *slots);
    if (slots == NULL)
        return -1;
    slot_count = count;
    for (size_t i = 0; i < count; i++)
        pthread_mutex_init(&slots[i].lock, NULL);

    stop_signals(&guarded);
    if (none_guarded(&guarded))
        return 0; /* all ignored: nothing can interrupt the batch */
    int err = pthread_sigmask(SIG_BLOCK, &guarded, NULL);
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

interrupt_slot *interrupt_guard_slot(void)
{
    size_t i = atomic_fetch_add(&slots_handed_out, 1);
    return i < slot_count ? &slots[i] : NULL;
}

int interrupt_slot_open(interrupt_slot *s, atomic_file *file, int dirfd,
                        const char *path)
{
    pthread_mutex_lock(&s->lock);
    int result = atomic_file_open(file, dirfd, path);
    if (result == 0)
        s->file = file;
    pthread_mutex_unlock(&s->lock);
    return result;
}

int interrupt_slot_close(interrupt_slot *s, atomic_file *file, int keep)
{
    int result = 0;
    pthread_mutex_lock(&s->lock);
    if (keep) {
        result = atomic_file_commit(file);
        if (result == 0)
            s->kept++;
    } else
        atomic_file_abort(file);
    s->file = NULL;
    pthread_mutex_unlock(&s->lock);
    return result;
}

/* The one file of interrupt_file_open (single -o). The handler only
 * reads it; it changes with the signals blocked. */
static const atomic_file *volatile watched_file;

/* Async-signal-safe: unlinkat() and raise() only. SA_RESETHAND has put
 * back the default action, so once the handler returns the raised signal
 * (blocked until then) ends the process with the usual status. */
static void remove_temp_and_die(int sig)
{
    if (watched_file != NULL)
        atomic_file_unlink_temp(watched_file);
    raise(sig);
}

int interrupt_file_open(atomic_file *file, int dirfd, const char *path)
{
    sigset_t set, old;
    stop_signals(&set);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_handler = remove_temp_and_die;
    act.sa_mask = set;
    act.sa_flags = SA_RESETHAND;
    for (size_t i = 0; i < INTERRUPTING_COUNT; i++)
        if (sigismember(&set, interrupting[i]))
            sigaction(interrupting[i], &act, NULL);
    int result = atomic_file_open(file, dirfd, path);
    int saved = errno;
    if (result == 0)
        watched_file = file;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    errno = saved;
    return result;
}

int interrupt_file_close(atomic_file *file, int keep)
{
    sigset_t set, old;
    stop_signals(&set);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    int result = 0;
    if (keep)
        result = atomic_file_commit(file);
    else
        atomic_file_abort(file);
    int saved = errno;
    watched_file = NULL;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    errno = saved;
    return result;
}
