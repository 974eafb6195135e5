// Package portal is the domain: use cases that take (ctx, actor, input), decide who may do what,
// and write the audit trail in the same transaction as the change. It knows nothing of HTTP.
package portal

import (
	"context"
	"log/slog"
	"time"

	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/password"
	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/storage"
	"github.com/bigdatacenter/portal/app/store"
)

// Options configure the domain.
type Options struct {
	Log            *slog.Logger
	PasswordParams password.Params
	Auth           config.Auth
	// PublicURL is where the links in e-mails point.
	PublicURL string
	// EmailQueued is called after a commit that queued e-mail, to wake the outbox worker.
	EmailQueued func()
	// Files stores deliverables; Uploads bounds them.
	Files   storage.Store
	Uploads UploadRules
	// Live sends events to connected browsers; none when nil.
	Live Publisher
	// TimeZone is how dates are written for people (e-mails, reports); UTC when nil.
	TimeZone *time.Location
	Now      func() time.Time
	// RequestTimeout bounds the database work of an upload once its body has arrived (the HTTP
	// layer bounds every other request as a whole); 10 s when zero.
	RequestTimeout time.Duration
	// EmailGroupWindow is how long an "immediate" notification e-mail waits for more events of
	// the same burst; 2 minutes when zero.
	EmailGroupWindow time.Duration
	// RetourResponseDays is the response delay of a retour in working days (« À traiter »);
	// DefaultRetourResponseDays when 0.
	RetourResponseDays int
	// JobLease is how long a scheduled job's run holds its lease between renewals;
	// DefaultJobLease when zero.
	JobLease time.Duration
	// SharedDatabase: other portal processes write to the same database (several portals
	// behind a load balancer). Their writes do not move this process's epochs, so nothing read
	// from the database is kept in memory (the session cache is off): a sign-out or a disabled
	// account on one process is refused by the others on their very next request.
	SharedDatabase bool
}

// Service holds what every use case needs.
type Service struct {
	db        *store.DB
	log       *slog.Logger
	pw        password.Params
	auth      config.Auth
	publicURL string
	mailKick  func()
	now       func() time.Time
	hashSlots chan struct{}
	dummyHash string
	tz        *time.Location
	files     storage.Store
	uploads   UploadRules
	live      Publisher
	// requestTimeout: see Options.RequestTimeout.
	requestTimeout time.Duration
	groupWindow    time.Duration
	stats          statsCache
	overview       overviewCache
	sessions       sessionCache
	// heavySlots bounds the long aggregate and search queries (statistics, history search,
	// exports, client reports) running at once, so that a few admins cannot starve the
	// clients' pages of the database's cores.
	heavySlots chan struct{}
	// responseDays is the response delay of a retour, in working days.
	responseDays int
	// sharedDatabase: see Options.SharedDatabase.
	sharedDatabase bool
	// jobLease: see Options.JobLease.
	jobLease time.Duration
}

// New returns the domain service on an open, migrated store.
func New(db *store.DB, opt Options) *Service {
	s := &Service{db: db, log: opt.Log, pw: opt.PasswordParams, auth: opt.Auth, publicURL: opt.PublicURL,
		mailKick: opt.EmailQueued, now: opt.Now, tz: opt.TimeZone, files: opt.Files, uploads: opt.Uploads, live: opt.Live,
		requestTimeout: opt.RequestTimeout, groupWindow: opt.EmailGroupWindow, responseDays: opt.RetourResponseDays,
		jobLease: opt.JobLease, sharedDatabase: opt.SharedDatabase}
	if s.groupWindow <= 0 {
		s.groupWindow = defaultGroupWindow
	}
	if s.requestTimeout <= 0 {
		s.requestTimeout = 10 * time.Second
	}
	if s.responseDays <= 0 {
		s.responseDays = DefaultRetourResponseDays
	}
	if s.jobLease <= 0 {
		s.jobLease = DefaultJobLease
	}
	if s.live == nil {
		s.live = nopPublisher{}
	}
	if s.uploads.MaxSize == 0 {
		s.uploads.MaxSize = 2 << 30
	}
	if s.tz == nil {
		s.tz = time.UTC
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.pw == (password.Params{}) {
		s.pw = password.Default
	}
	if s.now == nil {
		s.now = func() time.Time { return time.Now().UTC() }
	}
	if s.auth == (config.Auth{}) {
		s.auth = config.Default().Auth
	}
	if s.publicURL == "" {
		s.publicURL = config.Default().Server.PublicURL
	}
	if s.mailKick == nil {
		s.mailKick = func() {}
	}
	s.hashSlots = make(chan struct{}, max(1, s.auth.MaxConcurrentHashes))
	s.heavySlots = make(chan struct{}, 1)
	// Unknown accounts are checked against this hash so that they take as long as known ones.
	s.dummyHash, _ = password.Hash("portal-dummy-password", s.pw)
	return s
}

// txAnswer runs write in a transaction and answers what read finds in that same transaction
// once write has done its work: a use case answers what its commit made durable, read before the
// commit, so that a database that stops answering right after a commit cannot turn a saved
// change into an error (the structural test in writes_test.go checks that no use case reads
// after its Tx). On an error it answers T's zero value.
func txAnswer[T any](ctx context.Context, s *Service, write func(ctx context.Context) error, read func(ctx context.Context) (T, error)) (T, error) {
	var out T
	err := s.db.Tx(ctx, func(ctx context.Context) (err error) {
		if err := write(ctx); err != nil {
			return err
		}
		out, err = read(ctx)
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}

// dbDeadline bounds the database work of a transfer (an upload), whose own context lasts as
// long as its body may take to arrive: before the body and after it, a frozen database holds
// the request no longer than any other.
func (s *Service) dbDeadline(transfer context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(transfer, s.requestTimeout)
}

// Ready reports whether the database answers.
func (s *Service) Ready(ctx context.Context) error { return s.db.Ping(ctx) }

// FilesReady reports whether the file store can be used (an S3 store: reachable, credentials
// accepted, bucket present).
func (s *Service) FilesReady(ctx context.Context) error {
	if s.files == nil {
		return nil
	}
	return s.files.Check(ctx)
}

// errBusy answers a heavy request that waited its whole time for a slot.
var errBusy = &Error{Kind: KindTooMany, Code: errcode.Busy, RetryAfter: 5 * time.Second}

// heavy runs fn while holding the slot of heavy queries.
func (s *Service) heavy(ctx context.Context, fn func() error) error {
	select {
	case s.heavySlots <- struct{}{}:
	case <-ctx.Done():
		return errBusy
	}
	defer func() { <-s.heavySlots }()
	return fn()
}

// hashing runs fn while holding one of the bounded password-hashing slots, on a thread of
// lower priority: a burst of sign-ins queues for the slots instead of taking the cores.
func (s *Service) hashing(ctx context.Context, fn func()) error {
	select {
	case s.hashSlots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.hashSlots }()
	password.AtLowPriority(fn)
	return nil
}
