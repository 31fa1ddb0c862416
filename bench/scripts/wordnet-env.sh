# Sourced by the document search benchmark scripts: ROOT (the project, also the working folder), D (the WordNet dev
# corpus folder: the script's first argument, else ../shared/data/wordnet-minilm-dev), J (java with the project's
# flags), CP (the CLI jar plus the benchmark tools in server/target/test-classes), N (lines in the corpus), raw
# (raw embedding of all N lines on 2 threads).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
D="${1:-$ROOT/../shared/data/wordnet-minilm-dev}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
J=("$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC)
CP=cli/target/vamana.jar:server/target/test-classes
N=$(wc -l < "$D/wordnet-minilm-dev_base.txt")
raw() { "${J[@]}" -cp "$CP" dev.vamana.server.tools.EmbedThroughput "$D/wordnet-minilm-dev_base.txt" "$N" 2 2>&1 | grep -v WARNING; }
