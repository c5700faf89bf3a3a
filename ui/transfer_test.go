package ui

import (
	"os"
	"path/filepath"
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
