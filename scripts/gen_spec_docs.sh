#!/usr/bin/env bash
# Regenerates everything the spec's vocabulary (librender/spec/vocab.c)
# describes: docs/scene.schema.json, the reference tables between the
# markers in docs/scene-spec.md, and the Coder's prompts/spec_vocabulary.txt.
# The test spec_vocabulary_generated fails until this has been run after an
# edit of the vocabulary.
#   scripts/gen_spec_docs.sh [path/to/c2v-render]
set -euo pipefail
cd "$(dirname "$0")/.."
render=${1:-build/librender/cli/c2v-render}
"$render" --schema >docs/scene.schema.json
"$render" --reference prompt >prompts/spec_vocabulary.txt
"$render" --reference markdown | python3 tests/spec/vocabulary.py splice docs/scene-spec.md
echo "regenerated docs/scene.schema.json, docs/scene-spec.md (reference), prompts/spec_vocabulary.txt" >&2
