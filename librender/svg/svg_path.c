/* SVG path data and transform lists. Numbers are scanned by hand: strtod
 * would follow the process locale and accept "inf", "nan" and hex, none of
 * which SVG allows. */
#include "svg/svg_internal.h"

#include <math.h>
#include <string.h>

#define SVG_PI 3.14159265358979323846

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static void skip_space_comma(const char **s)
{
    const char *p = *s;
    while (is_space(*p))
        p++;
    if (*p == ',') {
        p++;
        while (is_space(*p))
            p++;
    }
    *s = p;
}

bool lr_svg_scan_number(const char **s, double *out)
{
    const char *p = *s;
    skip_space_comma(&p);
    double sign = 1.0;
    if (*p == '+' || *p == '-') {
        if (*p == '-')
            sign = -1.0;
        p++;
    }
    double mant = 0.0;
    int digits = 0, scale = 0;
    while (is_digit(*p)) {
        if (digits < 18)
            mant = mant * 10.0 + (*p - '0');
        else
            scale++; /* further digits only shift the magnitude */
        digits++;
        p++;
    }
    if (*p == '.') {
        p++;
        while (is_digit(*p)) {
            if (digits < 18) {
                mant = mant * 10.0 + (*p - '0');
                scale--;
            }
            digits++;
            p++;
        }
    }
    if (digits == 0)
        return false;
    /* "1e5" is an exponent, but "1em" or "1e" alone is not. */
    if ((*p == 'e' || *p == 'E') && (is_digit(p[1]) || ((p[1] == '+' || p[1] == '-') && is_digit(p[2])))) {
        p++;
        int esign = 1, e = 0;
        if (*p == '+' || *p == '-') {
            if (*p == '-')
                esign = -1;
            p++;
        }
        while (is_digit(*p)) {
            if (e < 10000)
                e = e * 10 + (*p - '0');
            p++;
        }
        scale += esign * e;
    }
    if (scale < -400)
        scale = -400;
    if (scale > 400)
        scale = 400;
    double v = sign * mant * pow(10.0, scale);
    /* Past 1e30 a coordinate is garbage, and past FLT_MAX converting it to
     * float would be undefined: refuse it as not a number. */
    if (!isfinite(v) || fabs(v) > 1e30)
        return false;
    *out = v;
    *s = p;
    return true;
}

/* Arc flags are single characters and may be packed ("a1 1 0 00.5.5"). */
static bool scan_flag(const char **s, bool *out)
{
    const char *p = *s;
    skip_space_comma(&p);
    if (*p != '0' && *p != '1')
        return false;
    *out = *p == '1';
    *s = p + 1;
    return true;
}

static lr_vec2 v2(double x, double y)
{
    lr_vec2 v = {(float)x, (float)y};
    return v;
}

