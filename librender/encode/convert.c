#include "encode/convert.h"

/* The BT.709 matrix scaled to limited range, in 16-bit fixed point (Y) and
 * 18-bit for chroma, where the four samples of a block are summed first. */
enum {
    YR = 11966, YG = 40254, YB = 4064,
    UR = -6596, UG = -22189, UB = 28785,
    VR = 28785, VG = -26145, VB = -2640
};

static inline uint8_t luma(int r, int g, int b)
{
    return (uint8_t)((YR * r + YG * g + YB * b + (16 << 16) + (1 << 15)) >> 16);
}

/* The sums are never negative: the offset of 128 outweighs the most negative
 * term, so the shifts are well defined. */
static inline void rows_convert(const uint8_t *restrict r0, const uint8_t *restrict r1, uint8_t *restrict y0,
                         uint8_t *restrict y1, uint8_t *restrict u, uint8_t *restrict v, int width)
{
    for (int i = 0; i < width / 2; i++) {
        const uint8_t *a = r0 + 8 * i, *b = r1 + 8 * i;
        y0[2 * i] = luma(a[0], a[1], a[2]);
        y0[2 * i + 1] = luma(a[4], a[5], a[6]);
        y1[2 * i] = luma(b[0], b[1], b[2]);
        y1[2 * i + 1] = luma(b[4], b[5], b[6]);
        int r = a[0] + a[4] + b[0] + b[4];
        int g = a[1] + a[5] + b[1] + b[5];
        int bl = a[2] + a[6] + b[2] + b[6];
        u[i] = (uint8_t)((UR * r + UG * g + UB * bl + (128 << 18) + (1 << 17)) >> 18);
        v[i] = (uint8_t)((VR * r + VG * g + VB * bl + (128 << 18) + (1 << 17)) >> 18);
    }
}

#define CONVERT_BODY(rows)                                                                                     \
    for (int j = 0; j + 1 < height; j += 2) {                                                                 \
        const uint8_t *r0 = rgba + (ptrdiff_t)j * stride;                                                     \
        rows(r0, r0 + stride, planes[0] + (ptrdiff_t)j * linesizes[0],                                        \
             planes[0] + (ptrdiff_t)(j + 1) * linesizes[0], planes[1] + (ptrdiff_t)(j / 2) * linesizes[1],    \
             planes[2] + (ptrdiff_t)(j / 2) * linesizes[2], width);                                           \
    }

