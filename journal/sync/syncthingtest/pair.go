package syncthingtest

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// startTimeout bounds each wait in Start: for a REST API to answer, for the
// devices to connect, for the folders to be ready.
const startTimeout = 30 * time.Second

// pollEvery is how often the waits look again.
const pollEvery = 50 * time.Millisecond

// Pair is two running Syncthing instances, A and B, that share the folder
// FolderID between A.Dir and B.Dir.
type Pair struct {
	// A is the instance whose folder is the first directory given to Start.
	A *Instance
	// B is the instance whose folder is the second directory given to Start.
	B *Instance

	mu        sync.Mutex
	logsShown bool
}

// Start starts two Syncthing instances with their own homes and logs under
// t.TempDir(), sharing folder ID "candor" between dirA and dirB (created
// when missing), and returns once both REST APIs answer, the two devices are
// connected and both folders are idle. It fails the test when Syncthing is
// not installed or an instance cannot start; the pair is stopped when the
// test ends.
func Start(t testing.TB, dirA, dirB string) *Pair {
	t.Helper()
	bin, err := exec.LookPath("syncthing")
	if err != nil {
		t.Fatalf("syncthingtest: no syncthing program on PATH: %s", installHint)
	}
	root := t.TempDir()
	ports, err := freePorts(4)
	if err != nil {
		t.Fatalf("syncthingtest: finding free ports on 127.0.0.1: %v", err)
	}
	p := &Pair{}
	for i, name := range []string{"A", "B"} {
		dir, err := filepath.Abs([]string{dirA, dirB}[i])
		if err != nil {
			t.Fatalf("syncthingtest: %v", err)
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatalf("syncthingtest: %v", err)
		}
		in := &Instance{
			Name:     name,
			Dir:      dir,
			Home:     filepath.Join(root, "home-"+strings.ToLower(name)),
			LogPath:  filepath.Join(root, "syncthing-"+strings.ToLower(name)+".log"),
			APIURL:   fmt.Sprintf("http://127.0.0.1:%d", ports[2*i]),
			APIKey:   newAPIKey(),
			syncPort: ports[2*i+1],
			client:   &http.Client{Timeout: 30 * time.Second},
		}
		if err := in.generate(bin); err != nil {
			t.Fatalf("syncthingtest: instance %s: %v", name, err)
		}
		if i == 0 {
			p.A = in
		} else {
			p.B = in
		}
	}
	if p.A.Dir == p.B.Dir {
		t.Fatalf("syncthingtest: A and B share one directory, %s", p.A.Dir)
	}
	t.Cleanup(func() {
		p.Stop()
		p.mu.Lock()
		shown := p.logsShown
		p.mu.Unlock()
		if t.Failed() && !shown {
			// The test failed elsewhere: the logs may tell why.
			t.Log(p.A.withLog("syncthingtest: the test failed"))
			t.Log(p.B.withLog("syncthingtest: the test failed"))
		}
	})
	for _, in := range p.both() {
		if err := in.writeConfig(p.other(in)); err != nil {
			t.Fatalf("syncthingtest: instance %s: writing config.xml: %v", in.Name, err)
		}
		if err := in.start(bin); err != nil {
			t.Fatalf("syncthingtest: instance %s: %v", in.Name, err)
		}
	}
	for _, in := range p.both() {
		p.wait(t, in, startTimeout, "its REST API to answer at "+in.APIURL, in.ready)
	}
	for _, in := range p.both() {
		if err := in.addFolder(p.other(in)); err != nil {
			t.Fatal(in.withLog(fmt.Sprintf("syncthingtest: instance %s: adding folder %s: %v", in.Name, FolderID, err)))
		}
	}
	for _, in := range p.both() {
		p.wait(t, in, startTimeout, "folder "+FolderID+" as configured", in.folderConfigured)
	}
	for _, in := range p.both() {
		p.wait(t, in, startTimeout, "a connection to "+p.other(in).Name+" at tcp://127.0.0.1:"+fmt.Sprint(p.other(in).syncPort),
			func() error { return in.connectedTo(p.other(in)) })
	}
	for _, in := range p.both() {
		p.wait(t, in, startTimeout, "folder "+FolderID+" to be idle", func() error {
			st, err := in.folderStatus()
			if err != nil {
				return err
			}
			if st.State != "idle" {
				return fmt.Errorf("folder state %q %s", st.State, st.Error)
			}
			return nil
		})
	}
	return p
}

