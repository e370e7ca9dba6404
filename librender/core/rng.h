/* The one random generator librender uses: splitmix64 in a state the
 * caller owns, so that what it seeds (random graph layouts, stream-line
 * starts) is the same on every build and thread, whatever ran before. */
#ifndef LR_CORE_RNG_H
#define LR_CORE_RNG_H

#include <stdint.h>

/* The next number in [0, 1), 53 bits, advancing *state. */
static inline double lr_rng_unit(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}

#endif
