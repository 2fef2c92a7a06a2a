#!/bin/sh
# Builds the runnable jar of a commit, for comparing it with another in one benchmark run:
#
#     benchmarks/build_jar_at.sh <commit> <output.jar>
#
# The commit is checked out in a temporary worktree under ${TMPDIR:-/tmp}, built there with
# `./mvnw -B -q -DskipTests package` and its bootstrap/target/store-relay.jar copied to <output.jar>; the worktree
# goes again, also when the build fails. The working tree and its build output stay as they are. The build stops at
# `package`: modules come from the reactor, and the snapshots in the shared ~/.m2 stay those someone installed.
set -eu

if [ $# -ne 2 ]; then
    echo "usage: $0 <commit> <output.jar>" >&2
    exit 2
fi
commit=$1
output=$2

repository=$(git rev-parse --show-toplevel)
revision=$(git -C "$repository" rev-parse --verify --quiet "$commit^{commit}") || {
    echo "$0: no commit $commit" >&2
    exit 2
}
# The output is named from the caller's directory; the build runs in another.
case $output in
    /*) ;;
    *) output=$(pwd)/$output ;;
esac
mkdir -p "$(dirname "$output")"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/store-relay-build-XXXXXX")
cleanup() {
    git -C "$repository" worktree remove --force "$scratch/tree" 2>/dev/null || true
    git -C "$repository" worktree prune
    rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

git -C "$repository" worktree add --quiet --detach "$scratch/tree" "$revision"
(cd "$scratch/tree" && ./mvnw -B -q -DskipTests package)
cp "$scratch/tree/bootstrap/target/store-relay.jar" "$output"
echo "$output: store-relay.jar of $(git -C "$repository" log -1 --format='%h %s' "$revision" | cut -c1-100)"
