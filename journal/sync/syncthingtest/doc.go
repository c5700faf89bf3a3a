// Package syncthingtest runs two real Syncthing instances on this machine
// so that Candor's sync can be tested end to end: a file written in one
// folder shows up in the other, as it would between two computers.
//
// Start gives each instance its own home under the test's temporary
// directory, a REST API on 127.0.0.1 with an API key of its own, and a sync
// listener on 127.0.0.1; each knows the other by its device ID and explicit
// address. Everything that would reach beyond this machine is off: global
// and local discovery, relays, NAT traversal, usage and crash reports,
// upgrades and the browser. The two instances share one folder, ID
// "candor", between the directories the test names.
//
// A change reaches the other folder in well under a second when the test
// calls Rescan after writing, and in about a second through Syncthing's file
// watcher alone. When both sides write one file before either has seen the
// other's, Syncthing keeps one write under the file's name (most often the
// later one, not always) and the other in a copy named like
// a.sync-conflict-20260102-150405-ABCDEF7.bin, on both sides: Candor's sync
// must expect such files.
//
// Syncthing must be installed (the Debian package syncthing, 1.19 or
// newer; `make deps-test` installs it). Without it the tests fail; they
// never skip. Each instance's log is a file beside its home, and its tail is
// printed when something goes wrong.
package syncthingtest
