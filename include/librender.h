/* librender: declarative vector scenes, drawn on the GPU, written to video.
 * Include this one header; the pieces live in include/librender/. */
#ifndef LIBRENDER_H
#define LIBRENDER_H

#include "librender/lr_base.h"
#include "librender/lr_path.h"
#include "librender/lr_boolean.h"
#include "librender/lr_scene.h"
#include "librender/lr_mesh.h"
#include "librender/lr_context.h"
#include "librender/lr_anim.h"
#include "librender/lr_spec.h"
#include "librender/lr_encoder.h"
#include "librender/lr_text.h"
#include "librender/lr_tex.h"
#include "librender/lr_svg.h"
#include "librender/lr_shapes.h"
#include "librender/lr_preview.h"
#include "librender/lr_audio.h"
#include "librender/lr_layout.h"
#include "librender/lr_log.h"
#include "librender/lr_video.h"

#endif
