#version 330 core
// The YUV pass for frames with an opaque background (see yuv.frag).
#define LR_STRAIGHTEN 0
