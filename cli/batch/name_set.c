/* name_set.c - a balanced search tree of names (POSIX tsearch; a red-black
 * tree in glibc). No hash: a manifest cannot choose names that collide,
 * so n names cost O(n log n) comparisons whatever they are. */
#include "name_set.h"

#include <search.h>
#include <stdlib.h>
#include <string.h>

typedef struct name_entry {
    unsigned long number;
    size_t len;
    char name[];
} name_entry;

struct name_set {
    void *root;             /* tsearch's tree of name_entry */
};

name_set *name_set_new(void)
{
    name_set *set = malloc(sizeof *set);
    if (set != NULL)
        set->root = NULL;
    return set;
}

static int compare_entries(const void *a, const void *b)
{
    const name_entry *x = a, *y = b;
    size_t common = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->name, y->name, common);
    if (c != 0)
        return c;
    return (x->len > y->len) - (x->len < y->len);
}

void name_set_free(name_set *set)
{
    if (set == NULL)
        return;
    /* POSIX has no tdestroy: take the root out until the tree is empty. */
    while (set->root != NULL) {
        name_entry *entry = *(name_entry **)set->root;
        tdelete(entry, &set->root, compare_entries);
        free(entry);
    }
    free(set);
}

int name_set_add(name_set *set, const char *name, size_t len,
                 unsigned long number, unsigned long *first_number)
{
    name_entry *entry = malloc(sizeof *entry + len);
    if (entry == NULL)
        return -1;
    entry->number = number;
    entry->len = len;
    memcpy(entry->name, name, len);
    name_entry **found = tsearch(entry, &set->root, compare_entries);
    if (found == NULL) {
        free(entry);
        return -1;
    }
    if (*found != entry) {
        *first_number = (*found)->number;
        free(entry);
        return 0;
    }
    return 1;
}
