// Package notify delivers what the portal announces: the e-mail outbox worker, and later the
// live events.
package notify

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/bigdatacenter/portal/app/mail"
	"github.com/bigdatacenter/portal/app/periodic"
	"github.com/bigdatacenter/portal/app/store"
)

// Sender is what the outbox needs of a mailer (*mail.Sender in production).
type Sender interface {
	Send(ctx context.Context, m mail.Message) error
	Configured() bool
}

// OutboxOptions tune the worker; zero values take the defaults.
type OutboxOptions struct {
	// PollInterval is how often the outbox is checked when nobody calls Kick (5s).
	PollInterval time.Duration
	// BatchSize is how many e-mails one round claims (20).
	BatchSize int
	// MaxAttempts failed deliveries make an e-mail dead (10, about five hours with the default
	// backoff).
	MaxAttempts int
	// Backoff is the wait after the n-th failure (n >= 1): 30s·2^(n-1), at most one hour, plus up
	// to 10% jitter so that processes sharing the database do not retry in step.
	Backoff func(attempt int) time.Duration
	// Lease is how long claimed e-mails stay hidden from other processes (10 min). The worker
	// starts no e-mail in the last quarter of it, so a quarter must exceed smtp.timeout; the
	// processes' clocks must agree to well within it (NTP).
	Lease time.Duration
	// Now is the clock (time.Now); tests move it by hand.
	Now func() time.Time
}

// markTimeout bounds the recording of a delivery's outcome, which runs even during shutdown.
const markTimeout = 10 * time.Second

// Outbox is the worker that hands queued e-mails to the SMTP server, with retries: an outage
// delays mail, it never loses it. Several processes may run one each on the same database.
// Delivery is at least once: an e-mail is sent twice only if the process dies (or the database
// fails) between the server's acceptance and the recording of it.
type Outbox struct {
	db     *store.DB
	sender Sender
	log    *slog.Logger
	opt    OutboxOptions
	kick   chan struct{}
	warned sync.Once
}

// NewOutbox prepares the worker; Run starts it.
func NewOutbox(db *store.DB, sender Sender, log *slog.Logger, opt OutboxOptions) *Outbox {
	if opt.PollInterval <= 0 {
		opt.PollInterval = 5 * time.Second
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = 20
	}
	if opt.MaxAttempts <= 0 {
		opt.MaxAttempts = 10
	}
	if opt.Backoff == nil {
		opt.Backoff = DefaultBackoff
	}
	if opt.Lease <= 0 {
		opt.Lease = 10 * time.Minute
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	return &Outbox{db: db, sender: sender, log: log.With("component", "outbox"), opt: opt, kick: make(chan struct{}, 1)}
}

// DefaultBackoff waits 30s·2^(attempt-1), at most one hour, plus up to 10% jitter.
func DefaultBackoff(attempt int) time.Duration {
	d := time.Hour
	if attempt < 1 {
		attempt = 1
	}
	if attempt <= 7 { // 30s·2^7 is already past the hour
		d = min(30*time.Second<<(attempt-1), time.Hour)
	}
	return d + rand.N(d/10+1)
}

// Kick wakes the worker at once, typically after a commit that queued mail. It never blocks:
// a wake-up already pending covers this one.
func (o *Outbox) Kick() {
	select {
	case o.kick <- struct{}{}:
	default:
	}
}

// Run delivers until ctx is done, then returns after the e-mail in flight (its outcome
// recorded); the rest of the claimed batch is released for the next process.
func (o *Outbox) Run(ctx context.Context) {
	deliver := func() bool {
		// A full batch suggests more is due: go on without waiting for the next tick.
		for ctx.Err() == nil {
			claimed, _, _, err := o.round(ctx)
			if err != nil {
				if ctx.Err() == nil {
					o.log.Error("outbox round failed", "err", err)
				}
				break
			}
			if claimed < o.opt.BatchSize {
				break
			}
		}
		return true
	}
	deliver() // a first round at once: mail may have waited for a restart
	periodic.Run(ctx, o.opt.PollInterval, o.kick, deliver)
}

// RunOnce makes one round: claims the due e-mails (one batch) and tries each once.
func (o *Outbox) RunOnce(ctx context.Context) (sent, failed int, err error) {
	_, sent, failed, err = o.round(ctx)
	return sent, failed, err
}

func (o *Outbox) round(ctx context.Context) (claimed, sent, failed int, err error) {
	if !o.sender.Configured() {
		o.warned.Do(func() {
			o.log.Warn("no SMTP server configured (smtp.host): e-mails wait in the outbox until one is")
		})
		return 0, 0, 0, nil
	}
	start := o.opt.Now()
	batch, err := o.db.ClaimDueEmails(ctx, start, o.opt.BatchSize, o.opt.Lease)
	if err != nil || len(batch) == 0 {
		return 0, 0, 0, err
	}
	// No e-mail starts in the last quarter of the lease: started later, it could still be in
	// flight when another process claims it again (hence Lease/4 > smtp.timeout).
	stopAt := start.Add(o.opt.Lease * 3 / 4)
	for i, e := range batch {
		if ctx.Err() != nil || o.opt.Now().After(stopAt) {
			o.release(ctx, batch[i:])
			break
		}
		if o.deliver(ctx, e) {
			sent++
		} else {
			failed++
		}
	}
	return len(batch), sent, failed, nil
}

// deliver sends e and records the outcome; it reports whether the e-mail went out. Neither the
// sending nor the recording is cut short by ctx: an e-mail half-sent at shutdown would be sent
// again, and a delivery not recorded would be too. Both have their own time limits.
func (o *Outbox) deliver(ctx context.Context, e store.Email) bool {
	ctx = context.WithoutCancel(ctx)
	err := o.sender.Send(ctx, mail.Message{To: e.To, Subject: e.Subject, Text: e.Text, HTML: e.HTML})
	mctx, cancel := context.WithTimeout(ctx, markTimeout)
	defer cancel()
	now := o.opt.Now()
	if err == nil {
		if merr := o.db.MarkEmailSent(mctx, e.ID, now); merr != nil {
			o.log.Error("e-mail sent but not recorded as sent: it may be sent again", "id", e.ID, "err", merr)
		}
		return true
	}
	attempts := e.Attempts + 1
	dead := attempts >= o.opt.MaxAttempts || mail.Permanent(err)
	next := now.Add(o.opt.Backoff(attempts))
	if merr := o.db.MarkEmailFailed(mctx, e.ID, attempts, err.Error(), next, dead, now); merr != nil {
		o.log.Error("recording a failed e-mail", "id", e.ID, "err", merr)
	}
	if dead {
		o.log.Error("e-mail given up", "id", e.ID, "attempts", attempts, "err", err)
	} else {
		o.log.Warn("e-mail not sent, will retry", "id", e.ID, "attempts", attempts, "next", next, "err", err)
	}
	return false
}

// release hands back claimed e-mails not tried, so that they need not wait for the lease's end.
func (o *Outbox) release(ctx context.Context, rest []store.Email) {
	ids := make([]int64, len(rest))
	for i, e := range rest {
		ids[i] = e.ID
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), markTimeout)
	defer cancel()
	if err := o.db.ReleaseEmails(ctx, ids, rest[0].NextAttemptAt, o.opt.Now()); err != nil {
		o.log.Warn("releasing claimed e-mails; they wait for the end of the lease", "count", len(ids), "err", err)
	}
}
