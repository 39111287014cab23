#!/usr/bin/env bash
# Runs our own Action (the committed dist/ bundle) in validate mode on automations/, with
# fail-on-warnings, the way a workflow on GitHub would (runner variables in a temp folder).
set -euo pipefail
cd "$(dirname "$0")/.."
temp=$(mktemp -d)
trap 'rm -rf "$temp"' EXIT
touch "$temp/output" "$temp/summary.md"
env GITHUB_REPOSITORY=switchyard/switchyard GITHUB_EVENT_NAME=push GITHUB_WORKSPACE="$PWD" \
  RUNNER_TEMP="$temp" GITHUB_OUTPUT="$temp/output" GITHUB_STEP_SUMMARY="$temp/summary.md" \
  INPUT_PATH=automations "INPUT_FAIL-ON-WARNINGS=true" \
  node dist/index.js