void lr_yuv420p_from_rgba_portable(const uint8_t *rgba, ptrdiff_t stride, int width, int height,
                                   uint8_t *const planes[3], const int linesizes[3])
{
    CONVERT_BODY(rows_convert)
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* The same sums as rows_convert, eight pixels to a register, one pixel to
 * each 32-bit lane: the products (at most 255 * 40254 for luma, 1020 *
 * 28785 for a chroma block's sum) and the offsets fit in 32 bits, so the
 * bytes are rows_convert's (encode_convert compares them). A 1080p frame
 * on one core: 0.76-0.81 ms from the cache, 1.08-1.11 ms from memory,
 * against 1.25-1.4 and 1.6 ms for the compiler's own vectorising of
 * rows_convert (-O3); in the encoder thread of bench_spec at 1080p60,
 * 1.62 -> 1.33 ms a frame. */
#define AVX2 __attribute__((target("avx2")))

AVX2 static inline __m256i weigh(__m256i r, __m256i g, __m256i b, int cr, int cg, int cb, int offset, int shift)
{
    __m256i s = _mm256_add_epi32(_mm256_mullo_epi32(r, _mm256_set1_epi32(cr)),
                                 _mm256_mullo_epi32(g, _mm256_set1_epi32(cg)));
    s = _mm256_add_epi32(s, _mm256_mullo_epi32(b, _mm256_set1_epi32(cb)));
    return _mm256_srli_epi32(_mm256_add_epi32(s, _mm256_set1_epi32(offset)), shift);
}

/* Eight 32-bit lanes of 0..255 to eight bytes. */
AVX2 static inline void store8(uint8_t *out, __m256i v)
{
    const __m256i low_bytes = _mm256_setr_epi8(0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 4,
                                               8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
    __m256i p = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(v, low_bytes), _mm256_setr_epi32(0, 4, 1, 1, 1, 1, 1, 1));
    _mm_storel_epi64((__m128i *)out, _mm256_castsi256_si128(p));
}

AVX2 static inline __m256i luma8(__m256i px)
{
    const __m256i byte = _mm256_set1_epi32(0xFF);
    __m256i r = _mm256_and_si256(px, byte), g = _mm256_and_si256(_mm256_srli_epi32(px, 8), byte);
    __m256i b = _mm256_and_si256(_mm256_srli_epi32(px, 16), byte);
    return weigh(r, g, b, YR, YG, YB, (16 << 16) + (1 << 15), 16);
}

/* Sixteen pixels of two rows at a time; the rest (a width not a multiple of
 * 16) by rows_convert. */
AVX2 static void rows_convert_avx2(const uint8_t *restrict r0, const uint8_t *restrict r1, uint8_t *restrict y0,
                                   uint8_t *restrict y1, uint8_t *restrict u, uint8_t *restrict v, int width)
{
    const __m256i byte = _mm256_set1_epi32(0xFF);
    int i = 0;
    for (; i + 16 <= width; i += 16) {
        __m256i a0 = _mm256_loadu_si256((const __m256i *)(r0 + 4 * i));
        __m256i a1 = _mm256_loadu_si256((const __m256i *)(r0 + 4 * i + 32));
        __m256i b0 = _mm256_loadu_si256((const __m256i *)(r1 + 4 * i));
        __m256i b1 = _mm256_loadu_si256((const __m256i *)(r1 + 4 * i + 32));
        store8(y0 + i, luma8(a0));
        store8(y0 + i + 8, luma8(a1));
        store8(y1 + i, luma8(b0));
        store8(y1 + i + 8, luma8(b1));
        /* Each 2x2 block's sums: the rows added lane by lane, then
         * neighbouring lanes by hadd, which takes its two inputs a 128-bit
         * half at a time (blocks 0 1 4 5 | 2 3 6 7): put back in order. */
        __m256i c[3];
        for (int k = 0; k < 3; k++) {
            __m256i s0 = _mm256_add_epi32(_mm256_and_si256(_mm256_srli_epi32(a0, 8 * k), byte),
                                          _mm256_and_si256(_mm256_srli_epi32(b0, 8 * k), byte));
            __m256i s1 = _mm256_add_epi32(_mm256_and_si256(_mm256_srli_epi32(a1, 8 * k), byte),
                                          _mm256_and_si256(_mm256_srli_epi32(b1, 8 * k), byte));
            c[k] = _mm256_permute4x64_epi64(_mm256_hadd_epi32(s0, s1), _MM_SHUFFLE(3, 1, 2, 0));
        }
        store8(u + i / 2, weigh(c[0], c[1], c[2], UR, UG, UB, (128 << 18) + (1 << 17), 18));
        store8(v + i / 2, weigh(c[0], c[1], c[2], VR, VG, VB, (128 << 18) + (1 << 17), 18));
    }
    rows_convert(r0 + 4 * i, r1 + 4 * i, y0 + i, y1 + i, u + i / 2, v + i / 2, width - i);
}

AVX2 static void convert_avx2(const uint8_t *rgba, ptrdiff_t stride, int width, int height, uint8_t *const planes[3],
                              const int linesizes[3])
{
    CONVERT_BODY(rows_convert_avx2)
}
#endif

void lr_yuv420p_from_rgba(const uint8_t *rgba, ptrdiff_t stride, int width, int height, uint8_t *const planes[3],
                          const int linesizes[3])
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (__builtin_cpu_supports("avx2")) {
        convert_avx2(rgba, stride, width, height, planes, linesizes);
        return;
    }
#endif
    lr_yuv420p_from_rgba_portable(rgba, stride, width, height, planes, linesizes);
}
