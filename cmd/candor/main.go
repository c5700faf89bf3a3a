// Command candor is Candor's desktop app and command line: an offline,
// encrypted leadership journal. Run it with no command to open the app;
// `candor help` lists the commands.
//
// Every command is one row of the table in commands_table.go: its name,
// synopsis and summary, the function that adds its flags and the function
// that runs it. cli.go reads the global flags, finds the row and runs it;
// help.go writes help from the table and the flag sets. A command touches the
// outside world only through env (env.go), so tests run the command line
// in-process.
package main

import (
	"os"

	_ "candor/cmd/candor/internal/localefix" // before Fyne reads LANG
)

// version is Candor's version; FyneApp.toml carries the same (a test checks).
const version = "0.1.0"

// main runs the command line on the real process and exits with its status.
func main() {
	os.Exit(run(os.Args[1:], systemEnv()))
}
