package portal

import (
	"context"
	"errors"
	"time"

	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/store"
)

// Idempotency keys (Idempotency-Key header): a user who retries a write after an error (a
// timeout, a cut connection) sends the same key again, and gets the first result instead of a
// second write. The key is committed by the write's own transaction (store.IdempotencyClaim),
// so it exists exactly when the write does; its answer is recorded just after.

// IdempotencyKeyTTL is how long a key is remembered (the clean-up job purges older ones).
const IdempotencyKeyTTL = 24 * time.Hour

// idempotencyWait is how long a retry waits for the answer of a first request that committed
// but has not recorded its answer yet (it does so right after its commit).
const idempotencyWait = 2 * time.Second

var (
	errIdempotencyKeyInvalid = Invalid("Idempotency-Key", errcode.IdempotencyKeyInvalid, nil)
	errIdempotencyKeyReused  = Invalid("Idempotency-Key", errcode.IdempotencyKeyReused, nil)
	errIdempotencyDone       = newErr(KindConflict, errcode.IdempotencyAlreadyDone, nil)
)

// Replay is the recorded answer of a write, sent again to its retries.
type Replay struct {
	Status      int
	ContentType string
	Body        []byte
}

// IdempotentWrite is a request that carries a key no write has committed yet.
type IdempotentWrite struct {
	s     *Service
	claim *store.IdempotencyClaim
}

// StartIdempotent looks up a user's key before the request runs: a Replay when a first request
// with the same fingerprint (method, path, body) was answered; errIdempotencyKeyReused when the
// key served another request; errIdempotencyDone when its write committed but no answer was
// recorded (the process stopped in between); otherwise the write to run, whose Context makes
// the request's transaction commit the key.
func (s *Service) StartIdempotent(ctx context.Context, a Actor, key, fingerprint string) (*IdempotentWrite, *Replay, error) {
	if !validIdempotencyKey(key) {
		return nil, nil, errIdempotencyKeyInvalid
	}
	rec, err := s.db.IdempotencyKey(ctx, a.UserID, key)
	if errors.Is(err, store.ErrNotFound) {
		return &IdempotentWrite{s: s, claim: &store.IdempotencyClaim{UserID: a.UserID, Key: key, Fingerprint: fingerprint, At: s.now()}}, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	replay, err := s.replayOf(ctx, a, key, fingerprint, rec)
	return nil, replay, err
}

// AwaitIdempotent answers a request that lost the race for its key to a duplicate that
// committed while it ran (IsIdempotencyRace): the duplicate's answer.
func (s *Service) AwaitIdempotent(ctx context.Context, a Actor, key, fingerprint string) (*Replay, error) {
	rec, err := s.db.IdempotencyKey(ctx, a.UserID, key)
	if err != nil {
		return nil, err
	}
	return s.replayOf(ctx, a, key, fingerprint, rec)
}

func (s *Service) replayOf(ctx context.Context, a Actor, key, fingerprint string, rec store.IdempotencyRecord) (*Replay, error) {
	if rec.Fingerprint != fingerprint {
		return nil, errIdempotencyKeyReused
	}
	deadline := time.Now().Add(idempotencyWait)
	for rec.Status == 0 && time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return nil, errIdempotencyDone
		case <-time.After(50 * time.Millisecond):
		}
		var err error
		if rec, err = s.db.IdempotencyKey(ctx, a.UserID, key); err != nil {
			return nil, err
		}
	}
	if rec.Status == 0 {
		return nil, errIdempotencyDone
	}
	return &Replay{Status: rec.Status, ContentType: rec.ContentType, Body: rec.Response}, nil
}

// IsIdempotencyRace tells whether a use case failed because a duplicate of its request
// committed the same key first (nothing of it was written).
func IsIdempotencyRace(err error) bool { return errors.Is(err, store.ErrIdempotencyKeyTaken) }

// Context makes the transactions run with it commit the key with their write.
func (w *IdempotentWrite) Context(ctx context.Context) context.Context {
	return store.WithIdempotencyClaim(ctx, w.claim)
}

// Committed tells whether a transaction of the request committed the key.
func (w *IdempotentWrite) Committed() bool { return w.claim.Committed() }

// Record keeps the answer of the committed write for its retries.
func (w *IdempotentWrite) Record(ctx context.Context, r Replay) error {
	return w.s.db.RecordIdempotentResponse(ctx, w.claim.UserID, w.claim.Key, r.Status, r.ContentType, r.Body)
}

// validIdempotencyKey accepts what clients generate (UUIDs, random tokens), nothing that could
// be mistaken in a log.
func validIdempotencyKey(k string) bool {
	if len(k) == 0 || len(k) > 100 {
		return false
	}
	for _, r := range k {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' || r == ':'
		if !ok {
			return false
		}
	}
	return true
}
