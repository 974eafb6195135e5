// Package portal is the domain: use cases that take (ctx, actor, input), decide who may do what,
// and write the audit trail in the same transaction as the change. It knows nothing of HTTP.
package portal

import (
	"context"
	"log/slog"
	"time"

	"github.com/bigdatacenter/portal/app/password"
	"github.com/bigdatacenter/portal/app/store"
)

// Options configure the domain.
type Options struct {
	Log            *slog.Logger
	PasswordParams password.Params
	Now            func() time.Time
}

// Service holds what every use case needs.
type Service struct {
	db     *store.DB
	log    *slog.Logger
	pw     password.Params
	now    func() time.Time
}

// New returns the domain service on an open, migrated store.
func New(db *store.DB, opt Options) *Service {
	s := &Service{db: db, log: opt.Log, pw: opt.PasswordParams, now: opt.Now}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.pw == (password.Params{}) {
		s.pw = password.Default
	}
	if s.now == nil {
		s.now = func() time.Time { return time.Now().UTC() }
	}
	return s
}

// Ready reports whether the database answers.
func (s *Service) Ready(ctx context.Context) error { return s.db.Ping(ctx) }
