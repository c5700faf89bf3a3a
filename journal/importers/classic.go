package importers

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
)

// plistDict is a Day One Classic entry: the top-level <dict> of a property
// list, with strings, dates, booleans, numbers (as strings) and arrays of
// strings; nested dicts are skipped.
type plistDict map[string]any

// plistError is a property list that cannot be read, with its line.
type plistError struct {
	line int
	msg  string
}

// Error implements error.
func (e *plistError) Error() string { return e.msg }

// parsePlist reads the top-level dict of an XML property list.
func parsePlist(data []byte) (plistDict, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	fail := func(format string, a ...any) error {
		line, _ := dec.InputPos()
		return &plistError{line: line, msg: fmt.Sprintf(format, a...)}
	}
	out := plistDict{}
	dicts, arrays := 0, 0
	var key string
	var arr []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, &plistError{line: se.Line, msg: se.Msg}
			}
			return nil, fail("%v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "dict":
				dicts++
			case "array":
				arrays++
				if dicts == 1 && arrays == 1 {
					arr = []string{}
				}
			case "true", "false":
				if dicts == 1 && arrays == 0 {
					out[key] = t.Name.Local == "true"
				}
			case "key", "string", "date", "integer", "real", "data":
				var s string
				if err := dec.DecodeElement(&s, &t); err != nil {
					var se *xml.SyntaxError
					if errors.As(err, &se) {
						return nil, &plistError{line: se.Line, msg: se.Msg}
					}
					return nil, fail("%v", err)
				}
				if dicts != 1 {
					continue
				}
				switch {
				case t.Name.Local == "key":
					if arrays == 0 {
						key = s
					}
				case arrays == 1 && t.Name.Local == "string":
					arr = append(arr, s)
				case arrays > 0:
				case t.Name.Local == "date":
					d, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
					if err != nil {
						return nil, fail("%s is not a date", key)
					}
					out[key] = d
				default:
					out[key] = s
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "dict":
				dicts--
			case "array":
				if dicts == 1 && arrays == 1 {
					out[key] = arr
				}
				arrays--
			}
		}
	}
	if len(out) == 0 {
		return nil, &plistError{msg: "no plist dict"}
	}
	return out, nil
}

// parseClassic reads a Day One Classic .doentry file; hasPhoto, when set,
// tells whether the journal holds a photo for a UUID.
func (d *dayOneReader) parseClassic(p string, data []byte, hasPhoto func(uuid string) bool) {
	dict, err := parsePlist(data)
	if err != nil {
		line := 0
		var pe *plistError
		if errors.As(err, &pe) {
			line = pe.line
		}
		d.c.problem(p, line, "not a readable Day One entry: %v", err)
		return
	}
	created, ok := dict["Creation Date"].(time.Time)
	if !ok {
		d.c.problem(p, 0, "not a readable Day One entry: it has no Creation Date")
		return
	}
	base := filepath.Base(p)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	r := &dayOneRaw{path: p, file: base, created: created}
	r.text, _ = dict["Entry Text"].(string)
	r.uuid, _ = dict["UUID"].(string)
	r.uuid = strings.TrimSpace(r.uuid)
	if r.uuid == "" {
		r.uuid = stem
	}
	r.named = normUUID(stem) == normUUID(r.uuid)
	r.zone, _ = dict["Time Zone"].(string)
	r.tags, _ = dict["Tags"].([]string)
	r.starred, _ = dict["Starred"].(bool)
	if hasPhoto != nil && hasPhoto(r.uuid) {
		r.lead = []string{"photo"}
	}
	d.raws = append(d.raws, r)
}
