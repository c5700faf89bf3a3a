#!/usr/bin/env bash
# Window smoke test and scripted session: start the real candor binary under
# Xvfb, on an 800x600 screen, on a temporary journal, wait for its "Candor"
# window, unlock it by typing the passphrase, check that the window still fits
# the screen, write an entry with the keyboard alone (Ctrl+N, typing, Tab,
# Ctrl+S), and take screenshots. Fails if the window never maps or outgrows
# the screen, a picture is blank, the unlocked screen looks the same as the
# locked one, or the saved entry is not exactly the text typed. Then the
# signal test (smoke_signals.sh): SIGTERM, SIGINT and SIGHUP while unlocked
# each keep the draft typed just before, exit 0 and leave the journal healthy.
#
# Every candor run (app and command line) happens in a network namespace
# with no interfaces, traced with strace: any attempt to open an internet
# socket fails the test. Afterwards the journal, the backups, the home folder
# (Fyne's preferences and storage), the temp folder, new files in /tmp and
# every log are scanned for the private text written in the session: only
# the Markdown export, which the session asked for, may hold it.
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
export TMPDIR="$work/tmp"
mkdir -p "$HOME" "$TMPDIR"
touch "$work/start"
journal="$work/journal"
pass="smoke test passphrase"
# The private text of this session: random, so no other file can hold it.
secret="quartz$RANDOM$RANDOM"
cli_secret="${secret}cli"
app_secret="${secret}app"
stray_secret="${secret}stray"

# offline runs a command in a new network namespace with no interfaces,
# under strace, logging every socket and connect call to $work/net.N.
netn=0
offline() {
  netn=$((netn + 1))
  unshare $userns -n strace -f -qq -e signal=none -e trace=socket,connect -o "$work/net.$netn" "$@"
}
userns=-r
unshare -r -n true 2>/dev/null || userns=""
unshare $userns -n true || { echo "smoke: cannot make a network namespace (unshare -n)" >&2; exit 1; }
command -v strace >/dev/null || { echo "smoke: strace is missing (make deps-test installs it)" >&2; exit 1; }
# Control: the trace sees an internet socket when one is opened.
offline bash -c 'exec 3<>/dev/tcp/127.0.0.1/9' 2>/dev/null || true
grep -q 'AF_INET' "$work/net.$netn" || { echo "smoke: the network trace does not see sockets" >&2; exit 1; }
rm "$work/net.$netn"
candor() { offline "$bin" --journal "$journal" --passphrase-file "$work/pass" "$@"; }

printf '%s\n' "$pass" > "$work/pass"
chmod 600 "$work/pass"
candor init >/dev/null
for i in 1 2 3; do
  echo "Smoke entry $i" | candor add --title "Entry $i" >/dev/null
done
echo "A private line: $cli_secret" | candor add --title "Private $cli_secret" --tag "$cli_secret" >/dev/null
candor search "$cli_secret" > "$work/found.txt"
grep -q "$cli_secret" "$work/found.txt" || { echo "smoke: search does not find the new entry" >&2; exit 1; }
rm "$work/found.txt"
candor list --json >/dev/null
candor stats >/dev/null
candor backup --out "$work/hand.backup" >/dev/null
candor check >/dev/null

# Pick a free display number.
disp=""
for n in $(seq 90 140); do
  if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then disp=":$n"; break; fi
done
[ -n "$disp" ] || { echo "smoke: no free X display number" >&2; exit 1; }
screen_w=800 screen_h=600
# -noreset: by default Xvfb resets when its last client leaves (xdpyinfo
# below, or an app that quit), and a client that connects during the reset
# is refused ("Failed to open display").
# -r: no auto-repeat. xdotool presses and releases each key it types; on a
# loaded machine it may be held up between the two longer than the repeat
# delay (660 ms), and the server then repeats the key: "Siiignal" typed for
# "Signal", seen once in 10 runs with a load average of 5 on 2 cores.
Xvfb "$disp" -screen 0 ${screen_w}x${screen_h}x24 -nolisten tcp -noreset -r >"$work/xvfb.log" 2>&1 &
pids+=($!)
export DISPLAY=$disp
xup=""
for _ in $(seq 1 300); do
  if xdpyinfo >/dev/null 2>&1; then xup=1; break; fi
  sleep 0.1
