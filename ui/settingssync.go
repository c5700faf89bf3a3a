package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	jsync "candor/journal/sync"
)

// syncIntro says what syncing through a folder is, in the Sync section.
const syncIntro = "Keep one journal on all your computers through a folder that something else carries " +
	"between them: Syncthing, Dropbox, Nextcloud, a network share or a USB stick. " +
	"Candor writes only sealed files into it, in a folder named candor-sync, and sends nothing anywhere itself."

// syncSectionDeps is what the Sync section of Settings needs.
type syncSectionDeps struct {
	unlockedDeps
	// syncNow syncs through folder ("" for the remembered one) once no
	// other sync runs; syncing reports whether one runs.
	syncNow func(folder string)
	syncing func() bool
}

// syncSection is the Sync card of Settings: the folder the journal syncs
// through, how it stands (read with jsync.StatusOf, off the UI thread), and
// the buttons to choose the folder and sync now.
type syncSection struct {
	d       syncSectionDeps
	content fyne.CanvasObject

	folder    *widget.Label
	choose    *widget.Button
	now       *widget.Button
	last      *widget.Label
	pending   *widget.Label
	computers *widget.Label
	// message says how the last sync of this unlock ended, or that one
	// runs; an error is one sentence, in the error colour.
	message *widget.Label

	// hasFolder is set once the journal is known to sync through a folder.
	hasFolder bool
	// gen drops status reads started before a newer one or a lock.
	gen int
}

func newSyncSection(d syncSectionDeps) *syncSection {
	s := &syncSection{d: d}
	s.folder = wrapped("")
	s.folder.Wrapping = fyne.TextWrapBreak // a path has no spaces to wrap at
	s.choose = widget.NewButtonWithIcon("Choose folder…", theme.FolderOpenIcon(), s.onChoose)
	s.now = widget.NewButtonWithIcon("Sync now", theme.ViewRefreshIcon(), s.onSyncNow)
	s.last = wrapped("")
	s.pending = wrapped("")
	s.computers = wrapped("")
	s.message = wrapped("")
	s.message.Hide()
	s.content = widget.NewCard("Sync", "", container.NewVBox(
		wrapped(syncIntro),
		s.folder,
		container.NewHBox(s.choose, s.now),
		s.message,
		s.last, s.pending, s.computers,
	))
	s.showStatus(jsync.Status{}, false)
	return s
}

// load reads the sync status off the UI thread and shows it.
func (s *syncSection) load() {
	j := s.d.journal()
	if j == nil {
		return
	}
	s.gen++
	gen := s.gen
	var st jsync.Status
	var err error
	s.d.bg.run(func() { st, err = jsync.StatusOf(j) }, func() {
		if gen != s.gen {
			return
		}
		if err != nil {
			s.setMessage(friendly(err), true)
			return
		}
		s.showStatus(st, true)
	})
}

// showStatus shows st; known is false until it has been read.
func (s *syncSection) showStatus(st jsync.Status, known bool) {
	s.hasFolder = st.Folder != ""
	s.setButtons()
	s.folder.Hidden = !known
	if !known {
		s.folder.SetText("")
		s.last.Hide()
		s.pending.Hide()
		s.computers.Hide()
		return
	}
	if !s.hasFolder {
		s.folder.SetText("No folder chosen: this journal is on this computer only.")
		s.last.Hide()
		s.pending.Hide()
		s.computers.Hide()
		return
	}
	s.folder.SetText("Folder: " + st.Folder)
	when := "never"
	if !st.LastSync.IsZero() {
		when = s.when(st.LastSync)
	}
	s.last.SetText("Last sync: " + when + ".")
	var b strings.Builder
	if st.Pending == 0 {
		b.WriteString("Every change made here has gone out.")
	} else {
		fmt.Fprintf(&b, "Changed here since the last sync: %s.", plural(st.Pending, "entry", "entries"))
	}
	if st.Conflicts > 0 {
		fmt.Fprintf(&b, "\nConflicts to settle: %d (the entries tagged “%s” in the Journal).", st.Conflicts, jsync.ConflictTag)
	}
	s.pending.SetText(b.String())
	if len(st.Computers) == 0 {
		s.computers.SetText("No other computer seen yet.")
	} else {
		lines := []string{"Other computers:"}
		for _, c := range st.Computers {
			lines = append(lines, "• "+c.Name+", last seen "+s.when(c.Seen))
		}
		s.computers.SetText(strings.Join(lines, "\n"))
	}
	s.last.Show()
	s.pending.Show()
	s.computers.Show()
}

