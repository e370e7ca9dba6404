# shellcheck shell=bash
# Sourced by the shard and Slurm tests (after tests/common/checks.sh, whose
# $WORK they use): the scripted LLM server of the agent tests
# (tests/agent/llm_server.py) on 127.0.0.1, scenarios and the configs that
# point at them, and JSON read back with Python's json module.
FIXTURES=$SRC/tests/agent/fixtures
SCRIPTS=$WORK/scripts
REQUESTS=$WORK/requests.jsonl
KEY=sk-test-shard-0a1b2c3d4e5f

# server_start: llm_server.py in the background; $PORT once it listens.
server_start() {
  mkdir -p "$SCRIPTS"
  python3 "$SRC/tests/agent/llm_server.py" --scripts "$SCRIPTS" --log "$REQUESTS" --port-file "$WORK/port" &
  SERVER_PID=$!
  for _ in $(seq 1 200); do
    [ -s "$WORK/port" ] && break
    sleep 0.05
  done
  PORT=$(cat "$WORK/port" 2>/dev/null)
  [ -n "$PORT" ]
}

server_stop() {
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=
}

# scenario NAME JSON: the server answers /s/NAME/... from JSON (single
# quotes become double quotes, as in the C tests; the comma topic_rules
# leaves before a closing bracket goes); $WORK/config-NAME.json has one
# OpenAI-style entry "test" pointing at it.
scenario() {
  printf '%s\n' "$2" | tr "'" '"' | sed -z 's/,[[:space:]]*]/]/g' >"$SCRIPTS/scenario-$1.json"
  printf '{"test": {"provider": "openai", "base_url": "http://127.0.0.1:%s/s/%s/v1", "api_key": "%s", "model": "m"}}\n' \
    "$PORT" "$1" "$KEY" >"$WORK/config-$1.json"
}

# topic_rules TOPIC SECTION_FIXTURE [EXTRA]: the rules answering one topic's
# outline, storyboard (EXTRA is added to its response, e.g. "'delay_ms': 60000")
# and its one section, keyed to the topic's name (calls of several topics
# come in no fixed order).
topic_rules() {
  local extra=${3:+, $3}
  printf "{'contains': ['%s', 'Plan a short educational video'], 'responses': [{'reply_file': '%s', 'usage': [10, 5]}]}," \
    "$1" "$FIXTURES/outline1.json"
  printf "{'contains': ['%s', 'into a storyboard'], 'responses': [{'reply_file': '%s', 'usage': [20, 6]%s}]}," \
    "$1" "$FIXTURES/storyboard1.json" "$extra"
  printf "{'contains': ['%s', 'Write section 1 of 1'], 'responses': [{'reply_file': '%s', 'usage': [30, 7]}]}," \
    "$1" "$2"
}

# requests SCENARIO [TEXT...]: how many requests of SCENARIO the server got
# whose body holds every TEXT.
requests() {
  python3 - "$REQUESTS" "$@" <<'PY'
import json, sys
log, name, needles = sys.argv[1], sys.argv[2], sys.argv[3:]
n = 0
try:
    for line in open(log, encoding="utf-8"):
        e = json.loads(line)
        if e.get("scenario") == name and all(x in e.get("body", "") for x in needles):
            n += 1
except FileNotFoundError:
    pass
print(n)
PY
}

# reported SCENARIO: the prompt tokens the server reported for SCENARIO.
reported() {
  python3 - "$REQUESTS" "$1" <<'PY'
import json, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    e = json.loads(line)
    if e.get("usage_for") == sys.argv[2]:
        n += e["usage_reported"][0]
print(n)
PY
}

# jget FILE EXPR: EXPR (Python, the file's JSON as d) printed; "ERROR" when
# the file does not parse or EXPR fails.
jget() {
  python3 - "$1" "$2" <<'PY' 2>/dev/null || echo ERROR
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
v = eval(sys.argv[2], {"d": d, "len": len, "sum": sum, "sorted": sorted})
print(json.dumps(v) if isinstance(v, (list, dict, bool)) or v is None else v)
PY
}

# duration FILE: the container's duration in seconds (0 when it does not decode).
duration() {
  local d
  d=$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$1" 2>/dev/null)
  echo "${d:-0}"
}
positive() { awk -v x="$1" 'BEGIN { exit !(x > 0) }'; }

# temp_left DIR: the temporary files under DIR (the agent's *.part-PID and
# *.video-PID.mp4, the caches' *.tmp and .check-*).
temp_left() {
  find "$1" -type f \( -name '*.part-*' -o -name '*.video-*' -o -name '*.tmp' -o -name '.check-*' \) | sort
}
