#!/usr/bin/env bash
# Post the output of `make diff` as a pull-request comment, or update the previous one in place.
#   post-diff-comment.sh FILE
# Needs gh and the environment of a pull-request workflow: GH_TOKEN, GITHUB_REPOSITORY, PR_NUMBER.
# The previous comment is the first whose body starts with the marker `bulletin diff` writes.
set -euo pipefail
file="${1:?usage: post-diff-comment.sh FILE}"
marker='<!-- bulletin-diff -->'
repo="${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}"
pr="${PR_NUMBER:?PR_NUMBER is not set}"
head -n 1 "$file" | grep -qxF "$marker" || { echo "post-diff-comment: $file does not start with $marker" >&2; exit 2; }
id=$(gh api --paginate "repos/$repo/issues/$pr/comments" \
  --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1)
if [ -n "$id" ]; then
  gh api --method PATCH "repos/$repo/issues/comments/$id" -F "body=@$file" >/dev/null
  echo "post-diff-comment: updated comment $id"
else
  gh api --method POST "repos/$repo/issues/$pr/comments" -F "body=@$file" >/dev/null
  echo "post-diff-comment: posted a new comment"
fi
