#!/usr/bin/env python3
"""The sections of a scene spec, for the section array scripts.

  sections.py count SPEC      how many sections
  sections.py id SPEC K       the id of section K (0-based)
  sections.py id-list SPEC    every id, in order, on one line
  sections.py clips SPEC DIR  the clip of each section in order (DIR/NN-ID.mp4), one a line
"""
import json
import sys


def main():
    what, spec = sys.argv[1], sys.argv[2]
    with open(spec, encoding="utf-8") as f:
        sections = json.load(f).get("sections")
    if not isinstance(sections, list) or not sections:
        sys.exit("%s: no \"sections\" array" % spec)
    ids = []
    for k, s in enumerate(sections):
        sid = s.get("id") if isinstance(s, dict) else None
        if not isinstance(sid, str) or not sid or any(c in sid for c in "/ \t\n'"):
            sys.exit("%s: sections[%d].id: expected a section id" % (spec, k))
        ids.append(sid)
    if what == "count":
        print(len(ids))
    elif what == "id":
        k = int(sys.argv[3])
        if not 0 <= k < len(ids):
            sys.exit("%s: no section %d (it has %d)" % (spec, k, len(ids)))
        print(ids[k])
    elif what == "id-list":
        print(" ".join(ids))
    elif what == "clips":
        for k, sid in enumerate(ids):
            print("%s/%02d-%s.mp4" % (sys.argv[3], k + 1, sid))
    else:
        sys.exit("usage: sections.py count|id|clips SPEC [K|DIR]")


if __name__ == "__main__":
    main()
