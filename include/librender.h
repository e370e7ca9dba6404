/* librender: declarative vector scenes, drawn on the GPU, written to video.
 * Include this one header; the pieces live in include/librender/. */
#ifndef LIBRENDER_H
#define LIBRENDER_H

#include "librender/lr_base.h"
#include "librender/lr_path.h"
#include "librender/lr_scene.h"
#include "librender/lr_context.h"

#endif
