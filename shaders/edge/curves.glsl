#version 330 core
// Edge programs for curved records (see common.glsl).