// when names a moment for the Sync section: "today at 09:30",
// "yesterday at 18:02", or the day and the time.
func (s *syncSection) when(t time.Time) string {
	t = t.Local()
	now := s.d.now().Local()
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.Local)
	switch {
	case !t.Before(today) && t.Before(today.AddDate(0, 0, 1)):
		return "today at " + t.Format("15:04")
	case !t.Before(today.AddDate(0, 0, -1)) && t.Before(today):
		return "yesterday at " + t.Format("15:04")
	}
	return t.Format("Monday 2 January 2006 at 15:04")
}

// setButtons enables Sync now while a folder is set and no sync runs, and
// Choose folder while no sync runs.
func (s *syncSection) setButtons() {
	busy := s.d.syncing != nil && s.d.syncing()
	if busy {
		s.choose.Disable()
	} else {
		s.choose.Enable()
	}
	if busy || !s.hasFolder {
		s.now.Disable()
	} else {
		s.now.Enable()
	}
}

// setMessage shows text under the buttons, in the error colour when bad;
// empty text hides it.
func (s *syncSection) setMessage(text string, bad bool) {
	if bad {
		s.message.Importance = widget.DangerImportance
	} else {
		s.message.Importance = widget.MediumImportance
	}
	s.message.SetText(text)
	s.message.Hidden = text == ""
	s.message.Refresh()
}

// onChoose asks for the folder to sync through.
func (s *syncSection) onChoose() {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		s.chooseFolder(dir.Path())
	}, s.d.win)
	s.d.dlg.show(d)
}

// chooseFolder syncs through folder, which the journal then remembers.
func (s *syncSection) chooseFolder(folder string) {
	s.d.touch()
	s.d.syncNow(folder)
}

// onSyncNow syncs through the remembered folder.
func (s *syncSection) onSyncNow() {
	s.d.touch()
	if s.hasFolder {
		s.d.syncNow("")
	}
}

// syncing shows that a sync runs.
func (s *syncSection) syncing() {
	s.setMessage("Syncing…", false)
	s.setButtons()
}

// synced shows how a sync ended, then the status it leaves.
func (s *syncSection) synced(r jsync.Report, err error) {
	switch {
	case errors.Is(err, jsync.ErrNoFolder):
		s.setMessage("", false) // the journal does not sync: nothing to say
	case err != nil:
		s.setMessage(friendly(err), true)
	default:
		s.setMessage(syncSummary(r), false)
	}
	s.setButtons()
}

// syncSummary says in one sentence what a sync did.
func syncSummary(r jsync.Report) string {
	var msg string
	if r.Sent == 0 && r.Received == 0 {
		msg = "Synced: nothing new."
	} else {
		msg = fmt.Sprintf("Synced: %s sent, %s received.", plural(r.Sent, "change", "changes"), plural(r.Received, "change", "changes"))
	}
	if n := len(r.Unreadable); n > 0 {
		msg += fmt.Sprintf(" %s in the folder could not be read yet; the next sync tries again.", capitalise(plural(n, "file", "files")))
	}
	return msg
}

// wipe forgets the status shown (on lock).
func (s *syncSection) wipe() {
	s.gen++
	s.setMessage("", false)
	s.showStatus(jsync.Status{}, false)
}
