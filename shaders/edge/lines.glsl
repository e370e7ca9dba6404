#version 330 core
// Edge programs for straight records (see common.glsl).
#define LR_LINES 1
