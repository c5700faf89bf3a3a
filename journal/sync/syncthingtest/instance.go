package syncthingtest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"
)

// FolderID is the ID of the folder the two instances share.
const FolderID = "candor"

// installHint says what to do when Syncthing is missing or too old.
const installHint = "install Syncthing 1.19 or newer: run `make deps-test`, or `sudo apt-get install syncthing` on Debian or Ubuntu"

// Instance is one running Syncthing: its folder, its home, its log, its
// device ID and the REST API that controls it.
type Instance struct {
	// Name is "A" or "B", the name messages give the instance.
	Name string
	// Dir is the shared folder on this instance.
	Dir string
	// Home is Syncthing's home: its keys, config.xml and database.
	Home string
	// LogPath is the file that receives everything the instance prints.
	LogPath string
	// DeviceID is the instance's Syncthing device ID.
	DeviceID string
	// APIURL is the base URL of the REST API, such as http://127.0.0.1:40123.
	APIURL string
	// APIKey is the key the REST API expects in the X-API-Key header.
	APIKey string

	syncPort int
	client   *http.Client

	cmd      *exec.Cmd
	exited   chan struct{}
	exitErr  error
	logFile  *os.File
	stopOnce sync.Once
}

// Get sends a GET request for path (such as "/rest/db/status?folder=candor")
// to the instance's REST API and decodes the JSON answer into out, unless
// out is nil. It reports an error for any status other than 200.
func (in *Instance) Get(path string, out any) error {
	return in.do(http.MethodGet, path, out)
}

// Post sends a POST request with an empty body for path (such as
// "/rest/db/scan?folder=candor") to the instance's REST API and decodes
// the JSON answer into out, unless out is nil.
func (in *Instance) Post(path string, out any) error {
	return in.do(http.MethodPost, path, out)
}

func (in *Instance) do(method, path string, out any) error {
	return in.send(method, path, nil, out)
}

// send sends a request with a JSON body, or none when body is nil.
func (in *Instance) send(method, path string, body []byte, out any) error {
	req, err := http.NewRequest(method, in.APIURL+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("X-API-Key", in.APIKey)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := in.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, strings.TrimSpace(string(answer)))
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(answer, out); err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	return nil
}

// LogTail returns the last n lines of the instance's log.
func (in *Instance) LogTail(n int) string {
	data, err := os.ReadFile(in.LogPath)
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", in.LogPath, err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// withLog appends the tail of the instance's log to a message.
func (in *Instance) withLog(msg string) string {
	return fmt.Sprintf("%s\n--- last lines of %s (instance %s) ---\n%s\n---", msg, in.LogPath, in.Name, in.LogTail(40))
}

// environ is the environment every syncthing command runs with: no default
// folder, no upgrades, no restarts, and the standard library's SHA-256
// chosen up front, which spares each start a second of benchmarking.
// STMONITORED=yes is what Syncthing's own monitor process sets for the
// process it starts: with it "syncthing serve" is the one process that
// syncs, with no monitor above it that could die and leave it running.
func environ() []string {
	return append(os.Environ(), "STNODEFAULTFOLDER=1", "STNOUPGRADE=1", "STNORESTART=1", "STHASHING=standard", "STMONITORED=yes")
}

// generate makes the instance's keys and a first config.xml, and reads its
// device ID. Syncthing 1.19 has subcommands: "syncthing generate" (the old
// "-generate" flag lives on only as "serve --generate") and "syncthing serve
// --device-id".
func (in *Instance) generate(bin string) error {
	cmd := exec.Command(bin, "generate", "--home="+in.Home, "--no-default-folder", "--skip-port-probing")
	cmd.Env = environ()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("syncthing generate --home=%s: %v\n%s\n(%s)", in.Home, err, out, installHint)
	}
	cmd = exec.Command(bin, "serve", "--home="+in.Home, "--device-id")
	cmd.Env = environ()
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("syncthing serve --device-id --home=%s: %v (%s)", in.Home, err, installHint)
	}
	in.DeviceID = strings.TrimSpace(string(out))
	if len(in.DeviceID) != 63 || strings.Count(in.DeviceID, "-") != 7 {
		return fmt.Errorf("syncthing serve --device-id printed %q, not a device ID", out)
	}
	return nil
}

