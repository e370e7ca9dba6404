/* The one growable-array step librender uses everywhere. */
#ifndef LR_CORE_GROW_H
#define LR_CORE_GROW_H

#include <stddef.h>

/* Room for element number `count` in `items`, an array of `*cap` elements
 * of `size` bytes: returns `items` when it has room, else the array
 * reallocated to twice the capacity (`first` elements when empty) with *cap
 * updated. NULL when memory runs out; the old array is then untouched. */
void *lr_grow(void *items, size_t *cap, size_t count, size_t size, size_t first);

#endif
