package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"

	"candor/journal"
	jsync "candor/journal/sync"
)

// noArgs refuses positional arguments for the command name.
func noArgs(name string, pos []string) error {
	if len(pos) > 0 {
		return usagef("%s takes no arguments, but %d were given (quote text that has spaces)", name, len(pos))
	}
	return nil
}

// runVersion is the version command.
func runVersion(c *cli, _ *none, pos []string) error {
	if err := noArgs("version", pos); err != nil {
		return err
	}
	fmt.Fprintf(c.env.stdout, "candor %s (%s %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}

// runInit is the init command.
func runInit(c *cli, _ *none, pos []string) error {
	if err := noArgs("init", pos); err != nil {
		return err
	}
	dir, err := c.dir()
	if err != nil {
		return err
	}
	if err := journal.CanInit(dir); err != nil { // before asking for anything
		return fmt.Errorf("%w; nothing was changed", err)
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
	fmt.Fprintf(c.env.stdout, "Created a new journal in %s.\nKeep your passphrase safe: without it nobody, not even you, can read the journal.\n", safeText(dir))
	return nil
}

// entryFlags are the fields add and edit accept.
type entryFlags struct {
	date, title, area, role, prompt, body string
	rating                                int
	tags                                  tagList
	// The coaching loop.
	nextStep, checkOn, decision, confidence, reviewOn, follows, outcome, kind string
	// fs is the flag set they were added to; it tells which were given.
	fs *flag.FlagSet
}

// tagList is the value of --tag, which may be given more than once.
type tagList []string

// String implements flag.Value.
func (t *tagList) String() string { return strings.Join(*t, ",") }

// Set implements flag.Value; each --tag adds one.
func (t *tagList) Set(v string) error { *t = append(*t, v); return nil }

// addFlags adds the flags of add.
func addFlags(fs *flag.FlagSet, f *entryFlags) {
	f.register(fs)
	fs.StringVar(&f.date, "date", "", "the `DAY` the entry is about, YYYY-MM-DD (default: today, local time)")
	fs.Var(&f.tags, "tag", "a `TAG` for the entry; repeat --tag for each further tag")
	fs.StringVar(&f.body, "body", "", "the entry's `TEXT` (default: read from stdin until it ends)")
}

// editFlags adds the flags of edit: those of add, meaning "change this".
func editFlags(fs *flag.FlagSet, f *entryFlags) {
	f.register(fs)
	fs.StringVar(&f.date, "date", "", "move the entry to `DAY`, YYYY-MM-DD")
	fs.Var(&f.tags, "tag", "a `TAG`; the tags given replace the entry's tags (give --tag for each)")
	fs.StringVar(&f.body, "body", "", "the entry's new `TEXT`; --body - reads it from stdin")
}

// register adds the flags add and edit share, and keeps fs to tell later
// which were given.
func (f *entryFlags) register(fs *flag.FlagSet) {
	f.fs = fs
	fs.StringVar(&f.title, "title", "", "the entry's title, one line of `TEXT`")
	fs.StringVar(&f.area, "area", "", "the entry's `AREA`: vision, motivation or problem-solving")
	fs.IntVar(&f.rating, "rating", 0, "how well you led that day, `N` from 1 to 5 (0 for none)")
	fs.StringVar(&f.role, "role", "", "the `ROLE` the moment called for: leader or manager")
	fs.StringVar(&f.prompt, "prompt", "", "the `ID` of the prompt the entry answers ('candor prompts' lists them)")
	fs.StringVar(&f.nextStep, "next-step", "", "a commitment the entry ends with, one line of `TEXT` (empty removes it)")
	fs.StringVar(&f.checkOn, "check-on", "", "the `DAY` to ask what became of the next step, YYYY-MM-DD (default: 7 days after the entry's date)")
	fs.StringVar(&f.decision, "decision", "", "a decision and what you expect to happen, one line of `TEXT` (empty removes it)")
	fs.StringVar(&f.confidence, "confidence", "", "how sure you are of the decision, `N` from 0 to 100 (empty for not saying)")
	fs.StringVar(&f.reviewOn, "review-on", "", "the `DAY` to review the decision, YYYY-MM-DD (default: 30 days after the entry's date)")
	fs.StringVar(&f.follows, "follows", "", "the `ID` of the entry whose next step or decision this entry answers")
	fs.StringVar(&f.outcome, "outcome", "", "what became of it, `OUTCOME`: done, partly or not for a next step; right, wrong or mixed for a decision")
	fs.StringVar(&f.kind, "kind", "", "the `KIND` of entry: weekly-review, or empty for an ordinary entry")
}

// optionalDate parses the value of the date flag name; empty means none.
func optionalDate(name, v string) (journal.Date, error) {
	if strings.TrimSpace(v) == "" {
		return journal.Date{}, nil
	}
	d, err := journal.ParseDate(strings.TrimSpace(v))
	if err != nil {
		return d, fmt.Errorf("--%s: %v", name, err)
	}
	return d, nil
}

// apply copies the flags that were given onto e.
func (f *entryFlags) apply(e *journal.Entry) error {
	var err error
	f.fs.Visit(func(fl *flag.Flag) {
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
		case "next-step":
			if e.NextStep = f.nextStep; strings.TrimSpace(f.nextStep) == "" {
				e.CheckOn = journal.Date{}
			}
		case "check-on":
			e.CheckOn, err = optionalDate("check-on", f.checkOn)
		case "decision":
			if e.Decision = f.decision; strings.TrimSpace(f.decision) == "" {
				e.Confidence, e.ReviewOn = nil, journal.Date{}
			}
		case "confidence":
			e.Confidence = nil
			if v := strings.TrimSpace(f.confidence); v != "" {
				n, perr := strconv.Atoi(strings.TrimSuffix(v, "%"))
				if perr != nil || n < 0 || n > 100 {
					err = fmt.Errorf("--confidence %q is not a number from 0 to 100", f.confidence)
				}
				e.Confidence = journal.ConfidenceOf(n)
			}
		case "review-on":
			e.ReviewOn, err = optionalDate("review-on", f.reviewOn)
		case "follows":
			e.Follows = journal.ID{}
			if v := strings.TrimSpace(f.follows); v != "" {
				e.Follows, err = journal.ParseID(v)
			} else {
				e.Outcome = ""
			}
		case "outcome":
			e.Outcome, err = journal.ParseOutcome(strings.TrimSpace(f.outcome))
		case "kind":
			e.Kind, err = journal.ParseKind(strings.TrimSpace(f.kind))
		}
	})
	if err != nil {
		return usagef("%v", err)
	}
	return nil
}

// flagGiven reports whether the flag name was given on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// readBody reads an entry's body from stdin.
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

// runAdd is the add command.
func runAdd(c *cli, f *entryFlags, pos []string) error {
	fs := f.fs
	if err := noArgs("add", pos); err != nil {
		return err
	}
	e := journal.Entry{Date: journal.DateOf(c.env.now())}
	if err := f.apply(&e); err != nil {
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

// oneID parses the one entry ID the command name takes.
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

// notFound says in words that there is no entry id.
func notFound(err error, id journal.ID) error {
	if errors.Is(err, journal.ErrNotFound) {
		return fmt.Errorf("there is no entry %s in this journal", id)
	}
	return err
}

// runEdit is the edit command.
func runEdit(c *cli, f *entryFlags, pos []string) error {
	fs := f.fs
	id, err := oneID("edit", pos)
	if err != nil {
		return err
	}
	var probe journal.Entry
	if err := f.apply(&probe); err != nil {
		return err
	}
	return c.withJournal(func(j *journal.Journal) error {
		e, err := j.Get(id)
		if err != nil {
			return notFound(err, id)
		}
		if err := f.apply(&e); err != nil {
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

// runDelete is the delete command.
func runDelete(c *cli, _ *none, pos []string) error {
	id, err := oneID("delete", pos)
	if err != nil {
		return err
	}
	return c.withJournal(func(j *journal.Journal) error {
		return notFound(j.Delete(id), id)
	})
}

// printJSON writes v as indented JSON.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// jsonOption is the options of a command whose only flag is --json.
type jsonOption struct{ json bool }

// showFlags adds the flags of show.
func showFlags(fs *flag.FlagSet, o *jsonOption) {
	fs.BoolVar(&o.json, "json", false, "print the entry as JSON")
}

// runShow is the show command.
func runShow(c *cli, o *jsonOption, pos []string) error {
	id, err := oneID("show", pos)
	if err != nil {
		return err
	}
	return c.withJournal(func(j *journal.Journal) error {
		e, err := j.Get(id)
		if err != nil {
			return notFound(err, id)
		}
		if o.json {
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

// printEntry writes e as text: its fields, then its body. Every text the
// user wrote passes safeText (the body safeBlock), so no control character
// or direction override reaches the terminal.
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
		fmt.Fprintf(w, "# %s\n", safeText(e.Title))
	}
	if len(e.Tags) > 0 {
		fmt.Fprintf(w, "tags: %s\n", safeText(strings.Join(e.Tags, ", ")))
	}
	if e.PromptID != "" || e.Prompt != "" {
		fmt.Fprintf(w, "prompt: %s %s\n", safeText(e.PromptID), safeText(e.Prompt))
	}
	if e.Kind != "" {
		fmt.Fprintf(w, "kind: %s\n", safeText(string(e.Kind)))
	}
	if e.NextStep != "" {
		fmt.Fprintf(w, "next step: %s (check on %s)\n", safeText(e.NextStep), e.CheckOn)
	}
	if e.Decision != "" {
		conf := ""
		if e.Confidence != nil {
			conf = fmt.Sprintf(", %d%% sure", *e.Confidence)
		}
		fmt.Fprintf(w, "decision: %s (review on %s%s)\n", safeText(e.Decision), e.ReviewOn, conf)
	}
	if !e.Follows.IsZero() {
		out := ""
		if e.Outcome != "" {
			out = ": " + string(e.Outcome)
		}
		fmt.Fprintf(w, "follows: %s%s\n", e.Follows, out)
	}
	fmt.Fprintf(w, "id: %s  created: %s  updated: %s\n\n", e.ID, e.Created.Local().Format("2006-01-02 15:04"), e.Updated.Local().Format("2006-01-02 15:04"))
	body := safeBlock(e.Body)
	fmt.Fprint(w, body)
	if !strings.HasSuffix(body, "\n") {
		fmt.Fprintln(w)
	}
}

// queryFlags are the filters list (and later stats and export) accept.
type queryFlags struct{ from, to, area, tag string }

// register adds --from, --to, --area and, withTag, --tag.
func (q *queryFlags) register(fs *flag.FlagSet, withTag bool) {
	q.registerRange(fs)
	fs.StringVar(&q.area, "area", "", "only entries in `AREA`: vision, motivation or problem-solving")
	if withTag {
		fs.StringVar(&q.tag, "tag", "", "only entries tagged `TAG` (case is ignored)")
	}
}

// registerRange adds only --from and --to.
func (q *queryFlags) registerRange(fs *flag.FlagSet) {
	fs.StringVar(&q.from, "from", "", "start on `DAY`, YYYY-MM-DD (default: the first entry)")
	fs.StringVar(&q.to, "to", "", "end on `DAY`, YYYY-MM-DD, included (default: the last entry)")
}

// query checks the flags and turns them into a journal query.
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

// listOptions is the options of list.
type listOptions struct {
	query queryFlags
	json  bool
}

// listFlags adds the flags of list.
func listFlags(fs *flag.FlagSet, o *listOptions) {
	o.query.register(fs, true)
	fs.BoolVar(&o.json, "json", false, "print a JSON array of entries")
}

// runList is the list command.
func runList(c *cli, o *listOptions, pos []string) error {
	if err := noArgs("list", pos); err != nil {
		return err
	}
	q, err := o.query.query()
	if err != nil {
		return err
	}
	return c.withJournal(func(j *journal.Journal) error {
		if o.json {
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
			_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.ID, e.Date, orDash(string(e.Area)), orDash(stars(e.Rating)), safeText(e.Headline(70)))
			return err
		})
		if ferr := tw.Flush(); err == nil {
			err = ferr
		}
		return err
	})
}

// orDash shows an empty column as "-".
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// passwdOptions is the options of passwd.
type passwdOptions struct{ newFile string }

// passwdFlags adds the flags of passwd.
func passwdFlags(fs *flag.FlagSet, o *passwdOptions) {
	fs.StringVar(&o.newFile, "new-passphrase-file", "", "read the new passphrase from the first line of `FILE` (else $CANDOR_NEW_PASSPHRASE, else the terminal asks twice)")
}

// runPasswd is the passwd command.
func runPasswd(c *cli, o *passwdOptions, pos []string) error {
	if err := noArgs("passwd", pos); err != nil {
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
		newPass, err := c.secret(o.newFile, "--new-passphrase-file", "CANDOR_NEW_PASSPHRASE", "New passphrase: ", true)
		if err != nil {
			return err
		}
		defer clear(newPass)
		if err := j.ChangePassphrase(old, newPass); err != nil {
			return err
		}
		fmt.Fprintf(c.env.stdout, "Changed the passphrase of the journal in %s.\n", safeText(dir))
		// A new computer joins with the passphrase of a key copy.
		if err := jsync.UpdateKeyCopy(j); err != nil {
			fmt.Fprintf(c.env.stderr, "candor: warning: the sync folder's copy of the key file was not updated: %s\n", safeText(journal.Sentence(err)))
		}
		return nil
	})
}
