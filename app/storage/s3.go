package storage

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/files"
)

const (
	// opTimeout bounds the store calls that no request carries (removing, listing, cleaning).
	opTimeout = 2 * time.Minute
	// minStaleUpload spares the multipart uploads of the last hour when the clean-up is asked
	// for "everything" (at start-up): other portal processes sharing the bucket may be
	// uploading right now, which a single server's temporary directory never had to consider.
	minStaleUpload = time.Hour
	// presignValidity is how long a presigned download link works.
	presignValidity = 15 * time.Minute
)

// S3 keeps files as objects of one bucket of an S3-compatible store, named by their key.
type S3 struct {
	c        *minio.Client
	core     minio.Core
	bucket   string
	endpoint string
	partSize uint64
	presign  bool
}

var _ Store = (*S3)(nil)

// OpenS3 connects to the store of cfg and checks it: reachable, credentials accepted, bucket
// present. Its errors name the configuration key at fault.
func OpenS3(ctx context.Context, cfg config.Storage) (*S3, error) {
	lookup := minio.BucketLookupAuto
	if cfg.PathStyle {
		lookup = minio.BucketLookupPath
	}
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:       cfg.UseSSL,
		Region:       cfg.Region,
		BucketLookup: lookup,
		// Failures surface in seconds rather than after minutes of retries: an upload that
		// fails is retried by its user, and a start-up check must say what is wrong quickly.
		MaxRetries: 3,
	})
	if err != nil {
		return nil, fmt.Errorf("storage.endpoint: %q: %w", cfg.Endpoint, err)
	}
	s := &S3{c: c, core: minio.Core{Client: c}, bucket: cfg.Bucket, endpoint: cfg.Endpoint,
		partSize: uint64(cfg.PartSizeMB) << 20, presign: cfg.PresignedDownloads}
	if s.partSize == 0 {
		s.partSize = 16 << 20
	}
	if err := s.Check(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Check asks the store whether the bucket exists, and says which key to fix when it cannot.
func (s *S3) Check(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	ok, err := s.c.BucketExists(ctx, s.bucket)
	missing := fmt.Errorf("%w: storage.bucket: the bucket %q does not exist on %s (create it; the portal never does)", ErrUnavailable, s.bucket, s.endpoint)
	if err == nil {
		if ok {
			return nil
		}
		return missing
	}
	resp := minio.ToErrorResponse(err)
	refused := func(why string) error {
		return fmt.Errorf("%w: storage.access_key / storage.secret_key: %s refused the credentials (%s)", ErrUnavailable, s.endpoint, why)
	}
	switch resp.Code {
	// XAdminUserNotFound is versitygw's answer to an unknown access key.
	case "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "InvalidToken", "ExpiredToken", "XAdminUserNotFound":
		return refused(resp.Code)
	case "NoSuchBucket":
		return missing
	}
	if resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusUnauthorized {
		return refused(resp.Message)
	}
	var netErr net.Error
	var urlErr *url.Error
	if errors.As(err, &netErr) || errors.As(err, &urlErr) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: storage.endpoint: %s cannot be reached (%v)", ErrUnavailable, s.endpoint, err)
	}
	return fmt.Errorf("%w: storage.endpoint: %s answered: %v (%s, HTTP %d)", ErrUnavailable, s.endpoint, err, resp.Code, resp.StatusCode)
}

// Describe names the store in messages.
func (s *S3) Describe() string { return fmt.Sprintf("the bucket %s on %s", s.bucket, s.endpoint) }

// limitReader counts what goes through it and fails once past max, so that an upload larger
// than allowed stops (and is aborted) as soon as it is, rather than once stored.
type limitReader struct {
	ctx context.Context
	r   io.Reader
	max int64
	n   int64
	// err is the source's failure (a dropped connection), which the store's error may hide;
	// eof says the source ended.
	err error
	eof bool
}

func (l *limitReader) Read(p []byte) (int, error) {
	if err := l.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.n > l.max {
		return n, files.ErrTooLarge
	}
	if err == io.EOF {
		l.eof = true
	}
	if err != nil && err != io.EOF {
		// Wrapped: the client takes a bare io.ErrUnexpectedEOF for the end of a short last
		// part, and would complete a truncated upload.
		l.err = err
		return n, fmt.Errorf("storage: reading the upload: %w", err)
	}
	return n, err
}

