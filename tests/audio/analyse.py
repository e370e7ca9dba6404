"""Checks a narrated MP4 decoded by ffmpeg: speech where the subtitles say,
silence in the quiet section, speech and highlights within one frame of the
cues, no clicks at section joins. Prints one "ok:"/"FAILED:" line per check.

analyse.py AUDIO.f32 ROWS.rgb VTT FPS SECTION_FRAMES CUE_ROWS QUIET_SECTION
  AUDIO.f32       mono float32 48 kHz
  ROWS.rgb        rgb24 frames cropped to the first two lecture rows (W x H)
  SECTION_FRAMES  frames per section, comma separated
  CUE_ROWS        the lecture row each cue's line sits in, comma separated
  QUIET_SECTION   index of the section with no narration (-1: none)
"""
import array
import math
import re
import sys

RATE = 48000
W, H = 400, 120  # crop of the lecture column: rows 0 and 1, 60 px each at 480p

audio_path, rows_path, vtt_path, fps, sec_frames, cue_rows, quiet = sys.argv[1:8]
fps = int(fps)
sec_frames = [int(x) for x in sec_frames.split(",")]
cue_rows = [int(x) for x in cue_rows.split(",")]
quiet = int(quiet)
frame_s = 1.0 / fps

audio = array.array("f")
with open(audio_path, "rb") as f:
    audio.frombytes(f.read())
rows = open(rows_path, "rb").read()
nframes = len(rows) // (W * H * 3)

def t2s(t):
    h, m, s = t.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)

cues = [(t2s(a), t2s(b)) for a, b in re.findall(r"(\d+:\d+:\d+\.\d+) --> (\d+:\d+:\d+\.\d+)", open(vtt_path).read())]

failed = 0
def check(cond, what):
    global failed
    print(("ok: " if cond else "FAILED: ") + what)
    failed += 0 if cond else 1

def rms(a, b):
    a, b = max(0, int(a * RATE)), min(len(audio), int(b * RATE))
    if b <= a:
        return 0.0
    return math.sqrt(sum(x * x for x in audio[a:b]) / (b - a))

def db(v):
    return 20 * math.log10(v) if v > 0 else -999

def yellow(frame, row):
    base = frame * W * H * 3
    n = 0
    for y in range(row * 60 + 5, row * 60 + 55, 2):
        line = base + y * W * 3
        for x in range(0, W, 2):
            r, g, b = rows[line + 3 * x], rows[line + 3 * x + 1], rows[line + 3 * x + 2]
            if r > 200 and g > 200 and b < 90:
                n += 1
    return n

starts = [0]
for f in sec_frames:
    starts.append(starts[-1] + f)
check(nframes == starts[-1], "decoded %d video frames, the sections say %d" % (nframes, starts[-1]))
check(abs(len(audio) / RATE - nframes * frame_s) <= frame_s,
      "audio lasts %.4f s, video %.4f s (within one frame)" % (len(audio) / RATE, nframes * frame_s))
check(len(cues) == len(cue_rows), "%d cues, expected %d" % (len(cues), len(cue_rows)))

for i, ((a, b), row) in enumerate(zip(cues, cue_rows)):
    # Speech is there while the cue shows.
    level = db(rms(a, b))
    check(level > -35, "cue %d (%.3f-%.3f s): speech at %.1f dBFS" % (i + 1, a, b, level))
    # The highlight: the first frame from the cue's section on where the row is yellow.
    sec = max(k for k in range(len(sec_frames)) if starts[k] * frame_s <= a + 1e-9)
    hl = next((f for f in range(starts[sec], starts[sec + 1]) if yellow(f, row) > 20), None)
    check(hl is not None, "cue %d: its line lights up in section %d" % (i + 1, sec + 1))
    if hl is None:
        continue
    check(abs(hl * frame_s - a) <= frame_s + 1e-6,
          "cue %d starts at %.4f s, its line lights up at frame %d = %.4f s (within one frame)" % (i + 1, a, hl, hl * frame_s))
    # Speech onset: the first 2 ms above -40 dBFS after the previous cue ended.
    lo = cues[i - 1][1] if i else 0.0
    k = int(lo * RATE)
    onset = None
    while k + 96 <= len(audio):
        if math.sqrt(sum(x * x for x in audio[k:k + 96]) / 96) > 0.01:
            onset = k / RATE
            break
        k += 96
    check(onset is not None and abs(onset - hl * frame_s) <= frame_s + 0.002,
          "cue %d: speech starts at %s s, highlight at %.4f s (within one frame)" % (i + 1, onset, hl * frame_s))
    if i + 1 < len(cues):
        check(b <= cues[i + 1][0], "cue %d ends before cue %d starts" % (i + 1, i + 2))

if quiet >= 0:
    a, b = starts[quiet] * frame_s, starts[quiet + 1] * frame_s
    peak = max(abs(x) for x in audio[int(a * RATE):int(b * RATE)])
    check(db(peak) < -60, "the section without narration (%.3f-%.3f s) is silent: peak %.1f dBFS" % (a, b, db(peak)))
    check(not any(a - 1e-6 <= c[0] < b for c in cues), "no cue in the section without narration")

peak = max(abs(x) for x in audio) if audio else 0
check(peak < 1.0, "decoded peak %.1f dBFS: no clipping" % db(peak))

# Joins: around every section boundary the track is near zero (fades), so no click.
for k in range(1, len(sec_frames)):
    t = starts[k] * frame_s
    s = int(t * RATE)
    win = audio[max(0, s - 48):s + 48]
    peak = max(abs(x) for x in win) if win else 0
    check(peak < 0.05, "join %d at %.4f s: peak %.3f around it (no click)" % (k, t, peak))

sys.exit(1 if failed else 0)
