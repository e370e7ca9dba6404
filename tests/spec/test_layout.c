/* The teaching layout grid: numeric anchor cells in both orientations. */
#include "lrtest.h"

#include <string.h>

static void check_rect(lr_rect r, float x0, float y0, float x1, float y1)
{
    LRT_CHECK_NEAR(r.x0, x0, 1e-5);
    LRT_CHECK_NEAR(r.y0, y0, 1e-5);
    LRT_CHECK_NEAR(r.x1, x1, 1e-5);
    LRT_CHECK_NEAR(r.y1, y1, 1e-5);
}

int main(void)
{
    lr_rect r;
    lr_error err = {0};
    /* landscape: unit cells, grid x 0.5..6.5, y -3.5..2.5 */
    lr_layout l = lr_layout_get(LR_LANDSCAPE);
    LRT_CHECK_NEAR(l.frame_width, 14.2222222, 1e-5);
    LRT_CHECK_NEAR(l.frame_height, 8, 0);
    LRT_CHECK_NEAR(l.cell_width, 1, 1e-6);
    LRT_CHECK_NEAR(l.cell_height, 1, 1e-6);
    LRT_CHECK_NEAR(l.line_height, 1, 1e-6);
    LRT_CHECK_OK(lr_layout_anchor_rect(LR_LANDSCAPE, "A1", &r, &err));
    check_rect(r, 0.5f, 1.5f, 1.5f, 2.5f);
    LRT_CHECK_OK(lr_layout_anchor_rect(LR_LANDSCAPE, "B3", &r, &err));
    check_rect(r, 2.5f, 0.5f, 3.5f, 1.5f);
    LRT_CHECK_OK(lr_layout_anchor_rect(LR_LANDSCAPE, "f6", &r, &err));
    check_rect(r, 5.5f, -3.5f, 6.5f, -2.5f);
    LRT_CHECK_OK(lr_layout_area_rect(LR_LANDSCAPE, "C3", "A1", &r, &err));
    check_rect(r, 0.5f, -0.5f, 3.5f, 2.5f);
    check_rect(lr_layout_line_rect(LR_LANDSCAPE, 0), -6.6f, 1.5f, -0.25f, 2.5f);
    check_rect(lr_layout_line_rect(LR_LANDSCAPE, 5), -6.6f, -3.5f, -0.25f, -2.5f);
    check_rect(l.title, -6.6f, 2.75f, 6.6f, 3.75f);

    /* portrait: 0.65 cells, grid x -1.95..1.95, y -1.1..2.8, lines below */
    l = lr_layout_get(LR_PORTRAIT);
    LRT_CHECK_NEAR(l.frame_width, 4.5, 1e-6);
    LRT_CHECK_NEAR(l.cell_width, 0.65, 1e-5);
    LRT_CHECK_NEAR(l.cell_height, 0.65, 1e-5);
    LRT_CHECK_OK(lr_layout_anchor_rect(LR_PORTRAIT, "A1", &r, &err));
    check_rect(r, -1.95f, 2.15f, -1.3f, 2.8f);
    LRT_CHECK_OK(lr_layout_anchor_rect(LR_PORTRAIT, "F6", &r, &err));
    check_rect(r, 1.3f, -1.1f, 1.95f, -0.45f);
    LRT_CHECK_OK(lr_layout_anchor_rect(LR_PORTRAIT, "D4", &r, &err));
    check_rect(r, 0.0f, 0.2f, 0.65f, 0.85f);
    check_rect(lr_layout_line_rect(LR_PORTRAIT, 0), -2.0f, -1.7166667f, 2.0f, -1.3f);
    /* everything inside the frame, title above grid above lines */
    LRT_CHECK(l.title.y0 > l.grid.y1 && l.grid.y0 > l.lecture.y1);
    LRT_CHECK(l.title.y1 < 4 && l.lecture.y0 > -4 && l.grid.x0 > -2.25f && l.grid.x1 < 2.25f);
    l = lr_layout_get(LR_LANDSCAPE);
    LRT_CHECK(l.lecture.x1 < l.grid.x0 && l.title.y0 > l.grid.y1 && l.grid.x1 < l.frame_width / 2);

    /* bad anchors */
    static const char *const bad[] = {"G1", "A0", "A7", "A", "", "A12", "1A", "AA"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        LRT_CHECK(!lr_layout_anchor_parse(bad[i], NULL, NULL));
        LRT_CHECK_STATUS(lr_layout_anchor_rect(LR_LANDSCAPE, bad[i], &r, NULL), LR_ERR_INVALID_ARG);
    }
    LRT_CHECK_STATUS(lr_layout_anchor_rect(LR_LANDSCAPE, "G7", &r, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK_MSG(strcmp(err.message, "anchor \"G7\" is not one of A1..F6 (rows A-F, columns 1-6)") == 0, "%s",
                  err.message);
    int row = -1, col = -1;
    LRT_CHECK(lr_layout_anchor_parse("E2", &row, &col) && row == 4 && col == 1);
    return lrt_finish("spec_layout");
}