// Save streams r into a new object. A known size goes as one PUT or in parts of the configured
// size; an unknown one in parts, each held in memory once. The object exists under its key
// only once complete: a failed upload is aborted, its parts removed.
func (s *S3) Save(ctx context.Context, r io.Reader, max, expected int64) (saved Saved, err error) {
	if expected > max {
		return Saved{}, files.ErrTooLarge
	}
	if expected == 0 {
		return Saved{}, files.ErrEmpty
	}
	// One byte read ahead tells an empty stream before anything is sent to the store.
	br := bufio.NewReaderSize(r, 64<<10)
	if _, err := br.Peek(1); err != nil {
		if errors.Is(err, io.EOF) {
			return Saved{}, files.ErrEmpty
		}
		return Saved{}, err
	}
	key := files.NewKey()
	h := sha256.New()
	lr := &limitReader{ctx: ctx, r: br, max: max}
	body := io.TeeReader(lr, h)
	defer func() {
		if err != nil {
			s.drop(key)
		}
	}()
	info, err := s.c.PutObject(ctx, s.bucket, key, body, expected,
		minio.PutObjectOptions{PartSize: s.partSize, ContentType: "application/octet-stream"})
	switch {
	case errors.Is(err, files.ErrTooLarge) || lr.n > max:
		return Saved{}, files.ErrTooLarge
	case err != nil && ctx.Err() != nil:
		return Saved{}, ctx.Err()
	case err != nil && lr.err != nil:
		return Saved{}, lr.err
	case err != nil && expected >= 0 && (lr.n > expected || lr.eof && lr.n < expected):
		return Saved{}, files.ErrIncomplete
	case err != nil:
		return Saved{}, fmt.Errorf("%w: %s: %v", ErrUnavailable, s.Describe(), err)
	}
	if lr.err != nil {
		return Saved{}, lr.err
	}
	if expected >= 0 {
		// The store took the announced size; more bytes after it are a broken request.
		var one [1]byte
		if n, _ := io.ReadFull(lr, one[:]); n > 0 || lr.n != expected {
			return Saved{}, files.ErrIncomplete
		}
	}
	if info.Size != lr.n {
		return Saved{}, fmt.Errorf("storage: %s stored %d bytes of %d", s.Describe(), info.Size, lr.n)
	}
	return Saved{Key: key, Size: lr.n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// drop removes what a failed write may have left under key: a complete object, or the parts
// of a multipart upload. It runs on its own context: the request's may be what ended.
func (s *S3) drop(key string) {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	_ = s.c.RemoveIncompleteUpload(ctx, s.bucket, key)
	_ = s.c.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
}

// Put stores a file under a key chosen elsewhere (a restore, a migration). The object is checked
// against size and sum once written, and removed when it does not match.
func (s *S3) Put(ctx context.Context, key string, r io.Reader, size int64, sum string) (err error) {
	if !files.ValidKey(key) {
		return fmt.Errorf("storage: bad key %q", key)
	}
	if _, err := s.c.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{}); err == nil {
		return fmt.Errorf("%w: %s", files.ErrExists, key)
	} else if !isNotFound(err) {
		return fmt.Errorf("storage: %s: %w", key, err)
	}
	h := sha256.New()
	lr := &limitReader{ctx: ctx, r: r, max: size}
	defer func() {
		if err != nil {
			s.drop(key)
		}
	}()
	if _, err := s.c.PutObject(ctx, s.bucket, key, io.TeeReader(lr, h), size,
		minio.PutObjectOptions{PartSize: s.partSize, ContentType: "application/octet-stream"}); err != nil {
		return fmt.Errorf("storage: %s: %w", key, err)
	}
	var one [1]byte
	if n, _ := io.ReadFull(lr, one[:]); n > 0 || lr.n != size {
		return fmt.Errorf("storage: %s holds more than the %d bytes expected", key, size)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sum {
		return fmt.Errorf("storage: %s has SHA-256 %s, %s expected", key, got, sum)
	}
	return nil
}

// PutUnsynced is Put: an object is durable once the store has answered.
func (s *S3) PutUnsynced(ctx context.Context, key string, r io.Reader, size int64, sum string) error {
	return s.Put(ctx, key, r, size, sum)
}

// Flush has nothing to do on an object store.
func (s *S3) Flush() {}

func isNotFound(err error) bool {
	code := minio.ToErrorResponse(err).Code
	return code == "NoSuchKey" || code == "NotFound" || code == "NoSuchObject"
}

// Get opens an object; its bytes are fetched at the first read, only the range asked for.
func (s *S3) Get(ctx context.Context, key string) (Object, error) {
	if !files.ValidKey(key) {
		return nil, fmt.Errorf("storage: bad key %q", key)
	}
	info, err := s.c.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{})
	if isNotFound(err) {
		return nil, fmt.Errorf("storage: %s: %w", key, fs.ErrNotExist)
	}
	if err != nil {
		return nil, fmt.Errorf("storage: %s: %w", key, err)
	}
	return &s3Object{s: s, key: key, size: info.Size, end: -1}, nil
}

// s3Object reads an object through ranged GETs. A download's body is sent after its handler
// returned and its request context ended: the object has its own, ended by Close.
type s3Object struct {
	s    *S3
	key  string
	size int64
	// off is the next byte to read; end the last byte the reader wants (-1: to the end).
	off, end int64
	body     io.ReadCloser
	cancel   context.CancelFunc
}

func (o *s3Object) Read(p []byte) (int, error) {
	if o.off >= o.size || (o.end >= 0 && o.off > o.end) {
		return 0, io.EOF
	}
	if o.body == nil {
		end := o.end
		if end < 0 || end >= o.size {
			end = o.size - 1
		}
		var opts minio.GetObjectOptions
		if o.off > 0 || end < o.size-1 {
			if err := opts.SetRange(o.off, end); err != nil {
				return 0, err
			}
		}
		ctx, cancel := context.WithCancel(context.Background())
		body, _, _, err := o.s.core.GetObject(ctx, o.s.bucket, o.key, opts)
		if err != nil {
			cancel()
			return 0, fmt.Errorf("storage: reading %s: %w", o.key, err)
		}
		o.body, o.cancel = body, cancel
	}
	n, err := o.body.Read(p)
	o.off += int64(n)
	return n, err
}

// ReadRange says that only bytes start to end (inclusive) will be read, from start.
func (o *s3Object) ReadRange(start, end int64) error {
	if _, err := o.Seek(start, io.SeekStart); err != nil {
		return err
	}
	o.end = end
	return nil
}

func (o *s3Object) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		offset += o.off
	case io.SeekEnd:
		offset += o.size
	}
	if offset < 0 {
		return 0, fmt.Errorf("storage: seek before the start of %s", o.key)
	}
	if offset != o.off || o.end >= 0 {
		o.closeBody()
		o.end = -1
	}
	o.off = offset
	return offset, nil
}

