#!/usr/bin/env bash
# Builds the real Kubernetes control plane the *RealClusterIT tests run on loopback:
# kube-apiserver, kube-controller-manager, kube-scheduler (k8s.io/kubernetes), kwok
# (sigs.k8s.io/kwok) and a small etcd (cmd/etcd around go.etcd.io/etcd/server/v3/embed).
# Test-only: nothing here ships. Everything comes from the Go module proxy.
#
# The binaries go to a cache directory keyed by the pinned versions and a hash of the
# module files, so a second run finds them and returns at once:
#   ${AKS_BURST_KUBE_CACHE:-~/.cache/aks-burst/kube}/<versions>-<hash>/bin
#
#   tools/kube/build.sh            build if missing, print the bin directory
#   tools/kube/build.sh --print    print the bin directory; exit 1 if it is not built
#
# Needs Go >= 1.26 (kwok v0.8.0 requires it). GO_BUILD_P (default 2) bounds parallel
# compilation: the CI machine has two cores.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

KUBE_VERSION=v1.35.4
KWOK_VERSION=v0.8.0
ETCD_VERSION=v3.6.5

if ! command -v go >/dev/null 2>&1; then
  echo "tools/kube/build.sh: Go >= 1.26 is needed on PATH" >&2
  exit 2
fi
go_minor="$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')"
if [ "${go_minor}" -lt 26 ] 2>/dev/null; then
  echo "tools/kube/build.sh: Go >= 1.26 is needed, found $(go env GOVERSION)" >&2
  exit 2
fi

hash="$(cd "$here" && cat go.mod go.sum kwok/go.mod kwok/go.sum cmd/etcd/main.go build.sh \
  | { cat; go env GOVERSION GOOS GOARCH; } | sha256sum | cut -c1-12)"
cache="${AKS_BURST_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aks-burst/kube}"
dir="$cache/k8s-${KUBE_VERSION}-kwok-${KWOK_VERSION}-etcd-${ETCD_VERSION}-${hash}"
bins=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

built() {
  local b
  for b in "${bins[@]}"; do [ -x "$dir/bin/$b" ] || return 1; done
}

if [ "${1:-}" = "--print" ]; then
  built || { echo "tools/kube/build.sh: not built yet: $dir/bin" >&2; exit 1; }
  echo "$dir/bin"
  exit 0
fi

if built; then
  echo "$dir/bin"
  exit 0
fi

mkdir -p "$cache"
tmp="$(mktemp -d "$cache/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
p="${GO_BUILD_P:-2}"
export CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false"

kube_ldflags="-s -w \
 -X k8s.io/component-base/version.gitVersion=${KUBE_VERSION} \
 -X k8s.io/component-base/version.gitMajor=1 \
 -X k8s.io/component-base/version.gitMinor=$(echo "$KUBE_VERSION" | cut -d. -f2) \
 -X k8s.io/component-base/version.gitTreeState=clean \
 -X k8s.io/client-go/pkg/version.gitVersion=${KUBE_VERSION}"

step() {
  local name="$1"; shift
  local start=$SECONDS
  (cd "$here${MODDIR:-}" && go build -trimpath -p "$p" "$@")
  echo "tools/kube/build.sh: built $name in $((SECONDS - start))s" >&2
}

MODDIR="" step etcd -ldflags "-s -w" -o "$tmp/etcd" ./cmd/etcd
for c in kube-apiserver kube-controller-manager kube-scheduler; do
  MODDIR="" step "$c" -ldflags "$kube_ldflags" -o "$tmp/$c" "k8s.io/kubernetes/cmd/$c"
done
MODDIR=/kwok step kwok -ldflags "-s -w" -o "$tmp/kwok" sigs.k8s.io/kwok/cmd/kwok

rm -rf "$dir"
mkdir -p "$dir"
mv "$tmp" "$dir/bin"
trap - EXIT
echo "$dir/bin"
