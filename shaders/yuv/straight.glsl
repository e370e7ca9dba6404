#version 330 core
// The YUV pass for frames with a see-through background: premultiplied
// colour is straightened before conversion (see yuv.frag).
#define LR_STRAIGHTEN 1
