/* name_set.c - an open-addressing hash set of names (FNV-1a, linear
 * probing), kept at most half full. */
#include "name_set.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct name_entry {
    char *name;             /* NULL: a free slot */
    size_t len;
    uint64_t hash;
    unsigned long number;
} name_entry;

struct name_set {
    name_entry *slots;
    size_t capacity;        /* a power of two */
    size_t count;
};

#define INITIAL_CAPACITY 1024u

name_set *name_set_new(void)
{
    name_set *set = malloc(sizeof *set);
    if (set == NULL)
        return NULL;
    set->slots = calloc(INITIAL_CAPACITY, sizeof *set->slots);
    if (set->slots == NULL) {
        free(set);
        return NULL;
    }
    set->capacity = INITIAL_CAPACITY;
    set->count = 0;
    return set;
}

void name_set_free(name_set *set)
{
    if (set == NULL)
        return;
    for (size_t i = 0; i < set->capacity; i++)
        free(set->slots[i].name);
    free(set->slots);
    free(set);
}

static uint64_t hash_of(const char *name, size_t len)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)name[i]) * 0x100000001b3u;
    return h;
}

static name_entry *slot_for(name_entry *slots, size_t capacity,
                            const char *name, size_t len, uint64_t hash)
{
    size_t i = (size_t)hash & (capacity - 1);
    while (slots[i].name != NULL &&
           !(slots[i].hash == hash && slots[i].len == len &&
             memcmp(slots[i].name, name, len) == 0))
        i = (i + 1) & (capacity - 1);
    return &slots[i];
}

static int grow(name_set *set)
{
    size_t capacity = set->capacity * 2;
    name_entry *slots = calloc(capacity, sizeof *slots);
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < set->capacity; i++) {
        name_entry *old = &set->slots[i];
        if (old->name != NULL)
            *slot_for(slots, capacity, old->name, old->len, old->hash) = *old;
    }
    free(set->slots);
    set->slots = slots;
    set->capacity = capacity;
    return 0;
}

int name_set_add(name_set *set, const char *name, size_t len,
                 unsigned long number, unsigned long *first_number)
{
    uint64_t hash = hash_of(name, len);
    name_entry *slot = slot_for(set->slots, set->capacity, name, len, hash);
    if (slot->name != NULL) {
        *first_number = slot->number;
        return 0;
    }
    if ((set->count + 1) * 2 > set->capacity) {
        if (grow(set) != 0)
            return -1;
        slot = slot_for(set->slots, set->capacity, name, len, hash);
    }
    slot->name = malloc(len > 0 ? len : 1);
    if (slot->name == NULL)
        return -1;
    memcpy(slot->name, name, len);
    slot->len = len;
    slot->hash = hash;
    slot->number = number;
    set->count++;
    return 1;
}
