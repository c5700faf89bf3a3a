// Package importers reads journals kept with other tools into entries:
// jrnl's plain-text journal, and Day One's JSON export (a .json file, or the
// .zip holding it) and Day One Classic folders of .doentry property lists.
// Every entry gets an ID derived from its source, so importing the same
// source again finds the same entries; problems are reported with their
// file and line, and nothing is written by this package.
package importers

import (
	"archive/zip"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"candor/journal"
	"candor/journal/internal/fsx"
)

// tagPattern finds jrnl- and Day One-style @tags.
var tagPattern = regexp.MustCompile(`(?:^|[\s(])@([\p{L}\p{N}_][\p{L}\p{N}_-]*)`)

// starredTag marks entries starred in jrnl or Day One.
const starredTag = "starred"

// splitTitle takes the first sentence of text as the title (as jrnl does)
// and the rest as the body.
func splitTitle(text string) (title, body string) {
	first, rest, _ := strings.Cut(text, "\n")
	first = strings.TrimSpace(first)
	for i := 0; i < len(first); i++ {
		if c := first[i]; (c == '.' || c == '?' || c == '!') && (i+1 == len(first) || first[i+1] == ' ') {
			j := i + 1
			for j < len(first) && strings.ContainsRune(".?!", rune(first[j])) {
				j++
			}
			title = first[:j]
			if tail := strings.TrimSpace(first[j:]); tail != "" {
				rest = tail + "\n" + rest
			}
			return title, strings.TrimLeft(rest, "\n")
		}
	}
	return first, strings.TrimLeft(rest, "\n")
}

func tagsIn(texts ...string) []string {
	var tags []string
	for _, t := range texts {
		for _, m := range tagPattern.FindAllStringSubmatch(t, -1) {
			tags = append(tags, strings.TrimRight(m[1], "-_"))
		}
	}
	return tags
}

var jrnlHeader = regexp.MustCompile(`^\[([^\]]+)\] ?(.*)$`)

