package importers

import (
	"archive/zip"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"candor/journal"
	"candor/journal/imports"
	"candor/journal/internal/fsx"
)

// DayOneFields are the fields a Day One export holds; the others (area,
// rating, role, prompt, coaching) stay Candor's on a re-import.
const DayOneFields = imports.FieldTitle | imports.FieldBody | imports.FieldDate | imports.FieldTimes | imports.FieldTags

// maxZipMembers bounds the files a Day One zip may hold (its photos and
// other attachments count). Tests lower it.
var maxZipMembers = 500_000

// maxZipDirectoryBytes bounds the zip's table of contents, read before the
// members can be counted. Tests lower it.
var maxZipDirectoryBytes int64 = 64 << 20

// dayOneMedia is an attachment a Day One entry lists: its kind (photo,
// video, audio, PDF) and identifier.
type dayOneMedia struct{ kind, id string }

// dayOneRaw is a Day One entry as read, before it becomes an entry.
type dayOneRaw struct {
	// path and line place the entry for problems; file names the file it
	// came from (a duplicate's source key uses it).
	path string
	line int
	file string
	// named is set for a Classic file named after the entry's UUID: it
	// keeps the UUID when a copy has the same one.
	named             bool
	uuid              string
	created, modified time.Time
	zone              string
	text              string
	// escaped is set for Day One's JSON export, which puts backslashes
	// before Markdown punctuation.
	escaped bool
	tags    []string
	starred bool
	// media lists the attachments the entry has; lead, the kinds shown
	// above its text (Day One Classic's one photo).
	media []dayOneMedia
	lead  []string
}

// dayOneReader reads the files of a Day One source.
type dayOneReader struct {
	c      collector
	budget *fsx.Budget
	raws   []*dayOneRaw
	zones  map[string]*time.Location
}

// readFile reads a Day One JSON export, a zip or one .doentry file.
func (d *dayOneReader) readFile(p string) error {
	f, err := fsx.OpenRegular(p)
	if err != nil {
		d.c.readFailed(p, err)
		return nil
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		d.c.readFailed(p, err)
		return nil
	}
	var magic [4]byte
	if n, _ := f.ReadAt(magic[:], 0); n == 4 && string(magic[:]) == "PK\x03\x04" || strings.EqualFold(filepath.Ext(p), ".zip") {
		return d.readZip(p, f, st.Size())
	}
	max := journalFileCap
	classic := strings.EqualFold(filepath.Ext(p), ".doentry")
	if classic {
		max = imports.MaxFileBytes
	}
	data, err := d.budget.ReadAll(f, p, max)
	if err != nil {
		d.c.readFailed(p, err)
		return nil
	}
	if classic {
		d.parseClassic(p, data, nil)
		return nil
	}
	return d.parseJSON(p, filepath.Base(p), data)
}

// readFolder reads an unzipped Day One export (JSON files) or a Day One
// Classic journal (.doentry files in the folder or its entries folder).
func (d *dayOneReader) readFolder(dir string) error {
	entries := dir
	if st, err := os.Lstat(filepath.Join(dir, "entries")); err == nil && st.IsDir() {
		entries = filepath.Join(dir, "entries")
	}
	doentries, err := filesWithExt(entries, ".doentry")
	if err != nil {
		return err
	}
	jsons, err := filesWithExt(dir, ".json")
	if err != nil {
		return err
	}
	if len(doentries) == 0 && len(jsons) == 0 {
		return fmt.Errorf("%s holds no Day One export: Candor expected Journal.json (or one .json file per journal) from an unzipped Day One export, or the .doentry files of a Day One Classic journal (in the folder or its entries folder)", dir)
	}
	if len(doentries)+len(jsons) > MaxEntries {
		return tooManyEntries(dir)
	}
	for _, p := range jsons {
		data, err := d.budget.ReadFile(p, journalFileCap)
		if err != nil {
			d.c.readFailed(p, err)
			continue
		}
		if err := d.parseJSON(p, filepath.Base(p), data); err != nil {
			return err
		}
	}
	photos := filepath.Join(dir, "photos")
	if entries == dir && strings.EqualFold(filepath.Base(dir), "entries") {
		photos = filepath.Join(filepath.Dir(dir), "photos")
	}
	hasPhoto := func(uuid string) bool {
		if uuid == "" || strings.ContainsAny(uuid, `/\:`) || strings.Contains(uuid, "..") {
			return false // never look outside the photos folder
		}
		for _, ext := range []string{".jpg", ".jpeg", ".png", ".heic"} {
			if st, err := os.Lstat(filepath.Join(photos, uuid+ext)); err == nil && st.Mode().IsRegular() {
				return true
			}
		}
		return false
	}
	for _, p := range doentries {
		data, err := d.budget.ReadFile(p, imports.MaxFileBytes)
		if err != nil {
			d.c.readFailed(p, err)
			continue
		}
		d.parseClassic(p, data, hasPhoto)
		if len(d.raws) > MaxEntries {
			return tooManyEntries(dir)
		}
	}
	return nil
}

