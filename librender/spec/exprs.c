/* A section's expressions, compiled once by the validator and found again
 * by the builder from the JSON string they came from, at every frame that
 * rebuilds an object: an open-addressing table keyed by the node's address. */
#include "spec/spec_internal.h"
#include "core/grow.h"

#include <stdint.h>
#include <stdlib.h>

static size_t slot_of(const cJSON *node, size_t cap)
{
    uint64_t h = (uint64_t)(uintptr_t)node * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 20) & (cap - 1);
}

static bool reindex(spec_exprs *set, size_t cap)
{
    size_t *index = malloc(cap * sizeof *index);
    if (!index)
        return false;
    for (size_t i = 0; i < cap; i++)
        index[i] = SIZE_MAX;
    for (size_t k = 0; k < set->count; k++) {
        size_t s = slot_of(set->items[k].node, cap);
        while (index[s] != SIZE_MAX)
            s = (s + 1) & (cap - 1);
        index[s] = k;
    }
    free(set->index);
    set->index = index;
    set->index_cap = cap;
    return true;
}

lr_status spec_exprs_add(spec_exprs *set, const spec_expr *entry)
{
    /* At most half full, so that probes stay short. */
    if ((set->count + 1) * 2 > set->index_cap && !reindex(set, set->index_cap ? set->index_cap * 2 : 64))
        return LR_ERR_NOMEM;
    spec_expr *items = lr_grow(set->items, &set->cap, set->count, sizeof *set->items, 16);
    if (!items)
        return LR_ERR_NOMEM;
    set->items = items;
    size_t s = slot_of(entry->node, set->index_cap);
    while (set->index[s] != SIZE_MAX)
        s = (s + 1) & (set->index_cap - 1);
    set->index[s] = set->count;
    set->items[set->count++] = *entry;
    return LR_OK;
}

const spec_expr *spec_exprs_find(const spec_exprs *set, const cJSON *node)
{
    if (!set->index_cap)
        return NULL;
    for (size_t s = slot_of(node, set->index_cap);; s = (s + 1) & (set->index_cap - 1)) {
        size_t k = set->index[s];
        if (k == SIZE_MAX)
            return NULL;
        if (set->items[k].node == node)
            return &set->items[k];
    }
}

void spec_exprs_free(spec_exprs *set)
{
    for (size_t k = 0; k < set->count; k++)
        lr_expr_destroy(set->items[k].expr);
    free(set->items);
    free(set->index);
    *set = (spec_exprs){0};
}