// Rescan asks both instances to scan the folder now and returns when both
// scans are done, so that a change just written is announced to the other
// side without waiting for the file watcher.
func (p *Pair) Rescan(t testing.TB) {
	t.Helper()
	for _, in := range p.both() {
		if err := in.Post("/rest/db/scan?folder="+url.QueryEscape(FolderID), nil); err != nil {
			p.fatal(t, fmt.Sprintf("syncthingtest: instance %s: rescan: %v", in.Name, err))
		}
	}
}

// WaitFile waits until relPath (slash-separated, relative to the folder)
// exists in both directories with the same contents, and fails the test
// with both instances' state and logs when timeout passes first.
func (p *Pair) WaitFile(t testing.TB, relPath string, timeout time.Duration) {
	t.Helper()
	rel := filepath.FromSlash(relPath)
	p.waitPair(t, timeout, fmt.Sprintf("%s to be the same in both folders", relPath), func() error {
		a, errA := os.ReadFile(filepath.Join(p.A.Dir, rel))
		b, errB := os.ReadFile(filepath.Join(p.B.Dir, rel))
		switch {
		case errA != nil:
			return fmt.Errorf("in A: %v", errA)
		case errB != nil:
			return fmt.Errorf("in B: %v", errB)
		case !bytes.Equal(a, b):
			return fmt.Errorf("the copies differ: %d bytes in A, %d in B", len(a), len(b))
		}
		return nil
	})
}

// WaitGone waits until relPath (slash-separated, relative to the folder)
// exists in neither directory, and fails the test with both instances'
// state and logs when timeout passes first.
func (p *Pair) WaitGone(t testing.TB, relPath string, timeout time.Duration) {
	t.Helper()
	rel := filepath.FromSlash(relPath)
	p.waitPair(t, timeout, fmt.Sprintf("%s to be gone from both folders", relPath), func() error {
		for _, in := range p.both() {
			if _, err := os.Lstat(filepath.Join(in.Dir, rel)); !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("%s still has it (%v)", in.Name, err)
			}
		}
		return nil
	})
}

// WaitSame waits until the two folders hold the same tree: the same
// directories, and the same files with the same contents. It leaves out the
// folder marker .stfolder and Syncthing's temporary files (.syncthing.*.tmp,
// which a pull given up on leaves behind for a day). It fails the test with
// the differences, both instances' state and logs when timeout passes first.
func (p *Pair) WaitSame(t testing.TB, timeout time.Duration) {
	t.Helper()
	p.waitPair(t, timeout, "both folders to hold the same files", func() error {
		a, err := tree(p.A.Dir)
		if err != nil {
			return err
		}
		b, err := tree(p.B.Dir)
		if err != nil {
			return err
		}
		var diffs []string
		for rel, sum := range a {
			if other, ok := b[rel]; !ok {
				diffs = append(diffs, rel+" only in A")
			} else if other != sum {
				diffs = append(diffs, rel+" differs")
			}
		}
		for rel := range b {
			if _, ok := a[rel]; !ok {
				diffs = append(diffs, rel+" only in B")
			}
		}
		if len(diffs) == 0 {
			return nil
		}
		slices.Sort(diffs)
		if len(diffs) > 10 {
			diffs = append(diffs[:10], fmt.Sprintf("and %d more", len(diffs)-10))
		}
		return errors.New(strings.Join(diffs, "; "))
	})
}

// tree maps each directory and file under dir (slash-separated paths,
// directories ending in a slash) to a digest of its contents, leaving out
// the folder marker and Syncthing's temporary files.
func tree(dir string) (map[string][sha256.Size]byte, error) {
	m := make(map[string][sha256.Size]byte)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && path != dir {
				return nil // gone while walking: the next look sees it
			}
			return err
		}
		if path == dir {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		name := d.Name()
		if rel == ".stfolder" {
			return fs.SkipDir
		}
		if strings.HasPrefix(name, ".syncthing.") && strings.HasSuffix(name, ".tmp") {
			return nil
		}
		if d.IsDir() {
			m[rel+"/"] = [sha256.Size]byte{}
			return nil
		}
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		m[rel] = sha256.Sum256(data)
		return nil
	})
	return m, err
}