// filesWithExt lists the files in dir whose names end with ext (in any
// case), sorted by name, leaving out folders and the ._ files macOS
// leaves on other disks. Links and other odd files are listed: reading
// them is refused, and so reported.
func filesWithExt(dir, ext string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", dir, err)
	}
	var out []string
	for _, e := range ents {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, "._") || len(n) <= len(ext) || !strings.EqualFold(n[len(n)-len(ext):], ext) {
			continue
		}
		out = append(out, filepath.Join(dir, n))
	}
	sort.Strings(out)
	return out, nil
}

// limitedReaderAt stops reading after a number of bytes while armed: the
// zip's table of contents is read through it.
type limitedReaderAt struct {
	r     io.ReaderAt
	armed bool
	left  int64
	over  bool
}

// ReadAt implements io.ReaderAt.
func (l *limitedReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if l.armed {
		if int64(len(p)) > l.left {
			l.over = true
			return 0, errors.New("the zip's table of contents is too big")
		}
		l.left -= int64(len(p))
	}
	return l.r.ReadAt(p, off)
}

// readZip reads a Day One export zip: its JSON files (one per journal), or
// a zipped Day One Classic journal's .doentry files. Members under
// __MACOSX/ and ._ files are ignored; each member read is capped, and so
// are their number and the whole import, counted while decompressing
// (the sizes the zip states are not trusted).
func (d *dayOneReader) readZip(p string, f io.ReaderAt, size int64) error {
	lr := &limitedReaderAt{r: f, armed: true, left: maxZipDirectoryBytes}
	zr, err := zip.NewReader(lr, size)
	lr.armed = false
	switch {
	case lr.over:
		d.c.problem(p, 0, "the zip's table of contents is bigger than %s, more than a Day One export holds", fsx.Size(maxZipDirectoryBytes))
		return nil
	case err != nil && !errors.Is(err, zip.ErrInsecurePath):
		d.c.problem(p, 0, "not a readable zip file")
		return nil
	case len(zr.File) > maxZipMembers:
		d.c.problem(p, 0, "the zip holds %d files, more than the %d Candor reads from a Day One export", len(zr.File), maxZipMembers)
		return nil
	}
	var jsons, doentries []*zip.File
	photos := map[string]bool{}
	for _, m := range zr.File {
		name := m.Name
		base := path.Base(name)
		if strings.HasSuffix(name, "/") || strings.HasPrefix(name, "__MACOSX/") || strings.Contains(name, "/__MACOSX/") || strings.HasPrefix(base, "._") {
			continue
		}
		ext := strings.ToLower(path.Ext(base))
		switch {
		case ext == ".json":
			jsons = append(jsons, m)
		case ext == ".doentry":
			doentries = append(doentries, m)
		case path.Base(path.Dir(name)) == "photos":
			photos[strings.ToUpper(strings.TrimSuffix(base, path.Ext(base)))] = true
		}
	}
	if len(jsons) == 0 && len(doentries) == 0 {
		d.c.problem(p, 0, "the zip holds no Day One export: Candor expected Journal.json (or one .json file per journal), or the .doentry files of a Day One Classic journal")
		return nil
	}
	if len(doentries) > MaxEntries {
		return tooManyEntries(p)
	}
	byName := func(list []*zip.File) {
		sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	}
	byName(jsons)
	byName(doentries)
	read := func(m *zip.File, max int64) ([]byte, string, bool) {
		name := p + "/" + m.Name
		rc, err := m.Open()
		if err != nil {
			d.c.problem(name, 0, "cannot be read from the zip: %v", err)
			return nil, name, false
		}
		defer rc.Close()
		data, err := d.budget.ReadAll(rc, name, max)
		if err != nil {
			d.c.readFailed(name, err)
			return nil, name, false
		}
		return data, name, true
	}
	for _, m := range jsons {
		if data, name, ok := read(m, journalFileCap); ok {
			if err := d.parseJSON(name, path.Base(m.Name), data); err != nil {
				return err
			}
		}
	}
	hasPhoto := func(uuid string) bool { return photos[strings.ToUpper(uuid)] }
	for _, m := range doentries {
		if data, name, ok := read(m, imports.MaxFileBytes); ok {
			d.parseClassic(name, data, hasPhoto)
		}
	}
	return nil
}

