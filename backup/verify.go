package backup

// Reading an archive back: its entries hashed once, checked against its manifest.

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Verify reads the archive at path once, checking the compression, that the manifest is there
// and last, that no entry is missing, extra or repeated, and every entry's size and SHA-256.
func Verify(path string) (Info, error) {
	f, err := os.Open(path)
	if err != nil {
		return Info{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Info{}, err
	}
	m, err := scan(f, nil, nil)
	if err != nil {
		return Info{}, fmt.Errorf("%s: %w", path, err)
	}
	return Info{Path: path, Name: filepath.Base(path), Size: st.Size(), CreatedAt: m.CreatedAt, Manifest: m}, nil
}

func corrupt(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, a...))
}

// scan reads an archive once and returns its manifest once every entry matched it. fn, when
// set, receives the content of each entry but the manifest, as it streams; with want (the
// manifest of an earlier Verify), each content reader fails at its end rather than end cleanly
// when the bytes differ from want's checksum, so that fn never accepts what it did not expect.
func scan(r io.Reader, want *Manifest, fn func(name string, content io.Reader) error) (*Manifest, error) {
	gz, err := gzip.NewReader(bufio.NewReaderSize(r, 1<<20))
	if err != nil {
		return nil, corrupt("not a gzip stream: %v", err)
	}
	tr := tar.NewReader(gz)
	seen := map[string]Entry{}
	var m *Manifest
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, corrupt("%v", err)
		}
		if m != nil {
			return nil, corrupt("entry %q after the manifest", hdr.Name)
		}
		if hdr.Typeflag != tar.TypeReg {
			return nil, corrupt("entry %q is not a regular file", hdr.Name)
		}
		if hdr.Name == ManifestName {
			if hdr.Size > maxManifest {
				return nil, corrupt("manifest of %d bytes", hdr.Size)
			}
			b, err := io.ReadAll(tr)
			if err != nil {
				return nil, corrupt("reading the manifest: %v", err)
			}
			m = new(Manifest)
			if err := json.Unmarshal(b, m); err != nil {
				return nil, corrupt("bad manifest: %v", err)
			}
			continue
		}
		key, isFile := strings.CutPrefix(hdr.Name, FilesPrefix)
		if hdr.Name != DatabaseName && !(isFile && keyPattern.MatchString(key)) {
			return nil, corrupt("unexpected entry %q", hdr.Name)
		}
		if _, dup := seen[hdr.Name]; dup {
			return nil, corrupt("entry %q appears twice", hdr.Name)
		}
		er := &entryReader{name: hdr.Name, r: tr, h: sha256.New()}
		if want != nil {
			e, ok := want.entry(hdr.Name)
			if !ok {
				return nil, corrupt("entry %q is not in the manifest", hdr.Name)
			}
			er.want = &e
		}
		if fn != nil {
			if err := fn(hdr.Name, er); err != nil {
				return nil, err
			}
		}
		if _, err := io.Copy(io.Discard, er); err != nil {
			return nil, corrupt("reading %s: %v", hdr.Name, err)
		}
		seen[hdr.Name] = Entry{Name: hdr.Name, Size: er.n, SHA256: hex.EncodeToString(er.h.Sum(nil))}
	}
	// Reading the gzip stream to its end checks its CRC and refuses trailing garbage.
	if _, err := io.Copy(io.Discard, gz); err != nil {
		return nil, corrupt("%v", err)
	}
	if m == nil {
		return nil, corrupt("no manifest: the archive is incomplete")
	}
	if m.Format != Format || m.FormatVersion != FormatVersion {
		return nil, corrupt("format %q version %d, expected %s version %d", m.Format, m.FormatVersion, Format, FormatVersion)
	}
	if _, ok := m.entry(DatabaseName); !ok {
		return nil, corrupt("the manifest lists no %s", DatabaseName)
	}
	listed := map[string]bool{}
	for _, e := range m.Entries {
		got, ok := seen[e.Name]
		switch {
		case listed[e.Name]:
			return nil, corrupt("the manifest lists %s twice", e.Name)
		case !ok:
			return nil, corrupt("%s is missing", e.Name)
		case got != e:
			return nil, corrupt("%s does not match the manifest (size %d, SHA-256 %s; manifest: %d, %s)", e.Name, got.Size, got.SHA256, e.Size, e.SHA256)
		}
		listed[e.Name] = true
	}
	for name := range seen {
		if !listed[name] {
			return nil, corrupt("%s is not in the manifest", name)
		}
	}
	return m, nil
}

// entryReader hashes an entry as it is read and, given the expected entry, turns its end into an
// error when the content differs.
type entryReader struct {
	name string
	r    io.Reader
	h    hash.Hash
	n    int64
	want *Entry
}

func (e *entryReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	e.h.Write(p[:n])
	e.n += int64(n)
	if errors.Is(err, io.EOF) && e.want != nil {
		if sum := hex.EncodeToString(e.h.Sum(nil)); e.n != e.want.Size || sum != e.want.SHA256 {
			return n, corrupt("%s changed since it was verified", e.name)
		}
	}
	return n, err
}