lr_status lr_svg_arc_to(lr_path *path, double x0, double y0, double rx, double ry, double angle_deg,
                        bool large_arc, bool sweep, double x, double y)
{
    /* SVG 1.1 appendix F.6.5-F.6.6: endpoint to centre parameterisation. */
    if (x0 == x && y0 == y)
        return LR_OK;
    rx = fabs(rx);
    ry = fabs(ry);
    if (rx == 0.0 || ry == 0.0)
        return lr_path_line_to(path, v2(x, y));
    double phi = angle_deg * SVG_PI / 180.0;
    double cp = cos(phi), sp = sin(phi);
    double dx2 = (x0 - x) / 2.0, dy2 = (y0 - y) / 2.0;
    double x1p = cp * dx2 + sp * dy2;
    double y1p = -sp * dx2 + cp * dy2;
    double lambda = (x1p * x1p) / (rx * rx) + (y1p * y1p) / (ry * ry);
    if (lambda > 1.0) {
        double r = sqrt(lambda);
        rx *= r;
        ry *= r;
    }
    double num = rx * rx * ry * ry - rx * rx * y1p * y1p - ry * ry * x1p * x1p;
    double den = rx * rx * y1p * y1p + ry * ry * x1p * x1p;
    double coef = (den > 0.0 && num > 0.0) ? sqrt(num / den) : 0.0;
    if (large_arc == sweep)
        coef = -coef;
    double cxp = coef * rx * y1p / ry;
    double cyp = -coef * ry * x1p / rx;
    double cx = cp * cxp - sp * cyp + (x0 + x) / 2.0;
    double cy = sp * cxp + cp * cyp + (y0 + y) / 2.0;
    double ux = (x1p - cxp) / rx, uy = (y1p - cyp) / ry;
    double vx = (-x1p - cxp) / rx, vy = (-y1p - cyp) / ry;
    double theta1 = atan2(uy, ux);
    double dtheta = atan2(ux * vy - uy * vx, ux * vx + uy * vy);
    if (!sweep && dtheta > 0)
        dtheta -= 2.0 * SVG_PI;
    else if (sweep && dtheta < 0)
        dtheta += 2.0 * SVG_PI;

    int n = (int)ceil(fabs(dtheta) / (SVG_PI / 2.0) - 1e-9);
    if (n < 1)
        n = 1;
    double delta = dtheta / n;
    double k = 4.0 / 3.0 * tan(delta / 4.0);
    double t = theta1;
    for (int i = 0; i < n; i++) {
        double t2 = t + delta;
        double c1 = cos(t), s1 = sin(t), c2 = cos(t2), s2 = sin(t2);
        double p1x = cx + rx * cp * c1 - ry * sp * s1, p1y = cy + rx * sp * c1 + ry * cp * s1;
        double d1x = -rx * cp * s1 - ry * sp * c1, d1y = -rx * sp * s1 + ry * cp * c1;
        double p2x = cx + rx * cp * c2 - ry * sp * s2, p2y = cy + rx * sp * c2 + ry * cp * s2;
        double d2x = -rx * cp * s2 - ry * sp * c2, d2y = -rx * sp * s2 + ry * cp * c2;
        if (i == n - 1) { /* land exactly on the endpoint the file asked for */
            p2x = x;
            p2y = y;
        }
        lr_status st = lr_path_cubic_to(path, v2(p1x + k * d1x, p1y + k * d1y), v2(p2x - k * d2x, p2y - k * d2y),
                                        v2(p2x, p2y));
        if (st != LR_OK)
            return st;
        t = t2;
    }
    return LR_OK;
}

static int args_for(char cmd)
{
    switch (cmd) {
    case 'M': case 'L': case 'T': return 2;
    case 'H': case 'V': return 1;
    case 'C': return 6;
    case 'S': case 'Q': return 4;
    case 'A': return 7;
    case 'Z': return 0;
    default: return -1;
    }
}