// dayOneJSONMedia is an attachment in Day One's JSON export.
type dayOneJSONMedia struct {
	Identifier string `json:"identifier"`
	MD5        string `json:"md5"`
}

// dayOneJSONEntry is an entry of Day One's JSON export; fields Candor does
// not keep (location, weather, device) are not decoded.
type dayOneJSONEntry struct {
	UUID           string            `json:"uuid"`
	CreationDate   string            `json:"creationDate"`
	ModifiedDate   string            `json:"modifiedDate"`
	TimeZone       string            `json:"timeZone"`
	Text           string            `json:"text"`
	RichText       string            `json:"richText"`
	Tags           []string          `json:"tags"`
	Starred        bool              `json:"starred"`
	Photos         []dayOneJSONMedia `json:"photos"`
	Videos         []dayOneJSONMedia `json:"videos"`
	Audios         []dayOneJSONMedia `json:"audios"`
	PDFAttachments []dayOneJSONMedia `json:"pdfAttachments"`
}

// lineCounter finds the line of a byte offset, for offsets that only grow.
type lineCounter struct {
	data      []byte
	off, line int
}

// at returns the line of offset off.
func (l *lineCounter) at(off int) int {
	off = min(max(off, l.off), len(l.data))
	l.line += bytes.Count(l.data[l.off:off], []byte("\n"))
	l.off = off
	return l.line + 1
}

// parseJSON reads a Day One JSON export; file is its base name.
func (d *dayOneReader) parseJSON(p, file string, data []byte) error {
	lines := &lineCounter{data: data}
	dec := json.NewDecoder(bytes.NewReader(data))
	notExport := func(off int64, why string) {
		d.c.problem(p, lines.at(int(off)), "not a Day One JSON export: %s", why)
	}
	syntax := func(err error) {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			notExport(se.Offset, "the JSON is broken here")
			return
		}
		notExport(dec.InputOffset(), "the JSON ends too soon")
	}
	if tok, err := dec.Token(); err != nil {
		syntax(err)
		return nil
	} else if tok != json.Delim('{') {
		notExport(0, `it does not hold an object with an "entries" list`)
		return nil
	}
	found := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			syntax(err)
			return nil
		}
		if tok != "entries" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				syntax(err)
				return nil
			}
			continue
		}
		found = true
		if tok, err := dec.Token(); err != nil {
			syntax(err)
			return nil
		} else if tok != json.Delim('[') {
			notExport(dec.InputOffset(), `"entries" is not a list`)
			return nil
		}
		for i := 1; dec.More(); i++ {
			off := int(dec.InputOffset())
			for off < len(data) && bytes.IndexByte([]byte(" \t\r\n,"), data[off]) >= 0 {
				off++
			}
			line := lines.at(off)
			var e dayOneJSONEntry
			if err := dec.Decode(&e); err != nil {
				var te *json.UnmarshalTypeError
				switch {
				case errors.As(err, &te) && te.Field == "":
					d.c.problem(p, line, "entry %d is not a Day One entry", i)
					continue
				case errors.As(err, &te):
					d.c.problem(p, line, "entry %d: its %s is not what Day One writes there", i, te.Field)
					continue
				}
				syntax(err)
				return nil
			}
			d.addJSONEntry(p, file, line, i, &e)
			if len(d.raws) > MaxEntries {
				return tooManyEntries(p)
			}
		}
		if _, err := dec.Token(); err != nil {
			syntax(err)
			return nil
		}
	}
	if !found {
		notExport(0, `it has no "entries" list`)
	}
	return nil
}

// parseDayOneTime reads a Day One time: RFC 3339, in UTC as Day One writes
// it, with or without fractions of a second.
func parseDayOneTime(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	return t, err == nil
}