func (o *s3Object) closeBody() {
	if o.body != nil {
		o.body.Close()
		o.cancel()
		o.body, o.cancel = nil, nil
	}
}

func (o *s3Object) Close() error { o.closeBody(); return nil }

// PresignedURL is a link to the object that works for a while without credentials, answered
// with the portal's file name and type; "" unless the operator enabled presigned downloads.
func (o *s3Object) PresignedURL(ctx context.Context, contentType, disposition string) (string, error) {
	if !o.s.presign {
		return "", nil
	}
	q := url.Values{}
	q.Set("response-content-type", contentType)
	q.Set("response-content-disposition", disposition)
	q.Set("response-cache-control", "private, no-cache")
	u, err := o.s.c.PresignedGetObject(ctx, o.s.bucket, o.key, presignValidity, q)
	if err != nil {
		return "", err
	}
	return u.String(), nil
}

// Remove deletes an object; a missing one is not an error.
func (s *S3) Remove(key string) error {
	if !files.ValidKey(key) {
		return fmt.Errorf("storage: bad key %q", key)
	}
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	if err := s.c.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil && !isNotFound(err) {
		return err
	}
	return nil
}

// Keys lists the portal's objects (other names in the bucket are not the portal's).
func (s *S3) Keys() ([]string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	var keys []string
	for obj := range s.c.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Recursive: true}) {
		if obj.Err != nil {
			return nil, obj.Err
		}
		if files.ValidKey(obj.Key) {
			keys = append(keys, obj.Key)
		}
	}
	return keys, nil
}

// TempFiles lists the multipart uploads in progress or left by a process that died mid-upload.
func (s *S3) TempFiles() ([]string, error) {
	ups, err := s.incomplete()
	var out []string
	for _, u := range ups {
		out = append(out, u.Key)
	}
	return out, err
}

func (s *S3) incomplete() ([]minio.ObjectMultipartInfo, error) {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	var out []minio.ObjectMultipartInfo
	for u := range s.c.ListIncompleteUploads(ctx, s.bucket, "", true) {
		if u.Err != nil {
			return out, u.Err
		}
		if files.ValidKey(u.Key) {
			out = append(out, u)
		}
	}
	return out, nil
}

// CleanTemp aborts the multipart uploads started longer than olderThan ago and says how many it
// aborted; at start-up (0), those older than minStaleUpload.
func (s *S3) CleanTemp(olderThan time.Duration) (int, error) {
	if olderThan <= 0 {
		olderThan = minStaleUpload
	}
	ups, err := s.incomplete()
	if err != nil {
		return 0, err
	}
	cut := time.Now().Add(-olderThan)
	removed := 0
	for _, u := range ups {
		if u.Initiated.After(cut) {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		err := s.core.AbortMultipartUpload(ctx, s.bucket, u.Key, u.UploadID)
		cancel()
		if err != nil && !strings.Contains(minio.ToErrorResponse(err).Code, "NoSuchUpload") {
			return removed, err
		}
		removed++
	}
	return removed, nil
}