lr_status lr_svg_path_parse_limited(const char *d, lr_path *out, uint32_t max, uint32_t *commands, lr_error *err)
{
    if (!d || !out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_svg_parse_path_data: NULL argument");
    const char *p = d;
    double cx = 0, cy = 0;         /* current point */
    double sx = 0, sy = 0;         /* start of the current subpath */
    double lcx = 0, lcy = 0;       /* last control point, for S and T */
    char prev = 0;                 /* previous command (upper case) */
    bool open = false;             /* a subpath has been started */
    char cmd = 0;
    bool rel = false;
    lr_status st = LR_OK;

    for (;;) {
        while (is_space(*p) || *p == ',')
            p++;
        if (*p == '\0')
            break;
        char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
            char up = (char)(c & ~0x20);
            if (args_for(up) < 0)
                return lr_error_set(err, LR_ERR_SVG, "path data: unknown command '%c' at offset %ld", c,
                                    (long)(p - d));
            cmd = up;
            rel = c != up;
            p++;
        } else if (cmd == 0) {
            return lr_error_set(err, LR_ERR_SVG, "path data: expected a command at offset %ld, found '%c'",
                                (long)(p - d), c);
        } else if (cmd == 'Z') {
            return lr_error_set(err, LR_ERR_SVG, "path data: unexpected number after 'Z' at offset %ld",
                                (long)(p - d));
        }
        if (++*commands > max)
            return lr_error_set(err, LR_ERR_LIMIT, "path data: more than %u commands", max);
        if (cmd != 'M' && cmd != 'Z' && !open) {
            /* Drawing right after Z continues from the subpath's start. */
            if (prev != 'Z')
                return lr_error_set(err, LR_ERR_SVG, "path data: must start with 'M' (offset %ld)", (long)(p - d));
            if ((st = lr_path_move_to(out, v2(cx, cy))) != LR_OK)
                return st;
            open = true;
        }

        double a[7];
        int n = args_for(cmd);
        for (int i = 0; i < n; i++) {
            bool ok;
            if (cmd == 'A' && (i == 3 || i == 4)) {
                bool f = false;
                ok = scan_flag(&p, &f);
                a[i] = f ? 1.0 : 0.0;
            } else {
                ok = lr_svg_scan_number(&p, &a[i]);
            }
            if (!ok)
                return lr_error_set(err, LR_ERR_SVG, "path data: expected %s %d of '%c' at offset %ld",
                                    (cmd == 'A' && (i == 3 || i == 4)) ? "flag" : "number", i + 1,
                                    rel ? (char)(cmd | 0x20) : cmd, (long)(p - d));
        }
        double ox = rel ? cx : 0, oy = rel ? cy : 0;
        switch (cmd) {
        case 'M':
            cx = a[0] + ox;
            cy = a[1] + oy;
            sx = cx;
            sy = cy;
            st = lr_path_move_to(out, v2(cx, cy));
            open = true;
            cmd = 'L'; /* further pairs are implicit line-tos */
            prev = 'M';
            lcx = cx;
            lcy = cy;
            if (st != LR_OK)
                return st;
            continue;
        case 'L':
            cx = a[0] + ox;
            cy = a[1] + oy;
            st = lr_path_line_to(out, v2(cx, cy));
            lcx = cx;
            lcy = cy;
            break;
        case 'H':
            cx = a[0] + ox;
            st = lr_path_line_to(out, v2(cx, cy));
            lcx = cx;
            lcy = cy;
            break;
        case 'V':
            cy = a[0] + oy;
            st = lr_path_line_to(out, v2(cx, cy));
            lcx = cx;
            lcy = cy;
            break;
        case 'C':
            st = lr_path_cubic_to(out, v2(a[0] + ox, a[1] + oy), v2(a[2] + ox, a[3] + oy), v2(a[4] + ox, a[5] + oy));
            lcx = a[2] + ox;
            lcy = a[3] + oy;
            cx = a[4] + ox;
            cy = a[5] + oy;
            break;
        case 'S': {
            double c1x = cx, c1y = cy;
            if (prev == 'C' || prev == 'S') {
                c1x = 2 * cx - lcx;
                c1y = 2 * cy - lcy;
            }
            st = lr_path_cubic_to(out, v2(c1x, c1y), v2(a[0] + ox, a[1] + oy), v2(a[2] + ox, a[3] + oy));
            lcx = a[0] + ox;
            lcy = a[1] + oy;
            cx = a[2] + ox;
            cy = a[3] + oy;
            break;
        }
        case 'Q':
            st = lr_path_quad_to(out, v2(a[0] + ox, a[1] + oy), v2(a[2] + ox, a[3] + oy));
            lcx = a[0] + ox;
            lcy = a[1] + oy;
            cx = a[2] + ox;
            cy = a[3] + oy;
            break;
        case 'T': {
            double qx = cx, qy = cy;
            if (prev == 'Q' || prev == 'T') {
                qx = 2 * cx - lcx;
                qy = 2 * cy - lcy;
            }
            st = lr_path_quad_to(out, v2(qx, qy), v2(a[0] + ox, a[1] + oy));
            lcx = qx;
            lcy = qy;
            cx = a[0] + ox;
            cy = a[1] + oy;
            break;
        }
        case 'A': {
            double x = a[5] + ox, y = a[6] + oy;
            st = lr_svg_arc_to(out, cx, cy, a[0], a[1], a[2], a[3] != 0.0, a[4] != 0.0, x, y);
            cx = x;
            cy = y;
            lcx = cx;
            lcy = cy;
            break;
        }
        case 'Z':
            if (open)
                st = lr_path_close(out);
            open = false;
            cx = sx;
            cy = sy;
            lcx = cx;
            lcy = cy;
            break;
        default:
            break;
        }
        if (st != LR_OK)
            return st;
        prev = cmd;
    }
    return LR_OK;
}