// addJSONEntry keeps an entry of Day One's JSON export.
func (d *dayOneReader) addJSONEntry(p, file string, line, n int, e *dayOneJSONEntry) {
	created, ok := parseDayOneTime(e.CreationDate)
	if !ok {
		d.c.problem(p, line, "entry %d: its creationDate %q is not a date", n, clip(e.CreationDate, 40))
		return
	}
	r := &dayOneRaw{path: p, line: line, file: file, uuid: strings.TrimSpace(e.UUID), created: created, zone: e.TimeZone,
		text: e.Text, escaped: true, tags: e.Tags, starred: e.Starred}
	if m, ok := parseDayOneTime(e.ModifiedDate); ok {
		r.modified = m
	}
	for _, list := range []struct {
		kind  string
		items []dayOneJSONMedia
	}{{"photo", e.Photos}, {"video", e.Videos}, {"audio", e.Audios}, {"PDF", e.PDFAttachments}} {
		for _, m := range list.items {
			r.media = append(r.media, dayOneMedia{kind: list.kind, id: m.Identifier})
		}
	}
	if strings.TrimSpace(r.text) == "" && e.RichText != "" {
		r.text, r.escaped = richTextText(e.RichText), false
	}
	d.raws = append(d.raws, r)
}

// richTextText reads the text of Day One's richText (a JSON document of
// text runs and embedded attachments), for an entry whose text field is
// empty; attachments become Day One's references to them.
func richTextText(rich string) string {
	var doc struct {
		Contents []struct {
			Text            string `json:"text"`
			EmbeddedObjects []struct {
				Type       string `json:"type"`
				Identifier string `json:"identifier"`
			} `json:"embeddedObjects"`
		} `json:"contents"`
	}
	if json.Unmarshal([]byte(rich), &doc) != nil {
		return ""
	}
	var b strings.Builder
	for _, c := range doc.Contents {
		b.WriteString(c.Text)
		for _, o := range c.EmbeddedObjects {
			switch o.Type {
			case "photo":
				fmt.Fprintf(&b, "![](dayone-moment://%s)\n", o.Identifier)
			case "video", "audio", "pdfAttachment", "sketch":
				fmt.Fprintf(&b, "![](dayone-moment:/%s/%s)\n", o.Type, o.Identifier)
			}
		}
	}
	return b.String()
}

// zone returns the named time zone, or this computer's when the name is
// empty or unknown.
func (d *dayOneReader) zone(name string) *time.Location {
	if loc, ok := d.zones[name]; ok {
		return loc
	}
	loc := time.Local
	if name != "" {
		if l, err := time.LoadLocation(name); err == nil {
			loc = l
		}
	}
	d.zones[name] = loc
	return loc
}

// normUUID is a UUID for comparing: upper case, without dashes.
func normUUID(u string) string { return strings.ToUpper(strings.ReplaceAll(u, "-", "")) }

// uuidID is the entry ID of a Day One UUID: the UUID's own 16 bytes, as
// Candor has always derived it, or a hash of it when it is not 32 hex
// digits.
func uuidID(uuid string) journal.ID {
	var id journal.ID
	if b, err := hex.DecodeString(normUUID(uuid)); err == nil && len(b) == len(id) {
		copy(id[:], b)
		return id
	}
	return imports.StableID("dayone", uuid)
}

// build turns the entries read into the source's items, giving each its
// source key and ID.
func (d *dayOneReader) build() error {
	owner := map[string]*dayOneRaw{}
	for _, r := range d.raws {
		if k := normUUID(r.uuid); r.named && k != "" && owner[k] == nil {
			owner[k] = r
		}
	}
	noUUID := map[string]int{}
	copies := map[string]int{} // copies of a UUID from one file
	d.c.src.Items = make([]imports.Incoming, 0, len(d.raws))
	for _, r := range d.raws {
		date := journal.DateOf(r.created.In(d.zone(r.zone)))
		title, body, ok := dayOneText(r)
		if !ok {
			d.c.skip(r.path, r.line, "the entry of %s has no text and no photo or other attachment; skipped", date)
			continue
		}
		var source string
		var id journal.ID
		k := normUUID(r.uuid)
		switch {
		case k == "":
			key := "created " + r.created.UTC().Format(time.RFC3339)
			key += occurrence(noUUID, key)
			source, id = "dayone:"+key, imports.StableID("dayone-no-uuid", key)
		case owner[k] == nil || owner[k] == r:
			owner[k] = r
			source, id = "dayone:"+r.uuid, uuidID(r.uuid)
		default:
			suffix := r.file
			if r.escaped { // JSON: entries of one file told apart by time
				suffix += "@" + r.created.UTC().Format(time.RFC3339)
			}
			suffix += occurrence(copies, k+"#"+suffix)
			source, id = "dayone:"+r.uuid+"#"+suffix, imports.StableID("dayone", r.uuid, suffix)
			d.c.skip(r.path, r.line, "same UUID as %s (%s); imported as a separate entry", owner[k].file, r.uuid)
		}
		tags := tagsIn(title, append([]string(nil), r.tags...))
		tags = tagsIn(body, tags)
		if r.starred {
			tags = append(tags, starredTag)
		}
		created := utcSecond(r.created)
		updated := created
		if r.modified.After(created) {
			updated = utcSecond(r.modified)
		}
		in := imports.Incoming{
			Entry:  journal.Entry{ID: id, Date: date, Created: created, Updated: updated, Title: title, Body: body, Tags: fitTags(tags)},
			Source: source,
			Fields: DayOneFields,
		}
		if err := d.c.add(in, r.path, r.line); err != nil {
			return err
		}
	}
	return nil
}

