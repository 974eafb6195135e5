package config

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// The keys for running several portal processes: live events between them ([events]) and the
// file store they share ([storage]).

// Events carries the live events between portal processes (several portals behind a load
// balancer). Empty NATSURL: one process, whose in-process hub serves its own browsers.
type Events struct {
	// NATSURL is the NATS server (or a comma-separated list of a cluster's servers), e.g.
	// "nats://nats.internal:4222"; a user and password or a token may be written in it.
	NATSURL string `toml:"nats_url"`
	// CredentialsFile is a NATS credentials file (user JWT and NKey seed), when the server asks for one.
	CredentialsFile string `toml:"credentials_file"`
	// SubjectPrefix starts the subject the events travel on (<prefix>.events), so that several
	// portals can share one NATS server.
	SubjectPrefix string `toml:"subject_prefix"`
}

// Storage says where deliverable and attachment files live: the data disk (one server), or an
// S3-compatible object store that several portal processes share.
type Storage struct {
	// Backend is "local" (<data.dir>/files) or "s3".
	Backend string `toml:"backend"`
	// Endpoint is the store's host[:port], without scheme ("s3.eu-west-3.amazonaws.com",
	// "127.0.0.1:7070"); UseSSL says whether to speak HTTPS to it.
	Endpoint string `toml:"endpoint"`
	UseSSL   bool   `toml:"use_ssl"`
	// Bucket must exist; the portal never creates it.
	Bucket string `toml:"bucket"`
	// Region is the bucket's region; empty lets the client ask the store.
	Region string `toml:"region"`
	// PathStyle addresses the bucket as endpoint/bucket (MinIO, versitygw, Ceph) rather than
	// bucket.endpoint (AWS).
	PathStyle bool `toml:"path_style"`
	// AccessKey and SecretKey are better given by the environment
	// (PORTAL_STORAGE_ACCESS_KEY, PORTAL_STORAGE_SECRET_KEY) than written here.
	AccessKey string `toml:"access_key"`
	SecretKey string `toml:"secret_key"`
	// PresignedDownloads redirects downloads to a short-lived link of the store instead of
	// streaming them through the portal.
	PresignedDownloads bool `toml:"presigned_downloads"`
	// PartSizeMB is the part size of multipart uploads: the memory one upload of unknown size
	// holds, and the size over which an upload goes in parts.
	PartSizeMB int `toml:"part_size_mb"`
}

// ValidateS3 checks the keys of the S3 store whatever the backend (`portal storage migrate`
// uses both stores).
func (s Storage) ValidateS3() error {
	s.Backend = "s3"
	return s.validate(func(key, why string) error { return fmt.Errorf("config: %s: %s", key, why) })
}

func (s *Storage) validate(bad func(key, why string) error) error {
	switch s.Backend {
	case "local":
		return nil
	case "s3":
	default:
		return bad("storage.backend", "must be \"local\" (the data disk) or \"s3\" (an S3-compatible store)")
	}
	if s.Endpoint == "" || strings.Contains(s.Endpoint, "/") {
		return bad("storage.endpoint", "must be the store's host[:port] without scheme, e.g. \"s3.eu-west-3.amazonaws.com\" (storage.use_ssl chooses HTTPS)")
	}
	if s.Bucket == "" {
		return bad("storage.bucket", "must name an existing bucket")
	}
	if s.AccessKey == "" || s.SecretKey == "" {
		return bad("storage.access_key", "backend \"s3\" needs PORTAL_STORAGE_ACCESS_KEY and PORTAL_STORAGE_SECRET_KEY (or storage.access_key and storage.secret_key)")
	}
	if s.PartSizeMB < 5 || s.PartSizeMB > 128 {
		return bad("storage.part_size_mb", "must be between 5 (the smallest S3 part) and 128 (MiB)")
	}
	return nil
}

func (e Events) validate() error {
	for _, raw := range strings.Split(e.NATSURL, ",") {
		if e.NATSURL == "" {
			break
		}
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil || (u.Scheme != "nats" && u.Scheme != "tls") || u.Host == "" {
			return fmt.Errorf("config: events.nats_url: %q must be a nats:// or tls:// address such as \"nats://127.0.0.1:4222\" (several separated by commas)", redactURL(raw))
		}
	}
	// A NATS subject token holds no spaces, dots at its ends or wildcards.
	if p := e.SubjectPrefix; p == "" || strings.ContainsAny(p, " \t*>") || strings.HasPrefix(p, ".") || strings.HasSuffix(p, ".") || strings.Contains(p, "..") {
		return errors.New("config: events.subject_prefix: must be a NATS subject without spaces or wildcards, e.g. \"portal\"")
	}
	return nil
}

// Shared reports whether several portal processes share the database (they share their live
// events through NATS): nothing read from the database is then kept in a process's memory.
func (e Events) Shared() bool { return e.NATSURL != "" }

// RedactedURL is nats_url without its passwords or tokens, for logs and messages.
func (e Events) RedactedURL() string {
	parts := strings.Split(e.NATSURL, ",")
	for i, p := range parts {
		parts[i] = redactURL(p)
	}
	return strings.Join(parts, ",")
}

// redactURL hides the password or token of an address before it is shown in an error.
func redactURL(raw string) string {
	raw = strings.TrimSpace(raw)
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		u.User = url.User("xxxxx")
		return u.String()
	}
	if strings.Contains(raw, "@") {
		return "(hidden: it may hold a password)"
	}
	return raw
}
