// Command candor is Candor's desktop app and command line: an offline,
// encrypted leadership journal. Run it with no command to open the app;
// `candor help` lists the commands.
package main

import (
	"os"

	_ "candor/cmd/candor/internal/localefix" // before Fyne reads LANG
)

// version is Candor's version; FyneApp.toml carries the same (a test checks).
const version = "0.1.0"

func main() {
	os.Exit(run(os.Args[1:], systemEnv()))
}
