package journal

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"candor/prompts"
)

const kindPrompt = 'p' // 'p' + prompt ID -> sealed own prompt

// ErrBuiltinPrompt means a built-in prompt was to be removed; only the
// user's own prompts can be.
var ErrBuiltinPrompt = errors.New("built-in prompts cannot be removed, only your own")

func promptKey(id string) []byte { return append([]byte{kindPrompt}, id...) }

// OwnPrompts returns the prompts the user added, sorted by ID.
func (j *Journal) OwnPrompts() ([]prompts.Prompt, error) {
	var out []prompts.Prompt
	err := j.view(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.Prefix = []byte{kindPrompt}
		it := txn.NewIterator(o)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			err := it.Item().Value(func(v []byte) error {
				plain, err := j.open(v, k)
				if err != nil {
					return fmt.Errorf("%w: an own prompt failed its integrity check", ErrDamaged)
				}
				var p prompts.Prompt
				if err := json.Unmarshal(plain, &p); err != nil {
					return fmt.Errorf("%w: an own prompt cannot be decoded", ErrDamaged)
				}
				p.Own = true
				out = append(out, p)
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// Library returns the built-in prompt library joined with the user's own
// prompts.
func (j *Journal) Library() (*prompts.Library, error) {
	own, err := j.OwnPrompts()
	if err != nil {
		return nil, err
	}
	return prompts.Builtin().With(own), nil
}

// AddOwnPrompt stores a prompt the user wrote, in area with an optional
// trait, and returns it with its new ID (own-…). A text that is too short
// or too long, or holds a control character or a character that changes
// the text's direction, is refused with a *ValidationError, as are an
// unknown area or trait.
func (j *Journal) AddOwnPrompt(area, trait, text string) (prompts.Prompt, error) {
	var rnd [5]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return prompts.Prompt{}, err
	}
	id := "own-" + strings.TrimRight(idEncoding.EncodeToString(rnd[:]), "=")
	p, err := prompts.Builtin().NewOwn(id, area, trait, text)
	if err != nil {
		return prompts.Prompt{}, &ValidationError{Field: "prompt", Problem: err.Error()}
	}
	plain, err := json.Marshal(p)
	if err != nil {
		return prompts.Prompt{}, err
	}
	k := promptKey(id)
	err = j.update(func(txn *badger.Txn) error {
		v, err := j.sealValue(plain, k)
		if err != nil {
			return err
		}
		return txn.Set(k, v)
	})
	return p, err
}

// PutOwnPrompt stores p, one of the user's own prompts, under its ID
// (own-…), replacing the prompt with that ID: sync brings prompts added on
// other computers this way. It is checked as AddOwnPrompt checks a new one.
func (j *Journal) PutOwnPrompt(p prompts.Prompt) error {
	if !strings.HasPrefix(p.ID, "own-") || len(p.ID) > 40 {
		return &ValidationError{Field: "prompt", Problem: fmt.Sprintf("%q is not the ID of an own prompt", clip(p.ID, 40))}
	}
	q, err := prompts.Builtin().NewOwn(p.ID, p.Area, p.Trait, p.Text)
	if err != nil {
		return &ValidationError{Field: "prompt", Problem: err.Error()}
	}
	plain, err := json.Marshal(q)
	if err != nil {
		return err
	}
	k := promptKey(q.ID)
	return j.update(func(txn *badger.Txn) error {
		v, err := j.sealValue(plain, k)
		if err != nil {
			return err
		}
		return txn.Set(k, v)
	})
}

// RemoveOwnPrompt deletes one of the user's own prompts. Entries that
// answered it keep its text.
func (j *Journal) RemoveOwnPrompt(id string) error {
	if _, builtin := prompts.Builtin().Get(id); builtin {
		return ErrBuiltinPrompt
	}
	return j.update(func(txn *badger.Txn) error {
		if _, err := txn.Get(promptKey(id)); errors.Is(err, badger.ErrKeyNotFound) {
			return fmt.Errorf("there is no own prompt %q", clip(id, 40))
		} else if err != nil {
			return err
		}
		return txn.Delete(promptKey(id))
	})
}
