package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"

	"github.com/bigdatacenter/portal/app/files"
)

// FileRef is a file the database refers to, with the size and SHA-256 it recorded.
type FileRef struct {
	Key    string
	Size   int64
	SHA256 string
}

// MigrateResult counts what a migration did.
type MigrateResult struct {
	// Copied files were written to the destination and read back intact; Present ones were
	// there already, intact (an earlier run); Repaired ones were there but damaged, and copied
	// again.
	Copied, Present, Repaired int
	// CopiedBytes is the size of the files copied.
	CopiedBytes int64
	// Unreferenced are files of the source no database row names (left by a crash): not copied.
	Unreferenced int
	// Missing are files the database names that the source does not hold.
	Missing []string
}

func (r MigrateResult) String() string {
	return fmt.Sprintf("%d files copied (%d bytes), %d already there and intact, %d damaged copies replaced, %d unreferenced files of the source left aside, %d missing from the source",
		r.Copied, r.CopiedBytes, r.Present, r.Repaired, r.Unreferenced, len(r.Missing))
}

// Migrate copies the files refs names from src to dst, each checked against the size and
// SHA-256 the database recorded, as it streams and again read back from dst. It may run again
// after an interruption, or while the portal still serves from src: what dst already holds
// intact is left as it is. The source is never changed. progress, when set, is called after
// each file.
func Migrate(ctx context.Context, src, dst Store, refs []FileRef, progress func(done int, r MigrateResult)) (MigrateResult, error) {
	var r MigrateResult
	srcKeys, err := src.Keys()
	if err != nil {
		return r, fmt.Errorf("listing %s: %w", src.Describe(), err)
	}
	inSrc := make(map[string]bool, len(srcKeys))
	for _, k := range srcKeys {
		inSrc[k] = true
	}
	refs = append([]FileRef(nil), refs...)
	sort.Slice(refs, func(i, j int) bool { return refs[i].Key < refs[j].Key })
	referenced := make(map[string]bool, len(refs))
	for i, ref := range refs {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		referenced[ref.Key] = true
		switch err := verify(ctx, dst, ref); {
		case err == nil:
			r.Present++
		case errors.Is(err, fs.ErrNotExist) && !inSrc[ref.Key]:
			r.Missing = append(r.Missing, ref.Key)
		case errors.Is(err, fs.ErrNotExist):
			if err := copyFile(ctx, src, dst, ref); err != nil {
				return r, err
			}
			r.Copied++
			r.CopiedBytes += ref.Size
		case errors.Is(err, errDamaged) && inSrc[ref.Key]:
			// Both stores write a file whole or not at all, so this copy was damaged since.
			if err := dst.Remove(ref.Key); err != nil {
				return r, fmt.Errorf("file %s: removing the damaged copy: %w", ref.Key, err)
			}
			if err := copyFile(ctx, src, dst, ref); err != nil {
				return r, err
			}
			r.Repaired++
			r.CopiedBytes += ref.Size
		default:
			return r, fmt.Errorf("file %s in %s: %w", ref.Key, dst.Describe(), err)
		}
		if progress != nil {
			progress(i+1, r)
		}
	}
	for _, k := range srcKeys {
		if !referenced[k] {
			r.Unreferenced++
		}
	}
	if len(r.Missing) > 0 {
		return r, fmt.Errorf("%d files named by the database are missing from %s (first: %s)", len(r.Missing), src.Describe(), strings.Join(r.Missing[:min(len(r.Missing), 5)], ", "))
	}
	return r, nil
}

var errDamaged = errors.New("damaged")

// copyFile puts src's file into dst (Put checks size and SHA-256 as it streams), then reads it
// back from dst.
func copyFile(ctx context.Context, src, dst Store, ref FileRef) error {
	o, err := src.Get(ctx, ref.Key)
	if err != nil {
		return fmt.Errorf("file %s in %s: %w", ref.Key, src.Describe(), err)
	}
	defer o.Close()
	if err := dst.Put(ctx, ref.Key, o, ref.Size, ref.SHA256); err != nil {
		return fmt.Errorf("file %s: copying to %s: %w", ref.Key, dst.Describe(), err)
	}
	if err := verify(ctx, dst, ref); err != nil {
		return fmt.Errorf("file %s: reading back from %s: %w", ref.Key, dst.Describe(), err)
	}
	return nil
}

// verify reads a stored file whole and compares it with what the database recorded.
func verify(ctx context.Context, st Store, ref FileRef) error {
	o, err := st.Get(ctx, ref.Key)
	if err != nil {
		return err
	}
	defer o.Close()
	h := sha256.New()
	n, err := io.Copy(h, files.ContextReader(ctx, o))
	if err != nil {
		return err
	}
	if sum := hex.EncodeToString(h.Sum(nil)); n != ref.Size || sum != ref.SHA256 {
		return fmt.Errorf("%w: %d bytes of SHA-256 %s, %d bytes of %s recorded", errDamaged, n, sum, ref.Size, ref.SHA256)
	}
	return nil
}
