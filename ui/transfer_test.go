package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// entryIn finds the entry with the given placeholder in o's tree, or nil.
func entryIn(t *testing.T, o fyne.CanvasObject, placeholder string) *widget.Entry {
	switch v := o.(type) {
	case *widget.Entry:
		if v.PlaceHolder == placeholder {
			return v
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			if e := entryIn(t, c, placeholder); e != nil {
				return e
			}
		}
	case fyne.Widget:
		for _, c := range test.TempWidgetRenderer(t, v).Objects() {
			if e := entryIn(t, c, placeholder); e != nil {
				return e
			}
		}
	}
	return nil
}

// TestExportAndImportToATypedPath exports to a path typed in the dialog
// (no picker), then imports it back from a typed path into another journal.
func TestExportAndImportToATypedPath(t *testing.T) {
	u := unlocked(t, 3)
	u.main.transfer.showExport()
	target := entryIn(t, u.win.Canvas().Overlays().Top(), "Folder or file to write")
	if target == nil || target.Text == "" {
		t.Fatal("the export dialog has no path field with a suggestion")
	}
	out := filepath.Join(t.TempDir(), "typed export")
	target.SetText(out)
	tapDialogButton(t, u, "Export")
	settle(u)
	if u.main.transfer.lastExport != out {
		t.Fatalf("exported to %q, want %q", u.main.transfer.lastExport, out)
	}
	if _, err := os.Stat(filepath.Join(out, "index.md")); err != nil {
		t.Fatal(err)
	}

	u2 := unlocked(t, 0)
	u2.main.transfer.showImport()
	source := entryIn(t, u2.win.Canvas().Overlays().Top(), "Folder or file to import")
	if source == nil {
		t.Fatal("the import dialog has no path field")
	}
	source.SetText(out)
	tapDialogButton(t, u2, "Import")
	settle(u2)
	if u2.main.transfer.lastImport.Imported != 3 {
		t.Fatalf("imported %+v, want 3 new entries", u2.main.transfer.lastImport)
	}
}

func TestExpandPath(t *testing.T) {
	home, _ := os.UserHomeDir()
	for in, want := range map[string]string{
		"~":            home,
		"~/Exports/x":  filepath.Join(home, "Exports", "x"),
		"Exports":      filepath.Join(home, "Exports"),
		"/tmp/abs":     "/tmp/abs",
		"  /tmp/abs  ": "/tmp/abs",
		"":             "",
	} {
		if got := expandPath(in); got != want {
			t.Errorf("expandPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestImportListsProblemsFirst imports a folder where one note is broken:
// the app lists it before anything is written; Cancel writes nothing, and
// Import the other 1 imports the good note and lists the undated one.
func TestImportListsProblemsFirst(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "2021-01-05.md"), []byte("# Offsite\n\nPlanned it.\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "2021-02-30.md"), []byte("An impossible day.\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "Ideas.md"), []byte("No date anywhere.\n"), 0o600)
	u := unlocked(t, 0)
	u.main.transfer.runImport(importFormats[0], dir)
	settle(u)
	shown := func() string {
		var texts []string
		walkObjects(u.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
			if l, ok := o.(*widget.Label); ok {
				texts = append(texts, l.Text)
			}
		})
		return strings.Join(texts, "\n")
	}
	if got := shown(); !strings.Contains(got, "2021-02-30.md") || !strings.Contains(got, "Nothing has been written yet") {
		t.Fatalf("problems dialog:\n%s", got)
	}
	if n, _ := u.session.journal.Count(); n != 0 {
		t.Fatalf("%d entries written before the user chose", n)
	}
	tapDialogButton(t, u, "Import the other 1")
	settle(u)
	if n, _ := u.session.journal.Count(); n != 1 {
		t.Fatalf("%d entries imported, want 1", n)
	}
	if got := shown(); !strings.Contains(got, "1 new entry") || !strings.Contains(got, "Ideas.md") {
		t.Fatalf("summary:\n%s", got)
	}
}
