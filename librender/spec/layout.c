/* The teaching layout. The numbers are chosen so that landscape cells are
 * exactly one unit square, which makes positions in a spec easy to reason
 * about; docs/scene-spec.md draws the same geometry. */
#include <librender/lr_spec.h>

#include <ctype.h>

static lr_rect rect(float x0, float y0, float x1, float y1)
{
    lr_rect r = {x0, y0, x1, y1};
    return r;
}

lr_layout lr_layout_get(lr_orientation orientation)
{
    lr_layout l;
    l.frame_height = 8.0f;
    if (orientation == LR_PORTRAIT) {
        l.frame_width = 4.5f;
        l.title = rect(-2.0f, 3.0f, 2.0f, 3.8f);
        l.grid = rect(-1.95f, -1.1f, 1.95f, 2.8f);
        l.lecture = rect(-2.0f, -3.8f, 2.0f, -1.3f);
    } else {
        l.frame_width = 8.0f * 16.0f / 9.0f;
        l.title = rect(-6.6f, 2.75f, 6.6f, 3.75f);
        l.grid = rect(0.5f, -3.5f, 6.5f, 2.5f);
        l.lecture = rect(-6.6f, -3.5f, -0.25f, 2.5f);
    }
    l.cell_width = (l.grid.x1 - l.grid.x0) / LR_LAYOUT_COLS;
    l.cell_height = (l.grid.y1 - l.grid.y0) / LR_LAYOUT_ROWS;
    l.line_height = (l.lecture.y1 - l.lecture.y0) / LR_LAYOUT_MAX_LINES;
    return l;
}

bool lr_layout_anchor_parse(const char *name, int *row, int *col)
{
    if (!name)
        return false;
    char r = (char)toupper((unsigned char)name[0]);
    if (r < 'A' || r > 'A' + LR_LAYOUT_ROWS - 1)
        return false;
    if (name[1] < '1' || name[1] > '0' + LR_LAYOUT_COLS || name[2] != 0)
        return false;
    if (row)
        *row = r - 'A';
    if (col)
        *col = name[1] - '1';
    return true;
}

static lr_rect cell_rect(const lr_layout *l, int row, int col)
{
    float x0 = l->grid.x0 + (float)col * l->cell_width;
    float y1 = l->grid.y1 - (float)row * l->cell_height;
    return rect(x0, y1 - l->cell_height, x0 + l->cell_width, y1);
}

lr_status lr_layout_anchor_rect(lr_orientation orientation, const char *anchor, lr_rect *out, lr_error *err)
{
    int row, col;
    if (!out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_layout_anchor_rect: out is NULL");
    if (!lr_layout_anchor_parse(anchor, &row, &col))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "anchor \"%.16s\" is not one of A1..F6 (rows A-F, columns 1-6)",
                            anchor ? anchor : "(null)");
    lr_layout l = lr_layout_get(orientation);
    *out = cell_rect(&l, row, col);
    return LR_OK;
}

lr_status lr_layout_area_rect(lr_orientation orientation, const char *a, const char *b, lr_rect *out,
                              lr_error *err)
{
    lr_rect ra, rb;
    lr_status s = lr_layout_anchor_rect(orientation, a, &ra, err);
    if (s == LR_OK)
        s = lr_layout_anchor_rect(orientation, b, &rb, err);
    if (s != LR_OK)
        return s;
    *out = lr_rect_union(ra, rb);
    return LR_OK;
}

lr_rect lr_layout_line_rect(lr_orientation orientation, int index)
{
    lr_layout l = lr_layout_get(orientation);
    float y1 = l.lecture.y1 - (float)index * l.line_height;
    return rect(l.lecture.x0, y1 - l.line_height, l.lecture.x1, y1);
}
