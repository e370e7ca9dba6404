#!/usr/bin/env python3
"""Records the lessons under examples/replay/ (area_of_a_circle;
the_derivative, whose sections use the spec's values and expressions;
linear_transformations, whose sections use its maps of the plane;
the_binomial_distribution, whose sections use formula parts,
TransformMatchingTex and a bar chart with ChangeBarValues; and
the_cross_product, whose sections are 3D: a camera that turns, 3D axes and
vectors, a parallelogram as a surface):
drives the real c2v-agent against tests/agent/llm_server.py (127.0.0.1
only), whose replies are the hand-written files in LESSON.replies/, with
--record. No model is involved: the replies were written by hand, and the
token counts are estimates (see tokens()). Each recording and its folder's
README.md say so. The recordings then let anyone run the whole pipeline with
no key and no network:

  c2v-agent --api replay --replay_dir examples/replay/area_of_a_circle \\
            --knowledge_point "The area of a circle"

Recordings are keyed by a hash of each prompt, so after editing prompts/*.txt
(or the spec's vocabulary, which the Coder's prompt carries) run this again:
  examples/replay/record.py build/agents/c2v-agent [LESSON ...]
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# Each lesson: its topic and how many sections its storyboard has.
LESSONS = {
    "area_of_a_circle": ("The area of a circle", 3),
    "the_derivative": ("The derivative as a slope", 2),
    "linear_transformations": ("Linear transformations and matrices", 2),
    "the_binomial_distribution": ("The binomial distribution", 2),
    "the_cross_product": ("The cross product", 2),
}


PROMPT_TOKENS = {"outline": 310, "storyboard": 690, "section": 2400}

PROVENANCE = {
    "replies": "written by hand (examples/replay/%s.replies/), not by a model",
    "recorded_with": "examples/replay/record.py: the real c2v-agent against tests/agent/llm_server.py",
    "prompt_tokens": "a fixed round figure per kind of call (%s), not counted" %
                     ", ".join("%s %d" % kv for kv in PROMPT_TOKENS.items()),
    "completion_tokens": "estimated from the reply's length, 4 characters a token, not counted",
}

README = """# A hand-written recording, not a model's work

The files here answer c2v-agent's calls for "%(topic)s" with no key
and no network (`--api replay --replay_dir examples/replay/%(lesson)s`).

- The replies were **written by hand**, not by a model
  (`../%(lesson)s.replies/`); `record.py` served them to the real
  c2v-agent through the test server and saved each call
  (`"model": "hand-written"`).
- The **token counts are estimates**: prompt tokens are a fixed round figure
  per kind of call (%(tokens)s),
  completion tokens the reply's length in characters divided by 4. Nothing
  counted them.

So a replayed run's usage.json and c2v-eval's EFF figures for it (tokens, and
a time that has no model in it) describe this recording, not any model. Each
recording carries the same note under `"provenance"`.
"""


def tokens(path):
    # An estimate, not a count (the README says so): about 4 characters a token.
    return max(1, os.path.getsize(path) // 4)


def annotate(lesson):
    """Writes the folder's README.md and a "provenance" note into each
    recording (not part of the hash a recording is found by)."""
    out = os.path.join(HERE, lesson)
    provenance = dict(PROVENANCE, replies=PROVENANCE["replies"] % lesson)
    for name in sorted(os.listdir(out)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(out, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if "provenance" in json.loads(text):
            continue
        # Appended in the layout c2v-agent writes (cJSON's), so the recording
        # itself stays as recorded, byte for byte.
        note = ",\n".join('\t\t"%s":\t%s' % (k, json.dumps(v, ensure_ascii=False)) for k, v in provenance.items())
        text = text.rstrip()
        assert text.endswith("}")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text[:-1].rstrip() + ',\n\t"provenance":\t{\n' + note + "\n\t}\n}")
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as f:
        f.write(README % {"topic": LESSONS[lesson][0], "lesson": lesson,
                          "tokens": ", ".join("%s %d" % kv for kv in PROMPT_TOKENS.items())})


def record(agent, lesson):
    topic, nsections = LESSONS[lesson]
    out = os.path.join(HERE, lesson)
    replies = os.path.join(HERE, lesson + ".replies")
    work = tempfile.mkdtemp(prefix="c2v-record-")
    try:
        def reply(name, prompt_tokens):
            p = os.path.join(replies, name)
            return {"reply_file": p, "usage": [prompt_tokens, tokens(p)]}
        rules = [
            {"contains": "Plan a short educational video",
             "responses": [reply("outline.json", PROMPT_TOKENS["outline"])]},
            {"contains": "into a storyboard", "responses": [reply("storyboard.json", PROMPT_TOKENS["storyboard"])]},
        ]
        for i in range(1, nsections + 1):
            rules.append({"contains": "Write section %d of %d" % (i, nsections),
                          "responses": [reply("section%d.json" % i, PROMPT_TOKENS["section"])]})
        with open(os.path.join(work, "scenario-rec.json"), "w") as f:
            json.dump({"rules": rules, "responses": [{"status": 500, "body": {"error": {"message": "unexpected"}}}]}, f)
        port_file = os.path.join(work, "port")
        server = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests/agent/llm_server.py"), "--scripts", work,
                                   "--log", os.path.join(work, "requests.jsonl"), "--port-file", port_file])
        try:
            for _ in range(500):
                if os.path.exists(port_file):
                    break
                time.sleep(0.02)
            port = open(port_file).read().strip()
            config = os.path.join(work, "api_config.json")
            with open(config, "w") as f:
                json.dump({"recorder": {"provider": "openai", "base_url": "http://127.0.0.1:%s/s/rec" % port,
                                        "api_key": "sk-record-not-a-real-key", "model": "hand-written"}}, f)
            shutil.rmtree(out, ignore_errors=True)
            rc = subprocess.call([agent, "--config", config, "--api", "recorder", "--record", out,
                                  "--knowledge_point", topic, "--output", os.path.join(work, "CASES"), "-j", "1",
                                  "--no-audio"])  # the recordings are the point, not the video
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait()
        if rc != 0:
            sys.exit("c2v-agent failed (%d); recordings in %s are incomplete" % (rc, out))
        annotate(lesson)
        print("recorded %d calls in %s" % (len([n for n in os.listdir(out) if n.endswith(".json")]), out))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    agent = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build/agents/c2v-agent"))
    lessons = sys.argv[2:] or list(LESSONS)
    for lesson in lessons:
        if lesson not in LESSONS:
            sys.exit("no lesson %r (lessons: %s)" % (lesson, ", ".join(LESSONS)))
        record(agent, lesson)


if __name__ == "__main__":
    main()
