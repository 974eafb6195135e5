package portal

import (
	"context"
	"time"
)

// CleanupResult counts what a clean-up removed.
type CleanupResult struct {
	Sessions, Links, Throttles, IdempotencyKeys int64
	TempFiles                                   int
}

// Cleanup removes expired sessions, spent links, old sign-in failure counts, idempotency keys
// past their day and the temporary files of uploads cut off by a killed process. The data has
// no value once expired; keeping it would only grow the tables that every request reads, and
// the disk.
func (s *Service) Cleanup(ctx context.Context) (CleanupResult, error) {
	now := s.now()
	var r CleanupResult
	var err error
	if r.Sessions, err = s.db.DeleteExpiredSessions(ctx, now, s.auth.SessionIdleTimeout.D()); err != nil {
		return r, err
	}
	// Spent links are kept a month so that « déjà utilisé » can still be explained.
	if r.Links, err = s.db.DeleteStaleAuthTokens(ctx, now.Add(-30*24*time.Hour)); err != nil {
		return r, err
	}
	// A count is stale once neither a sign-in lock nor a reset window can still need it.
	keep := max(s.auth.FailureWindow.D()+s.auth.LockoutDuration.D(), s.auth.ResetWindow.D())
	if r.Throttles, err = s.db.DeleteStaleThrottles(ctx, now.Add(-keep)); err != nil {
		return r, err
	}
	// A retry comes within minutes; a day covers a laptop closed mid-action and opened again.
	if r.IdempotencyKeys, err = s.db.DeleteIdempotencyKeysBefore(ctx, now.Add(-IdempotencyKeyTTL)); err != nil {
		return r, err
	}
	if s.files != nil && s.uploads.TransferTimeout > 0 {
		if r.TempFiles, err = s.files.CleanTemp(s.uploads.TransferTimeout); err != nil {
			return r, err
		}
	}
	// Job runs are kept 90 days: enough to see what happened, not a table that grows forever.
	_, err = s.db.DeleteOldJobRuns(ctx, now.Add(-90*24*time.Hour))
	return r, err
}