// occurrence counts key in seen and returns "" for its first time, " #2"
// for its second and so on.
func occurrence(seen map[string]int, key string) string {
	n := seen[key]
	seen[key] = n + 1
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" #%d", n+1)
}

// momentMark is where Day One's references to attachments point: text
// such as ![](dayone-moment://ID) for a photo, or
// ![](dayone-moment:/video/ID) and the like for the rest.
const momentMark = "](dayone-moment:"

// mediaNote is the visible note that stands for an attachment of a kind.
func mediaNote(kind string) string { return "*(" + AttachmentNote(kind) + ")*" }

// momentAt reads the reference whose "](dayone-moment:" is at k in text,
// no earlier than from: it returns where the reference starts and ends,
// the kind of attachment and its identifier, or ok false.
func momentAt(text string, from, k int) (start, end int, kind, id string, ok bool) {
	// Back to the "[" (or "![", or Day One's escaped "!\[") on the line.
	closeAt := k
	if closeAt > from && text[closeAt-1] == '\\' {
		closeAt--
	}
	open := strings.LastIndexAny(text[from:closeAt], "[]\n")
	if open < 0 || text[from+open] != '[' {
		return 0, 0, "", "", false
	}
	start = from + open
	if start > from && text[start-1] == '\\' {
		start--
	}
	if start > from && text[start-1] == '!' {
		start--
	}
	// Forward: one or two slashes, an optional kind, the identifier.
	p := k + len(momentMark)
	slashes := 0
	for p < len(text) && text[p] == '/' && slashes < 2 {
		p++
		slashes++
	}
	if slashes == 0 {
		return 0, 0, "", "", false
	}
	kind = "photo"
	for _, kk := range []string{"photo", "video", "audio", "pdfAttachment", "sketch"} {
		if strings.HasPrefix(text[p:], kk+"/") {
			kind = kk
			p += len(kk) + 1
			break
		}
	}
	idStart := p
	for p < len(text) && (text[p] >= '0' && text[p] <= '9' || text[p] >= 'A' && text[p] <= 'Z' || text[p] >= 'a' && text[p] <= 'z' || text[p] == '-') {
		p++
	}
	if p == idStart || p >= len(text) || text[p] != ')' {
		return 0, 0, "", "", false
	}
	if kind == "pdfAttachment" {
		kind = "PDF"
	}
	return start, p + 1, kind, text[idStart:p], true
}

// markAttachments replaces Day One attachment references, which point at
// nothing outside Day One, with a visible note (Candor keeps text only),
// and returns the identifiers it replaced, in upper case.
func markAttachments(text string) (string, map[string]bool) {
	if !strings.Contains(text, momentMark) {
		return text, nil
	}
	seen := map[string]bool{}
	var b strings.Builder
	last := 0
	for i := 0; i < len(text); {
		k := strings.Index(text[i:], momentMark)
		if k < 0 {
			break
		}
		k += i
		start, end, kind, id, ok := momentAt(text, last, k)
		if !ok {
			i = k + 1
			continue
		}
		b.WriteString(text[last:start])
		b.WriteString(mediaNote(kind))
		seen[strings.ToUpper(id)] = true
		last, i = end, end
	}
	b.WriteString(text[last:])
	return b.String(), seen
}

// AttachmentNote is the note that stands in an imported entry's text where a
// Day One attachment of the given kind (photo, video, audio, sketch, PDF)
// was: Candor imports text only.
func AttachmentNote(kind string) string { return "Day One " + kind + " not imported" }