// WaitInSync waits until both folders are idle, neither instance needs
// anything, and each sees the other as fully up to date. Call it after
// Rescan: a change not yet scanned is not seen.
func (p *Pair) WaitInSync(t testing.TB, timeout time.Duration) {
	t.Helper()
	p.waitPair(t, timeout, "both folders to be in sync", func() error {
		for _, in := range p.both() {
			st, err := in.folderStatus()
			if err != nil {
				return err
			}
			if st.State != "idle" || st.NeedTotalItems != 0 {
				return fmt.Errorf("%s: folder state %q, needs %d items %s", in.Name, st.State, st.NeedTotalItems, st.Error)
			}
			var c completion
			other := p.other(in)
			if err := in.Get("/rest/db/completion?folder="+url.QueryEscape(FolderID)+"&device="+other.DeviceID, &c); err != nil {
				return err
			}
			if c.Completion < 100 || c.NeedItems != 0 || c.NeedDeletes != 0 {
				return fmt.Errorf("%s sees %s at %.1f%% (needs %d items, %d deletes)", in.Name, other.Name, c.Completion, c.NeedItems, c.NeedDeletes)
			}
		}
		return nil
	})
}

// Stop stops both instances: each process group is asked to end, then killed
// after 10 s. It is safe to call more than once; Start arranges for it to
// run when the test ends.
func (p *Pair) Stop() {
	var wg sync.WaitGroup
	for _, in := range p.both() {
		if in != nil {
			wg.Go(in.stop)
		}
	}
	wg.Wait()
}

func (p *Pair) both() []*Instance { return []*Instance{p.A, p.B} }

func (p *Pair) other(in *Instance) *Instance {
	if in == p.A {
		return p.B
	}
	return p.A
}

// showedLogs notes that a failure message carried the logs, so that the
// end of the test does not print them again.
func (p *Pair) showedLogs() {
	p.mu.Lock()
	p.logsShown = true
	p.mu.Unlock()
}

// fatal fails the test with msg and the tails of both logs.
func (p *Pair) fatal(t testing.TB, msg string) {
	t.Helper()
	p.showedLogs()
	t.Fatal(p.B.withLog(p.A.withLog(msg)))
}

// wait polls cond until it holds, fails the test when in's process ends or
// timeout passes, and then shows in's log.
func (p *Pair) wait(t testing.TB, in *Instance, timeout time.Duration, what string, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if done, err := in.hasExited(); done {
			p.showedLogs()
			t.Fatal(in.withLog(fmt.Sprintf("syncthingtest: instance %s (home %s) stopped while waiting for %s: %v", in.Name, in.Home, what, err)))
		}
		err := cond()
		if err == nil {
			return
		}
		if errors.Is(err, errStop) || time.Now().After(deadline) {
			p.showedLogs()
			msg := fmt.Sprintf("syncthingtest: instance %s (home %s): no %s after %v: %v", in.Name, in.Home, what, timeout, err)
			if errors.Is(err, errStop) {
				msg = fmt.Sprintf("syncthingtest: instance %s (home %s): %v", in.Name, in.Home, err)
			}
			t.Fatal(in.withLog(msg))
		}
		time.Sleep(pollEvery)
	}
}

// waitPair polls cond until it holds, and fails the test with both
// instances' folder state and logs when an instance ends or timeout passes.
func (p *Pair) waitPair(t testing.TB, timeout time.Duration, what string, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		for _, in := range p.both() {
			if done, err := in.hasExited(); done {
				p.fatal(t, fmt.Sprintf("syncthingtest: instance %s stopped while waiting for %s: %v", in.Name, what, err))
			}
		}
		err := cond()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			p.fatal(t, fmt.Sprintf("syncthingtest: waited %v for %s: %v\n%s", timeout, what, err, p.describe()))
		}
		time.Sleep(pollEvery)
	}
}