// writeConfig replaces the generated config.xml with one that knows only
// this device and the other one, by its explicit address. Syncthing fills
// every option left out with its default; every option that could reach
// beyond this machine is written out and switched off. setLowPriority is
// off too: on Linux it moves Syncthing into a process group of its own, out
// of the one Stop signals. The generated <defaults> section is kept: it
// holds the defaults that a folder added through the REST API gets
// (maxConflicts, minDiskFree...), which Syncthing does not fill in for a
// folder written into config.xml.
func (in *Instance) writeConfig(other *Instance) error {
	path := filepath.Join(in.Home, "config.xml")
	generated, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	defaults := defaultsSection.Find(generated)
	if defaults == nil {
		return fmt.Errorf("%s has no <defaults> section: Syncthing older than 1.18? (%s)", path, installHint)
	}
	e := func(s string) string {
		var b bytes.Buffer
		_ = xml.EscapeText(&b, []byte(s)) // a bytes.Buffer never fails
		return b.String()
	}
	cfg := fmt.Sprintf(configTemplate,
		in.DeviceID, e(in.Name),
		other.DeviceID, e(other.Name), other.syncPort,
		strings.TrimPrefix(in.APIURL, "http://"), e(in.APIKey),
		in.syncPort,
		defaults)
	return os.WriteFile(path, []byte(cfg), 0o600)
}

// defaultsSection finds the <defaults> section of a generated config.xml.
var defaultsSection = regexp.MustCompile(`(?s)<defaults>.*</defaults>`)

// configTemplate is config.xml in the format of Syncthing 1.19 (version 36),
// without the folder: addFolder adds it.
const configTemplate = `<configuration version="36">
    <device id="%s" name="%s" compression="metadata" introducer="false">
        <address>dynamic</address>
    </device>
    <device id="%s" name="%s" compression="metadata" introducer="false">
        <address>tcp://127.0.0.1:%d</address>
    </device>
    <gui enabled="true" tls="false" debugging="false">
        <address>%s</address>
        <apikey>%s</apikey>
    </gui>
    <options>
        <listenAddress>tcp://127.0.0.1:%d</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <announceLANAddresses>false</announceLANAddresses>
        <reconnectionIntervalS>5</reconnectionIntervalS>
        <startBrowser>false</startBrowser>
        <urAccepted>-1</urAccepted>
        <urSeen>3</urSeen>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
        <restartOnWakeup>false</restartOnWakeup>
        <setLowPriority>false</setLowPriority>
    </options>
    %s
</configuration>
`

// addFolder adds the shared folder through the REST API, so that Syncthing
// starts from its own defaults for a new folder. The folder rescans every
// 10 s and its watcher waits 1 s for changes to settle; a pull that failed
// is retried after 1 s instead of 60.
func (in *Instance) addFolder(other *Instance) error {
	folder := map[string]any{
		"id":               FolderID,
		"label":            FolderID,
		"path":             in.Dir,
		"type":             "sendreceive",
		"devices":          []map[string]string{{"deviceID": in.DeviceID}, {"deviceID": other.DeviceID}},
		"rescanIntervalS":  10,
		"fsWatcherEnabled": true,
		"fsWatcherDelayS":  1,
		"pullerPauseS":     1,
	}
	body, err := json.Marshal(folder)
	if err != nil {
		return err
	}
	return in.send(http.MethodPut, "/rest/config/folders/"+url.PathEscape(FolderID), body, nil)
}

// start runs "syncthing serve" with its output in the log file.
func (in *Instance) start(bin string) error {
	f, err := os.OpenFile(in.LogPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, "serve", "--home="+in.Home,
		"--no-browser", "--no-restart", "--no-upgrade", "--no-default-folder",
		"--logflags=6") // time with microseconds
	cmd.Env = environ()
	cmd.Stdout = f
	cmd.Stderr = f
	ownProcessGroup(cmd)
	// The process is started and waited for from one goroutine locked to
	// its thread, and the thread ends with it (the lock is never undone):
	// on Linux the process is killed when that thread ends, so it must not
	// end before the process has.
	started := make(chan error)
	exited := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		in.exitErr = cmd.Wait()
		close(exited)
	}()
	if err := <-started; err != nil {
		f.Close()
		return fmt.Errorf("starting %s: %v (%s)", bin, err, installHint)
	}
	in.cmd, in.logFile, in.exited = cmd, f, exited
	return nil
}

// hasExited reports whether the process has ended, and how.
func (in *Instance) hasExited() (bool, error) {
	if in.exited == nil {
		return false, nil
	}
	select {
	case <-in.exited:
		return true, in.exitErr
	default:
		return false, nil
	}
}

// stop asks the process group to end, kills it after 10 s, and waits for
// it. A process that has already ended (and been waited for) is not
// signalled: its ID may belong to another process by now.
func (in *Instance) stop() {
	in.stopOnce.Do(func() {
		if in.cmd == nil {
			return
		}
		if done, _ := in.hasExited(); !done {
			signalGroup(in.cmd, false)
			select {
			case <-in.exited:
			case <-time.After(10 * time.Second):
				signalGroup(in.cmd, true)
				<-in.exited
			}
		}
		in.logFile.Close()
	})
}

// freePorts finds n distinct free TCP ports on 127.0.0.1. They are free when
// it returns, not reserved: another program could take one before Syncthing
// does, and then Start fails with the instance's log.
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// newAPIKey returns a random API key.
func newAPIKey() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// errStop marks a failure that waiting longer will not mend.
var errStop = errors.New("syncthingtest")
