#!/usr/bin/env bash
# Candor's checks on a real Mac: what CI on Linux cannot run. From the
# repository root, with Go 1.26+ and the Xcode command line tools
# (xcode-select --install; Fyne's window code needs cgo on macOS):
#
#   bash docs/check-macos.sh                  the test suite, then a smoke test of the CLI
#   bash docs/check-macos.sh powercut-write   saves entries until the (virtual) Mac loses power
#   bash docs/check-macos.sh powercut-verify  after it boots: every acknowledged entry is there
set -euo pipefail
mode=${1:-test}
work=${CANDOR_CHECK_DIR:-$HOME/candor-check}
mkdir -p "$work"
bin="$work/candor"
journal="$work/Journal with spaces"
pf="$work/pass phrase.txt"
printf 'mac check passphrase\n' > "$pf"
chmod 600 "$pf"
fail() { echo "FAIL: $*" >&2; exit 1; }
candor() { "$bin" --journal "$journal" --passphrase-file "$pf" "$@"; }

case $mode in
test)
  echo "== go vet and go test (cgo on: the real Fyne driver)"
  go vet ./...
  # -race needs cgo, which the Xcode tools give. The macOS paths in the
  # suite: free space by statfs (TestDiskFull* are Linux-only; see below),
  # the atomic folder swap with renamex_np(RENAME_SWAP) in TestRestoreInPlace,
  # the two-rename restore and its recovery, mode bits and the umask.
  go test -race -count=1 ./...
  echo "== command line smoke test in $work"
  go build -o "$bin" ./cmd/candor
  rm -rf "$journal" "$work/export" "$work/smoke.backup" "$work/restored"
  candor init
  id=$(printf 'Line one\nLine two\n' | candor add --date 2026-01-02 --title "From a Mac" --tag smoke)
  candor show "$id" | grep -q "Line two" || fail show
  candor export --out "$work/export"
  candor backup --out "$work/smoke.backup"
  candor check
  [ "$(stat -f '%Lp' "$journal")" = 700 ] || fail "journal folder mode $(stat -f '%Lp' "$journal")"
  [ "$(stat -f '%Lp' "$journal/journal.key")" = 600 ] || fail "key file mode"
  "$bin" --journal "$work/restored" --passphrase-file "$pf" restore "$work/smoke.backup"
  "$bin" --journal "$work/restored" --passphrase-file "$pf" list | grep -q "From a Mac" || fail restore
  # Free space: Candor refuses to save on a nearly full disk. A 64 MiB disk
  # image shows it (hdiutil is part of macOS).
  img="$work/small.dmg"; rm -f "$img"
  hdiutil create -size 64m -fs APFS -volname CandorSmall "$img" >/dev/null
  mnt=$(hdiutil attach "$img" | awk '/CandorSmall/ {for (i=3; i<=NF; i++) printf "%s%s", $i, (i<NF ? " " : ""); print ""}')
  small="$mnt/j"
  "$bin" --journal "$small" --passphrase-file "$pf" init
  dd if=/dev/zero of="$mnt/fill" bs=1m count=40 2>/dev/null || true
  if printf 'x\n' | "$bin" --journal "$small" --passphrase-file "$pf" add --title full 2>"$work/err"; then
    echo "note: saved on a nearly full 64 MiB volume (free space: $(df -m "$mnt" | awk 'NR==2 {print $4}') MiB)"
  else
    grep -q "disk is full" "$work/err" || fail "full disk: $(cat "$work/err")"
  fi
  hdiutil detach "$mnt" >/dev/null; rm -f "$img"
  echo
  echo "All automatic checks passed. By hand: build the app (docs/macos.md), open it, unlock,"
  echo "write and save an entry, the menu-bar item (Show, New entry, Lock), a reminder notification,"
  echo "and the passphrase prompt of 'candor init' in Terminal (no echo)."
  ;;
powercut-write)
  go build -o "$bin" ./cmd/candor
  [ -f "$journal/journal.key" ] || candor init
  acked="$work/acked.txt"
  echo "Saving entries; cut the power now (UTM or Parallels: force stop the virtual Mac)."
  n=0
  while :; do
    n=$((n + 1))
    id=$(printf 'body %s\n' "$n" | candor add --date 2026-01-02 --title "cut $n")
    # Logged only once candor acknowledged the save, then flushed with
    # F_FULLFSYNC (Python's os.fsync calls fsync; fcntl F_FULLFSYNC is
    # what empties the drive's cache on macOS).
    python3 - "$acked" "$id" <<'PY'
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
os.write(fd, (sys.argv[2] + "\n").encode())
fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
os.close(fd)
PY
  done
  ;;
powercut-verify)
  have=$(candor list --json)
  total=0; missing=0
  while read -r id; do
    [ -n "$id" ] || continue
    total=$((total + 1))
    grep -q "\"$id\"" <<<"$have" || { missing=$((missing + 1)); echo "missing: $id"; }
  done < "$work/acked.txt"
  candor check
  [ "$missing" = 0 ] || fail "$missing of $total acknowledged entries are gone"
  echo "All $total acknowledged entries survived the power cut; the journal checks healthy."
  ;;
*) fail "unknown mode $mode" ;;
esac