// describe reports each instance's folder state and errors.
func (p *Pair) describe() string {
	var b strings.Builder
	for _, in := range p.both() {
		st, err := in.folderStatus()
		if err != nil {
			fmt.Fprintf(&b, "%s: folder status: %v\n", in.Name, err)
			continue
		}
		fmt.Fprintf(&b, "%s: folder %s state %q, needs %d items, %d pull errors %s\n",
			in.Name, in.Dir, st.State, st.NeedTotalItems, st.PullErrors, st.Error)
		var fe struct {
			Errors []struct {
				Path  string `json:"path"`
				Error string `json:"error"`
			} `json:"errors"`
		}
		if err := in.Get("/rest/folder/errors?folder="+url.QueryEscape(FolderID), &fe); err == nil {
			for _, e := range fe.Errors {
				fmt.Fprintf(&b, "%s:   %s: %s\n", in.Name, e.Path, e.Error)
			}
		}
	}
	return b.String()
}

// folderState is what /rest/db/status says of the folder.
type folderState struct {
	State          string `json:"state"`
	Error          string `json:"error"`
	NeedTotalItems int    `json:"needTotalItems"`
	PullErrors     int    `json:"pullErrors"`
}

// completion is what /rest/db/completion says of a device.
type completion struct {
	Completion  float64 `json:"completion"`
	NeedItems   int     `json:"needItems"`
	NeedDeletes int     `json:"needDeletes"`
}

func (in *Instance) folderStatus() (folderState, error) {
	var st folderState
	err := in.Get("/rest/db/status?folder="+url.QueryEscape(FolderID), &st)
	return st, err
}

// ready checks that the REST API answers as the expected device and that
// the running configuration is the local-only one written for it.
func (in *Instance) ready() error {
	var st struct {
		MyID string `json:"myID"`
	}
	if err := in.Get("/rest/system/status", &st); err != nil {
		return err
	}
	if st.MyID != in.DeviceID {
		return fmt.Errorf("the REST API at %s answers as device %s, not %s", in.APIURL, st.MyID, in.DeviceID)
	}
	var o struct {
		GlobalAnnounceEnabled bool     `json:"globalAnnounceEnabled"`
		LocalAnnounceEnabled  bool     `json:"localAnnounceEnabled"`
		RelaysEnabled         bool     `json:"relaysEnabled"`
		NATEnabled            bool     `json:"natEnabled"`
		URAccepted            int      `json:"urAccepted"`
		AutoUpgradeIntervalH  int      `json:"autoUpgradeIntervalH"`
		CrashReportingEnabled bool     `json:"crashReportingEnabled"`
		StartBrowser          bool     `json:"startBrowser"`
		ListenAddresses       []string `json:"listenAddresses"`
	}
	if err := in.Get("/rest/config/options", &o); err != nil {
		return err
	}
	if o.GlobalAnnounceEnabled || o.LocalAnnounceEnabled || o.RelaysEnabled || o.NATEnabled ||
		o.URAccepted != -1 || o.AutoUpgradeIntervalH != 0 || o.CrashReportingEnabled || o.StartBrowser ||
		len(o.ListenAddresses) != 1 || !strings.HasPrefix(o.ListenAddresses[0], "tcp://127.0.0.1:") {
		return fmt.Errorf("%w: the running options are not local-only: %+v", errStop, o)
	}
	return nil
}

// folderConfigured checks that the running folder is the one addFolder
// asked for, with no versioning and with conflict copies kept.
func (in *Instance) folderConfigured() error {
	var f struct {
		Path         string `json:"path"`
		Type         string `json:"type"`
		MaxConflicts int    `json:"maxConflicts"`
		Versioning   struct {
			Type string `json:"type"`
		} `json:"versioning"`
	}
	if err := in.Get("/rest/config/folders/"+url.PathEscape(FolderID), &f); err != nil {
		return err
	}
	if f.Path != in.Dir || f.Type != "sendreceive" || f.Versioning.Type != "" || f.MaxConflicts == 0 {
		return fmt.Errorf("%w: folder %s is %+v, not sendreceive at %s with conflict copies and without versioning", errStop, FolderID, f, in.Dir)
	}
	return nil
}

// connectedTo checks that in has a connection to other.
func (in *Instance) connectedTo(other *Instance) error {
	var c struct {
		Connections map[string]struct {
			Connected bool   `json:"connected"`
			Address   string `json:"address"`
		} `json:"connections"`
	}
	if err := in.Get("/rest/system/connections", &c); err != nil {
		return err
	}
	if !c.Connections[other.DeviceID].Connected {
		return fmt.Errorf("not connected to %s yet", other.DeviceID)
	}
	return nil
}