done
[ -n "$xup" ] || { echo "smoke: Xvfb on $disp did not answer within 30 s:" >&2; cat "$work/xvfb.log" >&2; ls -la /tmp/.X11-unix >&2 || true; exit 1; }
# The app talks to Xvfb through its socket file. Where the X server could
# only make its abstract socket (a sandbox whose /tmp/.X11-unix it may not
# create), a new network namespace cannot reach it; the app then runs in
# this namespace, still traced: the trace sees any internet socket the app
# opens, whether or not the namespace has a network.
appns=(unshare $userns -n)
if ! unshare $userns -n xdpyinfo >/dev/null 2>&1; then
  echo "smoke: the X server is not reachable from a new network namespace (no socket file in /tmp/.X11-unix?); the app runs traced in this one"
  appns=()
fi
offline_app() {
  netn=$((netn + 1))
  "${appns[@]}" strace -f -qq -e signal=none -e trace=socket,connect -o "$work/net.$netn" "$@"
}

unset CANDOR_PASSPHRASE
# First a plain start, to time how soon the window maps (strace slows the
# traced session below several times over).
t0=$(date +%s%N)
"${appns[@]}" "$bin" --journal "$journal" >"$work/plain.log" 2>&1 &
plain=$!
pids+=($plain)
for _ in $(seq 1 750); do
  xdotool search --onlyvisible --name '^Candor$' >/dev/null 2>&1 && break
  kill -0 "$plain" 2>/dev/null || { echo "smoke: candor exited before its window mapped:" >&2; head -n 12 "$work/plain.log" >&2; exit 1; }
  sleep 0.02
done
echo "smoke: window mapped $(( ($(date +%s%N) - t0) / 1000000 )) ms after start, untraced (20 ms polling)"
kill "$plain"; wait "$plain" 2>/dev/null || true
for _ in $(seq 1 100); do xdotool search --onlyvisible --name '^Candor$' >/dev/null 2>&1 || break; sleep 0.05; done

t0=$(date +%s%N)
offline_app "$bin" --journal "$journal" >"$work/app.log" 2>&1 &
app=$!
pids+=($app)

win=""
for _ in $(seq 1 750); do
  win=$(xdotool search --onlyvisible --name '^Candor$' 2>/dev/null | head -n1 || true)
  [ -n "$win" ] && break
  if ! kill -0 "$app" 2>/dev/null; then echo "smoke: candor exited before its window mapped:" >&2; head -n 12 "$work/app.log" >&2; exit 1; fi
  sleep 0.02
done
[ -n "$win" ] || { echo "smoke: the Candor window never mapped" >&2; head -n 12 "$work/app.log" >&2; exit 1; }
echo "smoke: traced window mapped $(( ($(date +%s%N) - t0) / 1000000 )) ms after start"
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

