#!/usr/bin/env bash
# Generates (or with --check, verifies) every worker's binding types from its wrangler config.
set -euo pipefail
cd "$(dirname "$0")/.."
check=()
[[ "${1:-}" == "--check" ]] && check=(--check)
wrangler types "${check[@]}" -c wrangler.toml --include-runtime=false workers/gateway/worker-configuration.d.ts
for worker in chat bookings tools events channels; do
  wrangler types "${check[@]}" -c "workers/$worker/wrangler.toml" --include-runtime=false "workers/$worker/worker-configuration.d.ts"
done