// jrnlTime reads the date and time of a jrnl entry header.
func jrnlTime(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02 03:04 PM", "02.01.2006 15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// ParseJrnl reads a jrnl plain-text journal: entries start with a line
// "[YYYY-MM-DD HH:MM] Title. Body…"; @tags become tags and a trailing *
// marks a starred entry (kept as the tag "starred"). IDs are derived from
// each entry's time and text, so importing twice creates no duplicates.
func ParseJrnl(path string, data []byte) ([]journal.Entry, error) {
	type raw struct {
		at    time.Time
		line  int
		lines []string
	}
	var raws []*raw
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	for i, line := range strings.Split(text, "\n") {
		if m := jrnlHeader.FindStringSubmatch(line); m != nil {
			if t, ok := jrnlTime(m[1]); ok {
				raws = append(raws, &raw{at: t, line: i + 1, lines: []string{m[2]}})
				continue
			}
		}
		if len(raws) == 0 {
			if strings.TrimSpace(line) == "" {
				continue
			}
			return nil, &journal.ImportProblem{Path: path, Line: i + 1, Msg: "no entry starts here (jrnl entries begin with [YYYY-MM-DD HH:MM])"}
		}
		r := raws[len(raws)-1]
		r.lines = append(r.lines, line)
	}
	var out []journal.Entry
	for _, r := range raws {
		first := strings.TrimSpace(r.lines[0])
		starred := false
		if strings.HasSuffix(first, " *") || first == "*" {
			starred = true
			first = strings.TrimSpace(strings.TrimSuffix(first, "*"))
		}
		if strings.HasPrefix(first, "*") {
			starred = true
			first = strings.TrimSpace(first[1:])
		}
		content := strings.TrimRight(strings.Join(append([]string{first}, r.lines[1:]...), "\n"), "\n \t")
		title, body := splitTitle(content)
		if body != "" {
			body += "\n"
		}
		e := journal.Entry{Date: journal.DateOf(r.at), Created: r.at.UTC(), Updated: r.at.UTC(), Title: title, Body: body, Tags: tagsIn(title, body)}
		if starred {
			e.Tags = append(e.Tags, starredTag)
		}
		e.Normalize()
		if err := e.Validate(); err != nil {
			return nil, &journal.ImportProblem{Path: path, Line: r.line, Msg: err.Error()}
		}
		e.ID = journal.StableID("jrnl", r.at.Format(time.RFC3339), content)
		out = append(out, e)
	}
	return out, nil
}

// plistDict is a Day One Classic entry: a plist <dict> of plain values.
type plistDict map[string]any

// parsePlist reads the top-level dict of a plist: strings, dates, booleans,
// integers and arrays of strings; nested dicts are skipped.
func parsePlist(data []byte) (plistDict, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	out := plistDict{}
	depth := 0
	var key string
	var arr []string
	inArray := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "dict":
				depth++
			case "array":
				if depth == 1 {
					inArray, arr = true, []string{}
				}
			case "true", "false":
				if depth == 1 {
					out[key] = t.Name.Local == "true"
				}
			case "key", "string", "date", "integer", "real":
				var s string
				if err := dec.DecodeElement(&s, &t); err != nil {
					return nil, err
				}
				if depth != 1 {
					continue
				}
				switch {
				case t.Name.Local == "key":
					key = s
				case inArray:
					arr = append(arr, s)
				case t.Name.Local == "date":
					d, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
					if err != nil {
						return nil, fmt.Errorf("%s is not a date", key)
					}
					out[key] = d
				default:
					out[key] = s
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "dict":
				depth--
			case "array":
				if inArray && depth == 1 {
					out[key], inArray = arr, false
				}
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no plist dict")
	}
	return out, nil
}

// dayOneEntry builds an entry from Day One's fields.
func dayOneEntry(uuid string, created time.Time, zone, text string, tags []string, starred bool) (journal.Entry, error) {
	loc := time.UTC
	if zone != "" {
		if l, err := time.LoadLocation(zone); err == nil {
			loc = l
		}
	}
	text = markAttachments(strings.ReplaceAll(text, "\r\n", "\n"))
	title, body := splitTitle(strings.TrimLeft(text, "# \n"))
	if body != "" && !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	e := journal.Entry{Date: journal.DateOf(created.In(loc)), Created: created.UTC(), Updated: created.UTC(), Title: title, Body: body,
		Tags: append(append([]string{}, tags...), tagsIn(title, body)...)}
	if starred {
		e.Tags = append(e.Tags, starredTag)
	}
	e.Normalize()
	if err := e.Validate(); err != nil {
		return journal.Entry{}, err
	}
	if b, err := hex.DecodeString(strings.ReplaceAll(uuid, "-", "")); err == nil && len(b) == 16 {
		copy(e.ID[:], b) // Day One's own UUID: re-imports find the same entry
	} else {
		e.ID = journal.StableID("dayone", uuid, created.String(), text)
	}
	return e, nil
}

// dayOneUnescape undoes the backslashes Day One's JSON export puts before
// Markdown punctuation.
var dayOneEscapes = regexp.MustCompile(`\\([\\.\-!()\[\]*_#+{}>|~` + "`" + `])`)

// dayOneMoment matches Day One's references to attachments in entry text:
// ![](dayone-moment://ID) for a photo, dayone-moment:/video/ID and the like
// for the rest.
var dayOneMoment = regexp.MustCompile(`!?\[[^\]\n]*\]\(dayone-moment:/{1,2}(?:(video|audio|pdfAttachment|sketch)/)?[A-Za-z0-9-]+\)`)

// markAttachments replaces Day One attachment references, which point at
// nothing outside Day One, with a visible note: Candor keeps text only.
func markAttachments(text string) string {
	return dayOneMoment.ReplaceAllStringFunc(text, func(m string) string {
		kind := "photo"
		switch sub := dayOneMoment.FindStringSubmatch(m); sub[1] {
		case "video", "audio", "sketch":
			kind = sub[1]
		case "pdfAttachment":
			kind = "PDF"
		}
		return "*(" + AttachmentNote(kind) + ")*"
	})
}

// AttachmentNote is the note that stands in an imported entry's text where a
// Day One attachment of the given kind (photo, video, audio, sketch, PDF)
// was: Candor imports text only.
func AttachmentNote(kind string) string { return "Day One " + kind + " not imported" }

// ReadDayOne reads a Day One export: a JSON file, a .zip holding one, or a
// Day One Classic folder of .doentry plists (the folder itself or its
// entries/ sub-folder).
func ReadDayOne(path string) ([]journal.Entry, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if info.IsDir() {
		return readDayOneClassic(path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if strings.EqualFold(filepath.Ext(path), ".zip") {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return nil, &journal.ImportProblem{Path: path, Msg: "not a readable zip file"}
		}
		var all []journal.Entry
		for _, f := range zr.File {
			if !strings.EqualFold(filepath.Ext(f.Name), ".json") {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				return nil, &journal.ImportProblem{Path: path + "/" + f.Name, Msg: err.Error()}
			}
			b, err := io.ReadAll(io.LimitReader(rc, 256<<20))
			rc.Close()
			if err != nil {
				return nil, &journal.ImportProblem{Path: path + "/" + f.Name, Msg: err.Error()}
			}
			es, err := parseDayOneJSON(path+"/"+f.Name, b)
			if err != nil {
				return nil, err
			}
			all = append(all, es...)
		}
		if all == nil {
			return nil, &journal.ImportProblem{Path: path, Msg: "the zip holds no Day One JSON file"}
		}
		return all, nil
	}
	return parseDayOneJSON(path, data)
}

func parseDayOneJSON(path string, data []byte) ([]journal.Entry, error) {
	var doc struct {
		Entries []struct {
			UUID         string   `json:"uuid"`
			CreationDate string   `json:"creationDate"`
			TimeZone     string   `json:"timeZone"`
			Text         string   `json:"text"`
			Tags         []string `json:"tags"`
			Starred      bool     `json:"starred"`
		} `json:"entries"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		line := 0
		if se, ok := err.(*json.SyntaxError); ok {
			line = 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		}
		return nil, &journal.ImportProblem{Path: path, Line: line, Msg: "not a Day One JSON export"}
	}
	var out []journal.Entry
	for i, d := range doc.Entries {
		t, err := time.Parse(time.RFC3339, d.CreationDate)
		if err != nil {
			return nil, &journal.ImportProblem{Path: path, Msg: fmt.Sprintf("entry %d: creationDate is not a date", i+1)}
		}
		e, err := dayOneEntry(d.UUID, t, d.TimeZone, dayOneEscapes.ReplaceAllString(d.Text, "$1"), d.Tags, d.Starred)
		if err != nil {
			return nil, &journal.ImportProblem{Path: path, Msg: fmt.Sprintf("entry %d: %v", i+1, err)}
		}
		out = append(out, e)
	}
	return out, nil
}

func readDayOneClassic(dir string) ([]journal.Entry, error) {
	if sub := filepath.Join(dir, "entries"); fsx.IsDir(sub) {
		dir = sub
	}
	files := fsx.FilesIn(dir, "", ".doentry")
	if len(files) == 0 {
		return nil, &journal.ImportProblem{Path: dir, Msg: "no .doentry files here"}
	}
	sort.Strings(files)
	var out []journal.Entry
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", f, err)
		}
		d, err := parsePlist(data)
		if err != nil {
			return nil, &journal.ImportProblem{Path: f, Msg: "not a readable Day One entry: " + err.Error()}
		}
		created, ok := d["Creation Date"].(time.Time)
		if !ok {
			return nil, &journal.ImportProblem{Path: f, Msg: "no Creation Date"}
		}
		text, _ := d["Entry Text"].(string)
		uuid, _ := d["UUID"].(string)
		if uuid == "" {
			uuid = strings.TrimSuffix(filepath.Base(f), ".doentry")
		}
		zone, _ := d["Time Zone"].(string)
		tags, _ := d["Tags"].([]string)
		starred, _ := d["Starred"].(bool)
		e, err := dayOneEntry(uuid, created, zone, text, tags, starred)
		if err != nil {
			return nil, &journal.ImportProblem{Path: f, Msg: err.Error()}
		}
		out = append(out, e)
	}
	return out, nil
}