lr_status lr_svg_parse_path_data(const char *d, lr_path *out, lr_error *err)
{
    uint32_t used = 0;
    return lr_svg_path_parse_limited(d, out, UINT32_MAX, &used, err);
}

static lr_affine affine_mul(lr_affine m, lr_affine n)
{
    /* m applied after n: the SVG list "m n" maps points by m(n(p)). */
    return lr_affine_then(n, m);
}

lr_status lr_svg_parse_transform(const char *text, lr_affine *out, lr_error *err)
{
    if (!text || !out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_svg_parse_transform: NULL argument");
    lr_affine m = lr_affine_identity();
    const char *p = text;
    for (;;) {
        while (is_space(*p) || *p == ',')
            p++;
        if (*p == '\0')
            break;
        static const char *const names[] = {"matrix", "translate", "scale", "rotate", "skewX", "skewY"};
        int which = -1;
        size_t len = 0;
        for (int i = 0; i < 6; i++) {
            size_t l = strlen(names[i]);
            if (strncmp(p, names[i], l) == 0) {
                which = i;
                len = l;
                break;
            }
        }
        if (which < 0)
            return lr_error_set(err, LR_ERR_SVG, "transform \"%.60s\": unknown function at offset %ld", text,
                                (long)(p - text));
        p += len;
        while (is_space(*p))
            p++;
        if (*p != '(')
            return lr_error_set(err, LR_ERR_SVG, "transform \"%.60s\": expected '(' at offset %ld", text,
                                (long)(p - text));
        p++;
        double a[6];
        int n = 0;
        for (;;) {
            while (is_space(*p))
                p++;
            if (*p == ')')
                break;
            if (n == 6 || !lr_svg_scan_number(&p, &a[n]))
                return lr_error_set(err, LR_ERR_SVG, "transform \"%.60s\": bad argument at offset %ld", text,
                                    (long)(p - text));
            n++;
        }
        p++;
        lr_affine t;
        bool ok = true;
        switch (which) {
        case 0:
            ok = n == 6;
            t = (lr_affine){(float)a[0], (float)a[1], (float)a[2], (float)a[3], (float)a[4], (float)a[5]};
            break;
        case 1:
            ok = n == 1 || n == 2;
            t = lr_affine_translate((float)a[0], n == 2 ? (float)a[1] : 0.0f);
            break;
        case 2:
            ok = n == 1 || n == 2;
            t = lr_affine_scale((float)a[0], n == 2 ? (float)a[1] : (float)a[0]);
            break;
        case 3: {
            ok = n == 1 || n == 3;
            /* SVG's y axis points down, so a positive angle turns clockwise
             * on screen: the same matrix as a counter-clockwise turn in y-up. */
            double r = a[0] * SVG_PI / 180.0;
            t = (lr_affine){(float)cos(r), (float)sin(r), (float)-sin(r), (float)cos(r), 0, 0};
            if (n == 3) {
                lr_affine to = lr_affine_translate((float)-a[1], (float)-a[2]);
                lr_affine back = lr_affine_translate((float)a[1], (float)a[2]);
                t = lr_affine_then(lr_affine_then(to, t), back);
            }
            break;
        }
        case 4:
            ok = n == 1;
            t = (lr_affine){1, 0, (float)tan(a[0] * SVG_PI / 180.0), 1, 0, 0};
            break;
        default:
            ok = n == 1;
            t = (lr_affine){1, (float)tan(a[0] * SVG_PI / 180.0), 0, 1, 0, 0};
            break;
        }
        if (!ok)
            return lr_error_set(err, LR_ERR_SVG, "transform \"%.60s\": %s takes %s arguments, got %d", text,
                                names[which],
                                which == 0 ? "6" : which == 3 ? "1 or 3" : which >= 4 ? "1" : "1 or 2", n);
        m = affine_mul(m, t);
    }
    *out = m;
    return LR_OK;
}
