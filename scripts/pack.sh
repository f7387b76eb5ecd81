#!/usr/bin/env bash
# Packs the plugin-author packages (PixArt.Abstractions, PixArt.Nn, PixArt.Abstractions.Testing, with symbols, and the
# PixArt.Templates dotnet new templates) into a
# local folder feed: scripts/pack.sh [FEED] [dotnet pack options] (default feed artifacts/feed, default options -c Release).
# A plugin project then restores from it: dotnet nuget add source "$PWD/artifacts/feed" --name pixart-local
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
feed="$(realpath -m "${1:-$root/artifacts/feed}")"
shift $(( $# > 0 ? 1 : 0 ))
options=("$@")
[ "${#options[@]}" -gt 0 ] || options=(-c Release)
mkdir -p "$feed"
for project in PixArt.Abstractions PixArt.Nn PixArt.Abstractions.Testing; do
  dotnet pack "$root/abstractions/$project/$project.csproj" -o "$feed" --nologo -v q "${options[@]}"
done
# The dotnet new templates (content only: nothing to build).
dotnet pack "$root/templates/PixArt.Templates.csproj" -o "$feed" --nologo -v q
ls -1 "$feed"/*.nupkg