// mediaOnly reports whether a line holds nothing but attachment notes.
func mediaOnly(line string) bool {
	line = strings.TrimSpace(line)
	if line == "" {
		return false
	}
	for line != "" {
		if !strings.HasPrefix(line, "*(Day One ") {
			return false
		}
		end := strings.Index(line, " not imported)*")
		if end < 0 {
			return false
		}
		line = strings.TrimSpace(line[end+len(" not imported)*"):])
	}
	return true
}

// dayOneText makes an entry's title and body from its Day One text, as Day
// One titles an entry: the title is the first line with text (a heading's
// text without its #), cut at a word boundary near 100 characters (then
// the body keeps the whole line); lines holding only attachments never
// give the title. Attachments become visible notes in place, and those the
// text does not show are noted at its end. It reports false for an entry
// with no text and no attachment.
func dayOneText(r *dayOneRaw) (title, body string, ok bool) {
	text, shown := markAttachments(cleanText(r.text))
	var notes strings.Builder
	for _, kind := range r.lead {
		notes.WriteString(mediaNote(kind) + "\n")
	}
	if notes.Len() > 0 {
		text = notes.String() + text
	}
	var tail []string
	for _, m := range r.media {
		if !shown[strings.ToUpper(m.id)] {
			tail = append(tail, mediaNote(m.kind))
		}
	}
	if len(tail) > 0 {
		text = strings.TrimRight(text, " \t\n") + "\n\n" + strings.Join(tail, "\n") + "\n"
	}
	if r.escaped {
		text = unescapeMarkdown(text)
	}
	if strings.TrimSpace(text) == "" {
		return "", "", false
	}
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		line := text[start:end]
		if t := headingText(line); t != "" && !mediaOnly(line) {
			if r.escaped {
				t = unescapeAll(t)
			}
			if t = cleanTitle(t); t != "" {
				short, cut := shortTitle(t)
				if cut {
					return short, withBody(trimBody(text)), true
				}
				before, rest := text[:start], text[min(end+1, len(text)):]
				if strings.HasSuffix(before, "\n\n") {
					i, _ := bodyBounds(rest) // one blank line between what was around the title
					rest = rest[i:]
				}
				return t, withBody(trimBody(before + rest)), true
			}
		}
		start = end + 1
	}
	return "", withBody(trimBody(text)), true
}

// headingText is a line's text without a Markdown heading's # marks.
func headingText(line string) string {
	t := strings.TrimSpace(line)
	if h := strings.TrimLeft(t, "#"); len(t)-len(h) <= 6 && (h == "" || h[0] == ' ' || h[0] == '\t') {
		t = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(h), "#"))
	}
	return t
}

// isASCIIPunct reports whether c is ASCII punctuation, which Markdown lets
// a backslash escape.
func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// unescapeAll drops every backslash that escapes punctuation: for titles,
// which are plain text.
func unescapeAll(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// unescapeMarkdown undoes the backslashes Day One's JSON export puts
// before punctuation ("whiteboard\. It felt good\!"), keeping those that
// still mean something in Markdown: before \ ` * _ [ ] <, before ! ahead
// of a [, before # and > that start a line, after the number that starts
// a line ("1\. " is no list item), and on a line that would otherwise turn
// into a rule or a heading's underline.
func unescapeMarkdown(text string) string {
	if strings.IndexByte(text, '\\') < 0 {
		return text
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = unescapeLine(l)
	}
	return strings.Join(lines, "\n")
}

// unescapeLine is unescapeMarkdown for one line.
func unescapeLine(line string) string {
	if strings.IndexByte(line, '\\') < 0 {
		return line
	}
	if t := strings.TrimSpace(unescapeAll(line)); t != "" && strings.Trim(t, "-=*_ \t") == "" {
		return line
	}
	var b strings.Builder
	lead := true   // nothing but white space so far
	number := true // nothing but white space and digits so far
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == '\\' && i+1 < len(line) && isASCIIPunct(line[i+1]) {
			p := line[i+1]
			keep := strings.IndexByte("\\`*_[]<", p) >= 0 ||
				p == '!' && i+2 < len(line) && line[i+2] == '[' ||
				lead && (p == '#' || p == '>') ||
				!lead && number && (p == '.' || p == ')')
			if keep {
				b.WriteByte('\\')
			}
			b.WriteByte(p)
			i++
			lead, number = false, false
			continue
		}
		b.WriteByte(c)
		switch {
		case c == ' ' || c == '\t':
			if !lead {
				number = false
			}
		case c >= '0' && c <= '9':
			lead = false
		default:
			lead, number = false, false
		}
	}
	return b.String()
}

// clip cuts s to at most n bytes, on a character boundary, for messages.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
