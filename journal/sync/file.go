package sync

import (
	"bytes"
	"compress/flate"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/crypto/chacha20poly1305"

	"candor/journal/internal/fsx"
)

// The sealed file format: header, nonce, sealed body. The header is the
// associated data, so each of its fields is authenticated.
const (
	fileMagic     = "CNDSYNC1"
	headerLen     = len(fileMagic) + 1 + 16 + 16 + 8
	kindChanges   = 'c'
	kindSnapshot  = 's'
	fileExt       = ".cnd"
	maxFileBytes  = 1 << 30 // a sealed file read at most
	maxBodyBytes  = 2 << 30 // its body once inflated
	syncDirName   = "candor-sync"
	keyCopyName   = "journal.key"
	sealOverhead  = chacha20poly1305.NonceSizeX + chacha20poly1305.Overhead
	maxNameLength = 200
)

// header is a file's header.
type header struct {
	Kind    byte
	Journal [16]byte
	Dev     Device
	Seq     uint64
}

func (h header) encode() []byte {
	b := append([]byte(fileMagic), h.Kind)
	b = append(b, h.Journal[:]...)
	b = append(b, h.Dev[:]...)
	return binary.BigEndian.AppendUint64(b, h.Seq)
}

func parseHeader(b []byte) (header, bool) {
	if len(b) < headerLen || string(b[:len(fileMagic)]) != fileMagic {
		return header{}, false
	}
	b = b[len(fileMagic):]
	h := header{Kind: b[0]}
	copy(h.Journal[:], b[1:17])
	copy(h.Dev[:], b[17:33])
	h.Seq = binary.BigEndian.Uint64(b[33:41])
	return h, (h.Kind == kindChanges || h.Kind == kindSnapshot) && h.Seq > 0
}

// name is the file's name in its computer's folder.
func (h header) name() string { return fmt.Sprintf("%c-%016x%s", h.Kind, h.Seq, fileExt) }

// body is what a file carries: the writing computer's name, versions of
// entries and versions of own prompts.
type body struct {
	Name     string
	Versions []Version
	Prompts  []promptVersion
}

// seal encodes, compresses and seals b under h.
func seal(aead cipher.AEAD, h header, b *body) ([]byte, error) {
	var plain bytes.Buffer
	w, _ := flate.NewWriter(&plain, flate.BestSpeed)
	var buf []byte
	buf = binary.AppendUvarint(buf, uint64(len(b.Name)))
	buf = append(buf, b.Name...)
	buf = binary.AppendUvarint(buf, uint64(len(b.Versions)))
	for i := range b.Versions {
		buf = appendVersion(buf, &b.Versions[i])
		if len(buf) > 1<<20 {
			w.Write(buf)
			buf = buf[:0]
		}
	}
	buf = binary.AppendUvarint(buf, uint64(len(b.Prompts)))
	for i := range b.Prompts {
		buf = appendPrompt(buf, &b.Prompts[i])
	}
	w.Write(buf)
	if err := w.Close(); err != nil {
		return nil, err
	}
	hd := h.encode()
	out := make([]byte, len(hd)+chacha20poly1305.NonceSizeX, len(hd)+sealOverhead+plain.Len())
	copy(out, hd)
	if _, err := rand.Read(out[len(hd):]); err != nil {
		return nil, err
	}
	return aead.Seal(out, out[len(hd):], plain.Bytes(), hd), nil
}

var errSeal = errors.New("the file does not open: it is incomplete, damaged, or not from this journal")

// open checks and opens a sealed file.
func open(aead cipher.AEAD, raw []byte) (header, *body, error) {
	h, ok := parseHeader(raw)
	if !ok {
		return h, nil, errors.New("not a Candor sync file")
	}
	if len(raw) < headerLen+sealOverhead {
		return h, nil, errSeal
	}
	n := raw[headerLen : headerLen+chacha20poly1305.NonceSizeX]
	plain, err := aead.Open(nil, n, raw[headerLen+chacha20poly1305.NonceSizeX:], raw[:headerLen])
	if err != nil {
		return h, nil, errSeal
	}
	inflated, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(plain)), maxBodyBytes))
	if err != nil {
		return h, nil, errSeal
	}
	r := reader{b: inflated}
	b := &body{Name: string(r.bytes(r.count(1)))}
	n2 := r.count(20)
	for i := 0; i < n2 && r.err == nil; i++ {
		b.Versions = append(b.Versions, r.version())
	}
	n3 := r.count(20)
	for i := 0; i < n3 && r.err == nil; i++ {
		b.Prompts = append(b.Prompts, r.prompt())
	}
	if r.err != nil || len(r.b) != 0 || len(b.Name) > maxNameLength {
		return h, nil, errSeal
	}
	return h, b, nil
}

// writeOnce writes data to path through a hidden temporary file beside
// it, synced, then renamed; a file already there is left alone (files are
// never changed once written).
func writeOnce(path string, data []byte) error {
	if _, err := os.Lstat(path); err == nil {
		return nil
	}
	dir := filepath.Dir(path)
	tmp, err := fsx.WriteTempSync(dir, "."+filepath.Base(path)+".tmp-*", data)
	if err != nil {
		return err
	}
	if err := fsx.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return fsx.SyncDir(dir)
}

// readFile reads a file of the folder, refusing what is not a regular
// file or too big.
func readFile(path string) ([]byte, error) {
	f, err := fsx.OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxFileBytes {
		return nil, errors.New("the file is too big")
	}
	return b, nil
}
