#!/usr/bin/env bash
# Demo data for the run command: each service that has a seeding command runs it once (they are
# idempotent). Expects the infrastructure's environment (deploy/infra.sh env) to be exported and the
# solution built in Release.
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO_ROOT"
listing=services/Listing/IpExchange.Listing/bin/Release/net10.0
# --contentRoot: the service's appsettings*.json sit next to its dll.
ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development} \
  dotnet "$listing/IpExchange.Listing.dll" seed --contentRoot "$REPO_ROOT/$listing"