# After unlock the window still fits the screen: it never grows itself to
# its content.
geom=$(xdotool getwindowgeometry "$win" | awk '/Geometry:/ { print $2 }')
gw=${geom%x*} gh=${geom#*x}
if [ "$gw" -gt "$screen_w" ] || [ "$gh" -gt "$screen_h" ]; then
  echo "smoke: after unlock the window is ${geom}, larger than the ${screen_w}x${screen_h} screen" >&2; exit 1
fi
echo "smoke: after unlock the window is ${geom} on a ${screen_w}x${screen_h} screen"

# Write today's entry with the keyboard alone: Ctrl+N puts the cursor in the
# body of a new entry, Tab leaves the body (it must not type a tab), Ctrl+S
# saves. The entry must hold exactly the text typed.
app_text="Written in the app: $app_secret"
xdotool key ctrl+n
sleep 0.3
xdotool type --delay 15 "$app_text"
xdotool key Tab
sleep 0.5
xdotool key ctrl+s
sleep 1.5
shot "$out/saved.png"
# Search for it on the Journal tab.
xdotool key ctrl+f
sleep 0.5
xdotool type --delay 15 "$app_secret"
sleep 1.5
shot "$out/search.png"

# Keys typed while the Journal view shows reach no entry: not the hidden
# Today editor, not a new entry saved afterwards.
xdotool key Escape
sleep 0.3
xdotool key ctrl+1
sleep 0.3
xdotool key ctrl+2
sleep 0.5
xdotool type --delay 15 "$stray_secret"
xdotool key ctrl+1
sleep 0.3
xdotool key ctrl+s
sleep 1

# While the app holds the journal, the command line must say it is in use.
set +e
candor list >/dev/null 2>"$work/inuse.err"
rc=$?
set -e
[ "$rc" = 4 ] || { echo "smoke: candor list exited $rc while the app was unlocked, want 4" >&2; cat "$work/inuse.err" >&2; exit 1; }

# Ctrl+L locks: the app lets go of the journal and the command line may open it.
xdotool key ctrl+l
sleep 1
shot "$out/relocked.png"
set +e
candor list >/dev/null 2>"$work/free.err"
rc=$?
set -e
[ "$rc" = 0 ] || { echo "smoke: candor list exited $rc after Ctrl+L, want 0" >&2; cat "$work/free.err" >&2; exit 1; }

# Ctrl+Q quits; the process must end by itself.
xdotool key ctrl+q
for _ in $(seq 1 50); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$app" 2>/dev/null; then echo "smoke: candor did not quit on Ctrl+Q" >&2; exit 1; fi

if grep -qiE 'panic|fatal' "$work/app.log"; then echo "smoke: the app logged:" >&2; head -n 12 "$work/app.log" >&2; exit 1; fi

# The app saved the entry: the command line finds it, with exactly the text
# typed as its body.
candor search "$app_secret" > "$work/found.txt"
grep -q "$app_secret" "$work/found.txt" || { echo "smoke: the entry written in the app was not saved" >&2; exit 1; }
rm "$work/found.txt"
candor list --json > "$work/list.json"
grep -qF "\"body\":\"$app_text\"" "$work/list.json" || { echo "smoke: the saved entry is not exactly the text typed:" >&2; grep -o '"body":"[^"]*'"$app_secret"'[^"]*"' "$work/list.json" >&2; exit 1; }
if grep -q "$stray_secret" "$work/list.json"; then echo "smoke: keys typed on the Journal view were saved in an entry" >&2; exit 1; fi
rm "$work/list.json"

# Signals: TERM, INT and HUP each save the draft typed just before, lock
# and exit 0 (smoke_signals.sh).
source "$(dirname "$(realpath "$0")")/smoke_signals.sh"

# The one plaintext copy the session asks for: a Markdown export.
candor export --out "$work/export" >/dev/null

# No internet socket, ever.
if grep -h 'AF_INET' "$work"/net.*; then echo "smoke: candor opened an internet socket (above)" >&2; exit 1; fi
echo "smoke: $netn candor runs in a network namespace without interfaces, no internet socket"

# Plaintext scan. The export must hold both secrets (the control); nothing
# else may hold either, in UTF-8 or UTF-16, nor the drafts of the signal
# test (never saved as entries, so not in the export either).
utf16() { printf '%s' "$1" | sed 's/./&\\x00/g'; }
scan() { # prints the files under the given paths that hold a secret
  for s in "$cli_secret" "$app_secret" "${secret}sig"; do
    grep -rlaF -- "$s" "$@" 2>/dev/null || true
    grep -rlaP -- "$(utf16 "$s")" "$@" 2>/dev/null || true
  done | sort -u
}
for s in "$cli_secret" "$app_secret"; do
  grep -rqaF -- "$s" "$work/export" || { echo "smoke: control failed: the scan does not find $s in the export" >&2; exit 1; }
done
if grep -rqaF -- "${secret}sig" "$work/export"; then echo "smoke: a draft of the signal test was exported as an entry" >&2; exit 1; fi
# Control for the UTF-16 half of the scan.
mkdir "$work/control"
printf '%s' "$app_secret" | iconv -f UTF-8 -t UTF-16LE > "$work/control/utf16"
[ "$(scan "$work/control")" = "$work/control/utf16" ] || { echo "smoke: control failed: the scan does not find UTF-16 text" >&2; exit 1; }
rm -r "$work/control"
newtmp=$(find /tmp -newer "$work/start" -type f ! -path "$work/export/*" ! -path "$work/out/*" 2>/dev/null | grep -v "^$out/" || true)
hits=$(scan "$journal" "$HOME" "$TMPDIR" "$work"/*.log "$work"/*.err "$work/hand.backup" $newtmp | grep -v "^$work/export/" || true)
if [ -n "$hits" ]; then echo "smoke: private text found in plaintext in:" >&2; echo "$hits" >&2; exit 1; fi
find "$journal" "$HOME" "$TMPDIR" -type f > "$out/scanned-files.txt"
echo "smoke: plaintext scan clean ($(find "$journal" "$HOME" "$TMPDIR" -type f | wc -l) files, $(echo "$newtmp" | grep -c . ) new files in /tmp); the export holds the text as it should"
echo "smoke: ok (window $win on $disp; screenshots in $out)"
