#!/usr/bin/env bash
# Window smoke test: start the real candor binary under Xvfb on a temporary
# journal, wait for its "Candor" window, unlock it by typing the passphrase,
# and take screenshots. Fails if the window never maps, or a picture is blank,
# or the unlocked screen looks the same as the locked one.
# Usage: .ci/smoke.sh BINARY [OUTDIR]
set -euo pipefail
bin=$(realpath "$1")
out=${2:-$(mktemp -d)}
mkdir -p "$out"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export LANG=en_US.UTF-8
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
mkdir -p "$HOME"
journal="$work/journal"
pass="smoke test passphrase"

printf '%s\n' "$pass" > "$work/pass"
"$bin" --journal "$journal" --passphrase-file "$work/pass" init >/dev/null
for i in 1 2 3; do
  echo "Smoke entry $i" | "$bin" --journal "$journal" --passphrase-file "$work/pass" add --title "Entry $i" >/dev/null
done

# Pick a free display number.
disp=""
for n in $(seq 90 140); do
  if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then disp=":$n"; break; fi
done
[ -n "$disp" ] || { echo "smoke: no free X display number" >&2; exit 1; }
Xvfb "$disp" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
export DISPLAY=$disp
for _ in $(seq 1 50); do xdpyinfo >/dev/null 2>&1 && break; [ -e "/tmp/.X11-unix/X${disp#:}" ] && break; sleep 0.1; done

unset CANDOR_PASSPHRASE
t0=$(date +%s%N)
"$bin" --journal "$journal" >"$work/app.log" 2>&1 &
app=$!
pids+=($app)

win=""
for _ in $(seq 1 750); do
  win=$(xdotool search --onlyvisible --name '^Candor$' 2>/dev/null | head -n1 || true)
  [ -n "$win" ] && break
  if ! kill -0 "$app" 2>/dev/null; then echo "smoke: candor exited before its window mapped:" >&2; cat "$work/app.log" >&2; exit 1; fi
  sleep 0.02
done
[ -n "$win" ] || { echo "smoke: the Candor window never mapped" >&2; cat "$work/app.log" >&2; exit 1; }
echo "smoke: window mapped $(( ($(date +%s%N) - t0) / 1000000 )) ms after start (20 ms polling)"
sleep 1.5 # let the first frames paint

shot() { import -window root "$1"; }
nonblank() {
  # standard deviation of the picture's pixels: 0 for a single flat colour
  local sd
  sd=$(convert "$1" -colorspace Gray -format '%[fx:standard_deviation]' info:)
  awk -v sd="$sd" 'BEGIN { exit !(sd > 0.01) }' || { echo "smoke: $1 is blank (sd=$sd)" >&2; return 1; }
}

shot "$out/locked.png"
nonblank "$out/locked.png"

# The passphrase field has focus: type and press Enter.
xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus "$win" 2>/dev/null || true
xdotool type --delay 20 "$pass"
xdotool key Return
sleep 2
shot "$out/unlocked.png"
nonblank "$out/unlocked.png"
diff=$(compare -metric AE "$out/locked.png" "$out/unlocked.png" null: 2>&1 || true)
awk -v d="${diff%% *}" 'BEGIN { exit !(d > 1000) }' || { echo "smoke: the screen did not change after unlocking ($diff pixels)" >&2; exit 1; }

# While the app holds the journal, the command line must say it is in use.
set +e
"$bin" --journal "$journal" --passphrase-file "$work/pass" list >/dev/null 2>"$work/inuse.err"
rc=$?
set -e
[ "$rc" = 4 ] || { echo "smoke: candor list exited $rc while the app was unlocked, want 4" >&2; cat "$work/inuse.err" >&2; exit 1; }

# Ctrl+L locks: the app lets go of the journal and the command line may open it.
xdotool key ctrl+l
sleep 1
shot "$out/relocked.png"
set +e
"$bin" --journal "$journal" --passphrase-file "$work/pass" list >/dev/null 2>"$work/free.err"
rc=$?
set -e
[ "$rc" = 0 ] || { echo "smoke: candor list exited $rc after Ctrl+L, want 0" >&2; cat "$work/free.err" >&2; exit 1; }

# Ctrl+Q quits; the process must end by itself.
xdotool key ctrl+q
for _ in $(seq 1 50); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$app" 2>/dev/null; then echo "smoke: candor did not quit on Ctrl+Q" >&2; exit 1; fi

if grep -qiE 'panic|fatal' "$work/app.log"; then echo "smoke: the app logged:" >&2; cat "$work/app.log" >&2; exit 1; fi
echo "smoke: ok (window $win on $disp; screenshots in $out)"
