/* job_queue.c - a bounded blocking queue of pointers. A full queue wakes
 * its reader only once it is half empty, so the reader refills it in a
 * burst instead of one thread switch per item. */
#include "job_queue.h"

#include <stdlib.h>

int job_queue_init(job_queue *queue, size_t capacity)
{
    queue->items = malloc(capacity * sizeof *queue->items);
    if (queue->items == NULL)
        return -1;
    queue->capacity = capacity;
    queue->head = 0;
    queue->count = 0;
    queue->pushers_waiting = 0;
    queue->closed = 0;
    queue->cancelled = 0;
    pthread_mutex_init(&queue->lock, NULL);
    pthread_cond_init(&queue->not_empty, NULL);
    pthread_cond_init(&queue->not_full, NULL);
    return 0;
}

void job_queue_destroy(job_queue *queue)
{
    pthread_cond_destroy(&queue->not_full);
    pthread_cond_destroy(&queue->not_empty);
    pthread_mutex_destroy(&queue->lock);
    free(queue->items);
}

int job_queue_push(job_queue *queue, void *item)
{
    pthread_mutex_lock(&queue->lock);
    while (queue->count == queue->capacity && !queue->cancelled) {
        queue->pushers_waiting++;
        pthread_cond_wait(&queue->not_full, &queue->lock);
        queue->pushers_waiting--;
    }
    int added = !queue->cancelled;
    if (added) {
        queue->items[(queue->head + queue->count) % queue->capacity] = item;
        queue->count++;
        pthread_cond_signal(&queue->not_empty);
    }
    pthread_mutex_unlock(&queue->lock);
    return added ? 0 : -1;
}

static void *take_locked(job_queue *queue)
{
    void *item = queue->items[queue->head];
    queue->head = (queue->head + 1) % queue->capacity;
    queue->count--;
    return item;
}

void *job_queue_pop(job_queue *queue)
{
    void *item = NULL;
    pthread_mutex_lock(&queue->lock);
    while (queue->count == 0 && !queue->closed && !queue->cancelled)
        pthread_cond_wait(&queue->not_empty, &queue->lock);
    if (queue->count > 0 && !queue->cancelled) {
        item = take_locked(queue);
        if (queue->pushers_waiting > 0 && queue->count <= queue->capacity / 2)
            pthread_cond_broadcast(&queue->not_full);
    }
    pthread_mutex_unlock(&queue->lock);
    return item;
}

void job_queue_close(job_queue *queue)
{
    pthread_mutex_lock(&queue->lock);
    queue->closed = 1;
    pthread_cond_broadcast(&queue->not_empty);
    pthread_mutex_unlock(&queue->lock);
}

void job_queue_cancel(job_queue *queue)
{
    pthread_mutex_lock(&queue->lock);
    queue->cancelled = 1;
    pthread_cond_broadcast(&queue->not_empty);
    pthread_cond_broadcast(&queue->not_full);
    pthread_mutex_unlock(&queue->lock);
}

void *job_queue_take_rest(job_queue *queue)
{
    void *item = NULL;
    pthread_mutex_lock(&queue->lock);
    if (queue->count > 0)
        item = take_locked(queue);
    pthread_mutex_unlock(&queue->lock);
    return item;
}
