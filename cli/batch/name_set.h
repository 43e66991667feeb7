/* name_set.h - the names a batch has used so far, with their first line,
 * to find duplicate names. Grows with the number of distinct names. */
#ifndef QRCLI_NAME_SET_H
#define QRCLI_NAME_SET_H

#include <stddef.h>

typedef struct name_set name_set;

/* An empty set, or NULL when out of memory. */
name_set *name_set_new(void);
void name_set_free(name_set *set);

/* Adds name (len bytes) first seen at line number. Returns 1 when added,
 * 0 when it was there already (*first_number then says where), -1 when
 * out of memory. */
int name_set_add(name_set *set, const char *name, size_t len,
                 unsigned long number, unsigned long *first_number);

#endif
