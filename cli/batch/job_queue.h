/* job_queue.h - a bounded blocking queue of pointers between one reader
 * thread and render threads, so memory stays bounded however long the
 * manifest is. */
#ifndef QRCLI_JOB_QUEUE_H
#define QRCLI_JOB_QUEUE_H

#include <pthread.h>
#include <stddef.h>

typedef struct job_queue {
    pthread_mutex_t lock;
    pthread_cond_t not_empty;
    pthread_cond_t not_full;
    void **items;           /* a ring of capacity slots */
    size_t capacity, head, count;
    size_t pushers_waiting;
    int closed;             /* no more pushes: pops drain, then NULL */
    int cancelled;          /* stop now: pops give NULL, pushes fail */
} job_queue;

/* 0, or -1 when out of memory. */
int job_queue_init(job_queue *queue, size_t capacity);

/* Frees the queue, not the items; job_queue_take_rest() gets those. */
void job_queue_destroy(job_queue *queue);

/* Waits for room, then adds item. 0, or -1 when cancelled (item not
 * added: the caller keeps it). */
int job_queue_push(job_queue *queue, void *item);

/* Waits for an item. NULL once closed and empty, or cancelled. */
void *job_queue_pop(job_queue *queue);

/* The end of the input: the poppers finish what is queued. */
void job_queue_close(job_queue *queue);

/* Stops everything: pushes fail, waiting pops return NULL. */
void job_queue_cancel(job_queue *queue);

/* After the threads are done: an item still queued, or NULL. */
void *job_queue_take_rest(job_queue *queue);

#endif
