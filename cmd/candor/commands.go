package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"
	"text/tabwriter"

	"candor/journal"
)

func init() {
	register(command{"init", cmdInit})
	register(command{"add", cmdAdd})
	register(command{"edit", cmdEdit})
	register(command{"delete", cmdDelete})
	register(command{"show", cmdShow})
	register(command{"list", cmdList})
	register(command{"passwd", cmdPasswd})
	register(command{"version", cmdVersion})
}

// parseNoArgs parses a command's flags and refuses positional arguments.
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("%s takes no arguments, but %d were given (quote text that has spaces)", fs.Name(), len(pos))
	}
	return nil
}

func cmdVersion(c *cli, args []string) error {
	fs := c.flags("version")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(c.env.stdout, "candor %s (%s %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}

func cmdInit(c *cli, args []string) error {
	fs := c.flags("init")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	dir, err := c.dir()
	if err != nil {
		return err
	}
	if journal.HasKeyFile(dir) {
		return fmt.Errorf("%w in %s; nothing was changed", journal.ErrExists, dir)
	}
	pass, err := c.passphrase(true)
	if err != nil {
		return err
	}
	j, err := journal.Init(dir, pass, nil)
	clear(pass)
	if err != nil {
		if errors.Is(err, journal.ErrExists) {
			return fmt.Errorf("%w; nothing was changed", err)
		}
		return err
	}
	if err := j.Close(); err != nil {
		return err
	}
	fmt.Fprintf(c.env.stdout, "Created a new journal in %s.\nKeep your passphrase safe: without it nobody, not even you, can read the journal.\n", dir)
	return nil
}

// entryFlags are the fields add and edit accept.
type entryFlags struct {
	date, title, area, role, prompt, body string
	rating                                int
	tags                                  tagList
}

type tagList []string

// String implements flag.Value.
func (t *tagList) String() string { return strings.Join(*t, ",") }

// Set implements flag.Value; each --tag adds one.
func (t *tagList) Set(v string) error { *t = append(*t, v); return nil }

func (f *entryFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.date, "date", "", "the day the entry is about, YYYY-MM-DD")
	fs.StringVar(&f.title, "title", "", "title")
	fs.StringVar(&f.area, "area", "", "vision, motivation or problem-solving")
	fs.IntVar(&f.rating, "rating", 0, "1 to 5")
	fs.StringVar(&f.role, "role", "", "leader or manager")
	fs.Var(&f.tags, "tag", "a tag (repeatable)")
	fs.StringVar(&f.prompt, "prompt", "", "the ID of the prompt the entry answers")
	fs.StringVar(&f.body, "body", "", "the body (else read from stdin)")
}

// apply copies the flags that were given onto e.
func (f *entryFlags) apply(fs *flag.FlagSet, e *journal.Entry) error {
	var err error
	fs.Visit(func(fl *flag.Flag) {
		if err != nil {
			return
		}
		switch fl.Name {
		case "date":
			e.Date, err = journal.ParseDate(f.date)
		case "title":
			e.Title = f.title
		case "area":
			e.Area, err = journal.ParseArea(f.area)
		case "rating":
			if f.rating < 0 || f.rating > 5 {
				err = fmt.Errorf("rating %d is out of range; use 1 to 5, or 0 for none", f.rating)
			}
			e.Rating = f.rating
		case "role":
			e.Role, err = journal.ParseRole(f.role)
		case "tag":
			e.Tags = append([]string(nil), f.tags...)
		case "prompt":
			e.PromptID = f.prompt
		case "body":
			e.Body = f.body
		}
	})
	if err != nil {
		return usagef("%v", err)
	}
	return nil
}

func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

func (c *cli) readBody() (string, error) {
	if c.env.stdinIsTerminal {
		fmt.Fprintln(c.env.stderr, "Write the entry, then press Ctrl-D on a new line.")
	}
	b, err := io.ReadAll(io.LimitReader(c.env.stdin, journal.MaxBodyBytes+1))
	if err != nil {
		return "", fmt.Errorf("reading the body from stdin: %w", err)
	}
	if len(b) > journal.MaxBodyBytes {
		return "", usagef("the body on stdin is larger than 1 MiB")
	}
	return string(b), nil
}

func cmdAdd(c *cli, args []string) error {
	fs := c.flags("add")
	var f entryFlags
	f.register(fs)
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	e := journal.Entry{Date: journal.DateOf(c.env.now())}
	if err := f.apply(fs, &e); err != nil {
		return err
	}
	if err := e.Validate(); err != nil { // before asking for anything
		return usagef("%v", err)
	}
	return c.withJournal(func(j *journal.Journal) error {
		noRole := false
		if err := fillPrompt(j, &e); errors.Is(err, errRoleMissing) {
			noRole = true
		} else if err != nil {
			return err
		}
		if !flagGiven(fs, "body") {
			body, err := c.readBody()
			if err != nil {
				return err
			}
			e.Body = body
		}
		added, err := j.Add(e)
		if errors.Is(err, journal.ErrInvalid) {
			return usagef("%v", err)
		}
		if err != nil {
			return err
		}
		fmt.Fprintln(c.env.stdout, added.ID)
		if noRole {
			fmt.Fprintf(c.env.stderr, "This prompt asks whether you led or managed: record it with 'candor edit %s --role leader' (or manager).\n", added.ID)
		}
		return nil
	})
}

// fillPrompt copies the text of the entry's prompt from the library (the
// user's own prompts included), so the entry keeps the question it answered.
func fillPrompt(j *journal.Journal, e *journal.Entry) error {
	if e.PromptID == "" {
		e.Prompt = ""
		return nil
	}
	lib, err := j.Library()
	if err != nil {
		return err
	}
	p, ok := lib.Get(e.PromptID)
	if !ok {
		return usagef("there is no prompt %q; 'candor prompts' lists them", e.PromptID)
	}
	e.Prompt = p.Text
	if e.Area == "" {
		e.Area = journal.Area(p.Area)
	}
	if p.AsksRole && e.Role == "" {
		return errRoleMissing
	}
	return nil
}

// errRoleMissing is fillPrompt's note that the entry answers a
// leading-or-managing prompt without saying which; the entry is still saved,
// and add suggests --role.
var errRoleMissing = errors.New("role missing")

func oneID(name string, pos []string) (journal.ID, error) {
	if len(pos) != 1 {
		return journal.ID{}, usagef("%s needs exactly one entry ID", name)
	}
	id, err := journal.ParseID(pos[0])
	if err != nil {
		return id, usagef("%v", err)
	}
	return id, nil
}

func notFound(err error, id journal.ID) error {
	if errors.Is(err, journal.ErrNotFound) {
		return fmt.Errorf("there is no entry %s in this journal", id)
	}
	return err
}

func cmdEdit(c *cli, args []string) error {
	fs := c.flags("edit")
	var f entryFlags
	f.register(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	id, err := oneID("edit", pos)
	if err != nil {
		return err
	}
	var probe journal.Entry
	if err := f.apply(fs, &probe); err != nil {
		return err
	}
	return c.withJournal(func(j *journal.Journal) error {
		e, err := j.Get(id)
		if err != nil {
			return notFound(err, id)
		}
		if err := f.apply(fs, &e); err != nil {
			return err
		}
		if flagGiven(fs, "prompt") {
			if err := fillPrompt(j, &e); err != nil && !errors.Is(err, errRoleMissing) {
				return err
			}
		}
		if flagGiven(fs, "body") && f.body == "-" {
			if e.Body, err = c.readBody(); err != nil {
				return err
			}
		}
		up, err := j.Update(e)
		if err != nil {
			if errors.Is(err, journal.ErrInvalid) {
				return usagef("%v", err)
			}
			return notFound(err, id)
		}
		fmt.Fprintln(c.env.stdout, up.ID)
		return nil
	})
}

func cmdDelete(c *cli, args []string) error {
	fs := c.flags("delete")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	id, err := oneID("delete", pos)
	if err != nil {
		return err
	}
	return c.withJournal(func(j *journal.Journal) error {
		return notFound(j.Delete(id), id)
	})
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func cmdShow(c *cli, args []string) error {
	fs := c.flags("show")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	id, err := oneID("show", pos)
	if err != nil {
		return err
	}
	return c.withJournal(func(j *journal.Journal) error {
		e, err := j.Get(id)
		if err != nil {
			return notFound(err, id)
		}
		if *asJSON {
			return printJSON(c.env.stdout, e)
		}
		printEntry(c.env.stdout, e)
		return nil
	})
}

// stars draws a 1-5 rating; 0 is blank.
func stars(r int) string {
	if r <= 0 {
		return ""
	}
	return strings.Repeat("★", r) + strings.Repeat("☆", 5-r)
}

func printEntry(w io.Writer, e journal.Entry) {
	meta := []string{e.Date.String()}
	if e.Area != "" {
		meta = append(meta, string(e.Area))
	}
	if e.Rating > 0 {
		meta = append(meta, stars(e.Rating))
	}
	if e.Role != "" {
		meta = append(meta, string(e.Role))
	}
	fmt.Fprintln(w, strings.Join(meta, " · "))
	if e.Title != "" {
		fmt.Fprintf(w, "# %s\n", e.Title)
	}
	if len(e.Tags) > 0 {
		fmt.Fprintf(w, "tags: %s\n", strings.Join(e.Tags, ", "))
	}
	if e.PromptID != "" || e.Prompt != "" {
		fmt.Fprintf(w, "prompt: %s %s\n", e.PromptID, e.Prompt)
	}
	fmt.Fprintf(w, "id: %s  created: %s  updated: %s\n\n", e.ID, e.Created.Local().Format("2006-01-02 15:04"), e.Updated.Local().Format("2006-01-02 15:04"))
	fmt.Fprint(w, e.Body)
	if !strings.HasSuffix(e.Body, "\n") {
		fmt.Fprintln(w)
	}
}

// queryFlags are the filters list (and later stats and export) accept.
type queryFlags struct{ from, to, area, tag string }

func (q *queryFlags) register(fs *flag.FlagSet, withTag bool) {
	q.registerRange(fs)
	fs.StringVar(&q.area, "area", "", "only this area")
	if withTag {
		fs.StringVar(&q.tag, "tag", "", "only entries with this tag")
	}
}

// registerRange adds only --from and --to.
func (q *queryFlags) registerRange(fs *flag.FlagSet) {
	fs.StringVar(&q.from, "from", "", "first day, YYYY-MM-DD")
	fs.StringVar(&q.to, "to", "", "last day, YYYY-MM-DD")
}

func (q *queryFlags) query() (journal.Query, error) {
	var out journal.Query
	var err error
	if q.from != "" {
		if out.From, err = journal.ParseDate(q.from); err != nil {
			return out, usagef("--from: %v", err)
		}
	}
	if q.to != "" {
		if out.To, err = journal.ParseDate(q.to); err != nil {
			return out, usagef("--to: %v", err)
		}
	}
	if !out.From.IsZero() && !out.To.IsZero() && out.To.Before(out.From) {
		return out, usagef("--to %s is before --from %s", out.To, out.From)
	}
	if out.Area, err = journal.ParseArea(q.area); err != nil {
		return out, usagef("--area: %v", err)
	}
	out.Tag = strings.TrimSpace(q.tag)
	return out, nil
}

func cmdList(c *cli, args []string) error {
	fs := c.flags("list")
	var qf queryFlags
	qf.register(fs, true)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	q, err := qf.query()
	if err != nil {
		return err
	}
	return c.withJournal(func(j *journal.Journal) error {
		if *asJSON {
			// Stream the array so memory stays flat on large journals.
			w := c.env.stdout
			first := true
			fmt.Fprint(w, "[")
			err := j.Each(q, func(e journal.Entry) error {
				b, err := json.Marshal(e)
				if err != nil {
					return err
				}
				if !first {
					fmt.Fprint(w, ",")
				}
				first = false
				_, err = fmt.Fprintf(w, "\n  %s", b)
				return err
			})
			if err != nil {
				// Leave the array unclosed so no script mistakes a partial
				// list for a whole one.
				fmt.Fprintln(w)
				return err
			}
			if !first {
				fmt.Fprintln(w)
			}
			fmt.Fprintln(w, "]")
			return nil
		}
		tw := tabwriter.NewWriter(c.env.stdout, 0, 2, 2, ' ', 0)
		err := j.Each(q, func(e journal.Entry) error {
			_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.ID, e.Date, orDash(string(e.Area)), orDash(stars(e.Rating)), e.Headline(70))
			return err
		})
		if ferr := tw.Flush(); err == nil {
			err = ferr
		}
		return err
	})
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func cmdPasswd(c *cli, args []string) error {
	fs := c.flags("passwd")
	newFile := fs.String("new-passphrase-file", "", "read the new passphrase from the first line of FILE")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	dir, err := c.dir()
	if err != nil {
		return err
	}
	c.keepPass = true
	return c.withJournal(func(j *journal.Journal) error {
		old := c.pass
		defer clear(old)
		newPass, err := c.secret(*newFile, "--new-passphrase-file", "CANDOR_NEW_PASSPHRASE", "New passphrase: ", true)
		if err != nil {
			return err
		}
		defer clear(newPass)
		if err := j.ChangePassphrase(old, newPass); err != nil {
			return err
		}
		fmt.Fprintf(c.env.stdout, "Changed the passphrase of the journal in %s.\n", dir)
		return nil
	})
}
