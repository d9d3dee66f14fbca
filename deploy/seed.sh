#!/usr/bin/env bash
# Demo data for the run command: each service that has a seeding command runs it once (they are
# idempotent): the demo member organisations and users, then the patents and listings, then the
# trades the demo users make through the gateway (its address is the first argument). Expects the
# infrastructure's environment (deploy/infra.sh env) to be exported and the solution built in Release.
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO_ROOT"
identity=services/Identity/IpExchange.Identity/bin/Release/net10.0
listing=services/Listing/IpExchange.Listing/bin/Release/net10.0
trades=tools/IpExchange.DemoTrades/bin/Release/net10.0
gateway=${1:-http://127.0.0.1:${IPX_BASE_PORT:-5100}}
# The demo members first (their users are the demo logins); run after every service is up, so that
# their OrganisationVerified messages reach every service's queue. --contentRoot: the service's
# appsettings*.json sit next to its dll.
ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development} \
  dotnet "$identity/IpExchange.Identity.dll" seed --contentRoot "$REPO_ROOT/$identity"
ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development} \
  dotnet "$listing/IpExchange.Listing.dll" seed --contentRoot "$REPO_ROOT/$listing"
# The deals: demands, negotiations, a listing taken at its price, an auction, agreements signed,
# recorded and paid, as the demo users make them through the gateway. Each step waits for its
# effect; nothing is added once the demo users trade.
dotnet "$trades/IpExchange.DemoTrades.dll" "$gateway"
